"""Index the documents waiting in the queue now, instead of waiting for an indexing thread."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.models import DirtyDocument


class Command(BaseCommand):
    help = (
        "Index the documents waiting to be indexed (changes whose indexing has not run or "
        "failed), oldest first. search_reindex rebuilds everything instead."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cleared = indexing.index_queue_drain()
        except Exception as error:
            waiting = DirtyDocument.objects.count()
            raise CommandError(
                f"{error}\nNothing was lost: {waiting} queued changes still wait; run "
                "search_drain again when the search engine answers."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Cleared {cleared} queued changes: their documents are indexed.")
        )

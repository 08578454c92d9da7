"""Rebuild the search index from the database, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import services
from search.backends.errors import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (catches up documents whose indexing failed)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            desc="Indexing",
            unit=" documents",
            disable=options["no_progress"],
            file=self.stderr._out,
        ) as bar:
            try:
                done = services.reindex_all(progress=bar)
            except SearchUnavailable as error:
                raise CommandError(
                    f"{error}\nNothing was lost: run search_reindex again when the search "
                    "engine answers."
                ) from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} documents."))

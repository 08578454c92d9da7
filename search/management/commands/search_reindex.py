"""Rebuild the search index from the database, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import services


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
            done = services.reindex_all(progress=bar)
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} documents."))

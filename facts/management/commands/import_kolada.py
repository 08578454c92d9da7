"""Import Kolada key figures into the fact sheets: from Kolada API v2 JSON files, or fetched
from the API (--fetch). Idempotent; reports what it skipped and why."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from facts import kolada


class Command(BaseCommand):
    help = (
        "Import Kolada key figures (API v2 `values` JSON) into each organisation's fact sheet "
        "of the year. Municipalities by kommunkod, regions by 00+länskod, Sweden by 0000."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*", help="Kolada API v2 JSON files to import.")
        parser.add_argument(
            "--fetch",
            nargs="+",
            metavar="KPI",
            help="Fetch these key figures from the Kolada API instead (needs --year).",
        )
        parser.add_argument("--year", type=int, help="The year to fetch (with --fetch).")
        parser.add_argument(
            "--labels",
            help='A Kolada kpi JSON file ({"values": [{"id": ..., "title": ...}]}) naming '
            "the key figures of new facts.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = self._rows(options)
            labels = self._labels(options["labels"]) if options["labels"] else {}
        except (OSError, kolada.KoladaFormatError) as error:
            raise CommandError(str(error)) from error
        with tqdm(
            total=len(rows),
            unit="values",
            desc="Kolada",
            file=self.stderr,
            disable=options["no_progress"],
        ) as bar:
            report = kolada.kolada_values_import(rows=rows, labels=labels, progress=bar.update)
        self.stdout.write(
            f"Kolada: {report.created} figures added, {report.updated} changed, "
            f"{report.unchanged} already up to date, {report.sheets_created} fact sheets "
            f"started, {report.national} figures for Sweden; {len(report.skipped)} skipped."
        )
        for reason, count in sorted(report.skipped_by_reason().items()):
            examples = [s for s in report.skipped if s.reason == reason][:5]
            where = ", ".join(f"{s.kpi} {s.municipality} {s.period}" for s in examples)
            self.stdout.write(f"  skipped ({reason}): {count}, e.g. {where}")

    def _rows(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        if options["fetch"]:
            if not options["year"]:
                raise CommandError("--fetch needs --year, such as --year 2023.")
            return kolada.fetch_values(options["fetch"], options["year"])
        if not options["files"]:
            raise CommandError("Name one or more Kolada JSON files, or use --fetch KPI --year Y.")
        rows: list[dict[str, Any]] = []
        for path in options["files"]:
            rows.extend(kolada.read_file(path))
        return rows

    def _labels(self, path: str) -> dict[str, str]:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
        return {
            str(k["id"]): str(k.get("title", ""))
            for k in kolada.read_values(payload)
            if isinstance(k, dict) and "id" in k
        }

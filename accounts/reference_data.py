"""Load Sweden's counties, regions and municipalities from the CSV files in accounts/data."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    # Codes are text: leading zeros matter (0114 Upplands Väsby).
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(county_model: Any, organisation_model: Any) -> None:
    """Create or update every county, region and municipality; running it twice changes nothing."""
    counties = read_csv("counties.csv")
    for row in counties:
        county_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region_name": row["region_name"]}
        )
        organisation_model.objects.update_or_create(
            kind="region",
            code=row["code"],
            defaults={
                "name": row["region_name"],
                "slug": slugify(row["region_name"]),
                "county_id": row["code"],
            },
        )
    municipalities = read_csv("municipalities.csv")
    # Håbo and Habo share the ASCII slug "habo": names that collide get their code appended.
    base_slugs = Counter(slugify(row["name"]) for row in municipalities)
    for row in municipalities:
        slug = slugify(row["name"])
        if base_slugs[slug] > 1:
            slug = f"{slug}-{row['code']}"
        organisation_model.objects.update_or_create(
            kind="municipality",
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": slug,
                "county_id": row["county_code"],
            },
        )

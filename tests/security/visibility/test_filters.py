"""A filter value (tag, target group) only hidden ideas carry is answered like one that exists
nowhere, on every list, export and page that filters by it (issue 12, finding 9). A new
filtered list or page joins FILTERED."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from tests.security.visibility.checks import Leaks, content
from tests.security.visibility.table import visible
from tests.security.visibility.world import (
    PERSONAS,
    VISIBILITIES,
    World,
    group_slug,
    marker,
    tag_slug,
)

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


UNKNOWN_SLUG = "finns-inte-alls"
#: Lists and pages that filter by a tag or target group (issue 12, finding 9): a value only
#: hidden ideas carry is answered like one that exists nowhere.
FILTERED = [
    ("/api/v1/ideas/", "tag"),
    ("/api/v1/ideas/", "target_group"),
    ("/api/v1/ideas/export.csv", "tag"),
    ("/api/v1/ideas/export.csv", "target_group"),
    ("/api/v1/ideas/export.json", "tag"),
    ("/api/v1/ideas/export.json", "target_group"),
    ("/api/v1/ideas/export.xlsx", "tag"),
    ("/api/v1/ideas/export.xlsx", "target_group"),
    ("/api/v1/test-rounds/", "target_group"),
    ("/api/v1/search/", "target_group"),
    ("/ideer/", "tag"),
    ("/ideer/", "target_group"),
    ("/testa/", "target_group"),
    ("/sok/", "target_group"),
    ("/api/v1/map/municipalities/", "tag"),
    ("/api/v1/map/municipalities/", "target_group"),
    ("/api/v1/map/counties/", "target_group"),
    ("/karta/", "target_group"),
]


def _filter_answer(response: Any, value: str) -> tuple[int, str]:
    """Status and body without the asked value and the per-response CSRF tokens."""
    text = content(response)
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", text)
    text = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1", text)
    return response.status_code, text.replace(value, "<value>")


def _filtered_ids(path: str, response: Any) -> set[int]:
    text = content(response)
    if path.endswith((".csv", ".xlsx")):
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}
    data = json.loads(text)
    return {row["id"] for row in data["ideas" if path.endswith(".json") else "results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_filter_value_of_a_hidden_idea_is_answered_like_an_unknown_one(
    world: World, persona: str
) -> None:
    leaks = Leaks(world)
    client = world.client(persona)
    for path, name in FILTERED:
        unknown = client.get(path, {name: UNKNOWN_SLUG})
        leaks.scan(f"{persona} GET {path}?{name}=<unknown>", persona, unknown)
        leaks.status(f"{persona} GET {path}?{name}=<unknown>", unknown, 200)
        want = _filter_answer(unknown, UNKNOWN_SLUG)
        for v in VISIBILITIES:
            value = tag_slug(v) if name == "tag" else group_slug(v)
            response = client.get(path, {name: value})
            what = f"{persona} GET {path}?{name}={value}"
            leaks.scan(what, persona, response)
            if not visible(persona, f"idea:{v}"):
                if _filter_answer(response, value) != want:
                    leaks.found.append(f"{what}: answered unlike a value that exists nowhere")
                continue
            leaks.status(what, response, 200)
            if path.startswith("/api/v1/ideas/"):
                # The list: the idea; open data: the idea if public.
                public = not path.endswith("/ideas/")
                want_ids = set() if public and v != "public" else {world.id(f"idea:{v}")}
                if _filtered_ids(path, response) != want_ids:
                    leaks.found.append(f"{what}: does not give exactly idea:{v}")
            elif path == "/api/v1/test-rounds/":
                key = f"round-recruiting:{v}"
                if _filtered_ids(path, response) != {world.id(key)}:
                    leaks.found.append(f"{what}: does not give exactly {key}")
            elif path == "/ideer/" and marker(f"idea:{v}") not in content(response):
                leaks.found.append(f"{what}: does not show idea:{v}")
    leaks.report()

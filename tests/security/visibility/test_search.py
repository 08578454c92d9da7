"""Search, suggestions and similar ideas find exactly what each persona may see: hits,
counts and facet counts."""

from __future__ import annotations

import pytest

from tests.security.visibility.checks import Leaks, Reader, hit_key, searchable
from tests.security.visibility.table import (
    OBJECT_KEYS,
    SEARCHABLE_TYPES,
    TYPE_OF_KIND,
    keys_of,
    kind_of,
    visible,
)
from tests.security.visibility.world import PERSONAS, WORD, World, marker

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_finds_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    want = searchable(persona)
    for q in ("", WORD.lower()):
        data = read.json("/api/v1/search/", q=q, page_size=100)
        read.same(f"search {q!r} hits", {hit_key(world, h) for h in data["results"]}, want)
        read.same(f"search {q!r} count", data["count"], len(want))
        by_type = {
            t: sum(1 for k in want if TYPE_OF_KIND[kind_of(k)] == t) for t in SEARCHABLE_TYPES
        }
        read.same(
            f"search {q!r} type facet",
            {f["value"]: f["count"] for f in data["facets"]["type"]},
            {t: n for t, n in by_type.items() if n},
        )
        # Every document carries one value of these facets: their counts add up to the total.
        for facet in ("stage", "organisation", "county", "category"):
            total = sum(f["count"] for f in data["facets"][facet])
            read.same(f"search {q!r} {facet} facet total", total, len(want))
        # The kind is the idea's own: its counts add up to the ideas.
        kind_total = sum(f["count"] for f in data["facets"]["kind"])
        read.same(f"search {q!r} kind facet total", kind_total, by_type["idea"])
        for doc_type, n in by_type.items():
            filtered = read.json("/api/v1/search/", q=q, type=doc_type, page_size=100)
            read.same(f"search {q!r} type={doc_type} count", filtered["count"], n)
    for key in sorted(k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] in SEARCHABLE_TYPES):
        data = read.json("/api/v1/search/", q=marker(key), page_size=100)
        hits = {hit_key(world, h) for h in data["results"]}
        read.same(f"search {marker(key)} finds {key}", key in hits, visible(persona, key))
        read.same(f"search {marker(key)} count", data["count"], len(hits))
        type_total = sum(f["count"] for f in data["facets"]["type"])
        read.same(f"search {marker(key)} type facet total", type_total, len(hits))
        suggested = read.json("/api/v1/search/suggest/", q=marker(key))
        hits = {hit_key(world, h) for h in suggested["results"]}
        read.same(f"suggest {marker(key)} offers {key}", key in hits, visible(persona, key))
    ideas = {k for k in keys_of("idea") if visible(persona, k)}
    for key in ideas:
        similar = read.json(f"/api/v1/ideas/{world.id(key)}/similar/")
        read.same(
            f"similar to {key}", {hit_key(world, h) for h in similar["results"]}, ideas - {key}
        )
    similar = read.json("/api/v1/search/similar/", title=f"{WORD} seniorer", organisation="krokom")
    read.same("similar to a new title", {hit_key(world, h) for h in similar["results"]}, ideas)
    leaks.report()

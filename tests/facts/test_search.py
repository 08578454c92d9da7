"""Fact sheets in search (type `fact`): a public sheet is found by everyone, an
organisation-only sheet only by the organisation's members, in hits and in counts."""

from __future__ import annotations

import pytest

from search import services

pytestmark = pytest.mark.django_db


def keys(user, q: str) -> set[tuple[str, int]]:
    return {(h.type, h.id) for h in services.search_query(user=user, q=q).hits}


def test_fact_sheets_are_found_by_whoever_may_see_them(owner, outsider, public_sheet, hidden_sheet):
    services.reindex_all()
    assert ("fact", public_sheet.pk) in keys(None, "folkhälsotal")
    for user in (None, outsider):
        assert keys(user, "hemlig") == set()
        result = services.search_query(user=user, q="")
        assert {v.value: v.count for v in result.facets["type"]}.get("fact") == 1
    assert keys(owner, "hemlig") == {("fact", hidden_sheet.pk)}
    counts = {v.value: v.count for v in services.search_query(user=owner, q="").facets["type"]}
    assert counts["fact"] == 2


def test_a_changed_sheet_is_reindexed(owner, public_sheet):
    from facts import services as fact_services

    services.reindex_all()
    fact_services.fact_sheet_update(actor=owner, sheet=public_sheet, visibility="organisation")
    from search.indexing import index_queue_drain

    index_queue_drain()
    assert keys(None, "folkhälsotal") == set()
    assert keys(owner, "folkhälsotal") == {("fact", public_sheet.pk)}

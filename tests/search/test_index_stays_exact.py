"""Totals, facet counts and hits stay exact while the index follows edits, stage and
visibility changes, deletions and reused ids: after any sequence of changes, searching gives
what a full rebuild gives.

The SQLite postings are kept per chunk of document ids; the chunks are made four ids small
here so that a dozen ideas spread over several of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from ideas.models import Idea, TargetGroup
from search import services
from search.backends import columnar
from search.models import IndexedDocument
from tests import factories

pytestmark = pytest.mark.django_db

QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    ("", {}),
    ("snöröjning", {}),
    ("bibliotek", {}),
    ("tjänster", {}),
    ("abonnemang", {}),
    ("aldre", {}),
    ('"digital tjänst"', {}),
    ("snöröjning OR bibliotek", {}),
    ("tjänst -snöröjning", {}),
    ("", {"stage": ["launch"]}),
    ("tjänst", {"organisation": ["skelleftea"], "target_group": ["seniorer"]}),
    ("", {"category": ["care", "education"], "kind": ["activity"]}),
]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(columnar, "CHUNK_BITS", 2)
    monkeypatch.setattr(columnar, "CHUNK_SIZE", 4)
    monkeypatch.setattr(columnar, "OFFSET_MASK", 3)
    yield


def snapshot(users: list[Any]) -> list[Any]:
    """Everything a search shows, for every query and persona (hit order aside: ids change in
    a rebuild, and equal scores fall back to them)."""
    seen = []
    for user in users:
        for q, filters in QUERIES:
            result = services.search_query(user=user, q=q, filters=filters, page_size=100)
            seen.append(
                (
                    q,
                    sorted(filters.items()),
                    result.count,
                    sorted((h.type, h.id) for h in result.hits),
                    {k: sorted((v.value, v.count) for v in vs) for k, vs in result.facets.items()},
                )
            )
    return seen


def ids_found(user: Any, q: str, **kwargs: Any) -> set[int]:
    return {h.id for h in services.search_query(user=user, q=q, page_size=100, **kwargs).hits}


def test_changes_leave_the_index_as_a_rebuild_would(
    small_chunks: None,
    owner: User,
    colleague: User,
    outsider: User,
    skelleftea: Any,
    krokom: Any,
) -> None:
    seniors = TargetGroup.objects.create(name="Seniorer", slug="seniorer")
    parents = TargetGroup.objects.create(name="Vårdnadshavare", slug="vardnadshavare")
    ideas: list[Idea] = []
    for i in range(12):
        org, author = (skelleftea, owner) if i % 3 else (krokom, outsider)
        idea = factories.idea(
            organisation=org,
            created_by=author,
            title=["Snöröjning för äldre", "Digital tjänst", "Bibliotek på nätet"][i % 3] + f" {i}",
            summary=["Sophämtningsabonnemang", "Tjänster för aldre", "Hemtjänst"][i % 2],
            body=f"Idé nummer {i} om e-tjänster.",
            stage=["concept", "launch", "user_test"][i % 3],
            category=["care", "education", "safety"][i % 3],
            kind=["service_concept", "activity"][i % 2],
            visibility=["public", "public", "organisation", "draft"][i % 4],
        )
        idea.target_groups.set([[seniors], [parents], [seniors, parents]][i % 3])
        ideas.append(idea)
    services.reindex_all()
    users = [None, owner, colleague, outsider]

    # Edit: a word goes, another comes.
    snow = ideas[9]
    assert snow.pk in ids_found(None, "snöröjning")
    Idea.objects.filter(pk=snow.pk).update(title="Bibliotek för alla", stage="launch")
    assert services.index_objects({"idea": [snow.pk]})
    assert snow.pk not in ids_found(None, "snöröjning")
    assert snow.pk in ids_found(None, "bibliotek", filters={"stage": ["launch"]})

    # Visibility: public -> organisation hides it from the public, in hits and in counts.
    hidden = ideas[1]
    before = services.search_query(user=None, q="").count
    hidden_document = IndexedDocument.objects.get(doc_type="idea", obj_id=hidden.pk).pk
    Idea.objects.filter(pk=hidden.pk).update(visibility="organisation")
    assert services.index_objects({"idea": [hidden.pk]})
    assert services.search_query(user=None, q="").count == before - 1
    assert hidden.pk not in ids_found(None, "")
    assert hidden.pk in ids_found(owner, "")

    # A changed document keeps its id; delete the one with the highest id, then create one:
    # the newcomer takes over that id (ids stay dense on both databases).
    assert IndexedDocument.objects.get(doc_type="idea", obj_id=hidden.pk).pk == hidden_document
    last_document = IndexedDocument.objects.order_by("-pk")[0]
    gone, gone_document = int(last_document.obj_id), last_document.pk
    Idea.objects.filter(pk=gone).delete()
    assert services.index_objects({"idea": [gone]})
    newcomer = factories.idea(
        organisation=krokom, created_by=outsider, title="Trygghetslarm", stage="launch"
    )
    assert services.index_objects({"idea": [newcomer.pk]})
    assert IndexedDocument.objects.get(doc_type="idea", obj_id=newcomer.pk).pk == gone_document
    assert ids_found(None, "trygghetslarm") == {newcomer.pk}
    assert gone not in ids_found(owner, "")
    assert gone not in ids_found(owner, "tjänst")

    # Delete from the middle; a target group change.
    middle = ideas[5].pk
    ideas[5].delete()
    assert services.index_objects({"idea": [middle]})
    assert middle not in ids_found(None, "")
    ideas[4].target_groups.set([])
    assert services.index_objects({"idea": [ideas[4].pk]})

    incremental = snapshot(users)
    services.reindex_all()
    assert snapshot(users) == incremental


def _transaction_open() -> bool:
    raw = connection.connection
    if connection.vendor == "sqlite":
        return bool(raw.in_transaction)
    from psycopg import pq

    return bool(raw.info.transaction_status != pq.TransactionStatus.IDLE)


@pytest.mark.django_db(transaction=True)
def test_search_outside_a_transaction_leaves_none_open(owner: User, skelleftea: Any) -> None:
    factories.idea(organisation=skelleftea, created_by=owner, title="Snöröjning i parken")
    services.reindex_all()
    assert connection.get_autocommit() and not connection.in_atomic_block
    result = services.search_query(user=None, q="snöröjning")
    assert result.count == 1 and result.facets["organisation"][0].value == "skelleftea"
    assert not _transaction_open()


def test_a_batch_that_changes_the_last_document_and_adds_one_gives_each_its_own_id(
    owner: User, skelleftea: Any
) -> None:
    first = factories.idea(organisation=skelleftea, created_by=owner, title="Snöröjning")
    services.reindex_all()
    last = IndexedDocument.objects.get(doc_type="idea", obj_id=first.pk).pk
    Idea.objects.filter(pk=first.pk).update(title="Snöröjning i byarna")
    second = factories.idea(organisation=skelleftea, created_by=owner, title="Bibliotek")
    assert services.index_objects({"idea": [first.pk, second.pk]})
    ids = dict(IndexedDocument.objects.values_list("obj_id", "pk"))
    assert ids[first.pk] == last
    assert ids[second.pk] == last + 1
    assert ids_found(None, "byarna") == {first.pk}
    assert ids_found(None, "bibliotek") == {second.pk}

"""A write answers without waiting for the index, and the index still follows every commit.

These tests commit for real (`transaction=True`) and turn SEARCH_INDEX_IN_BACKGROUND on, so
the process's own indexing thread (search.indexing) does the work while the test goes on, as
in Daphne. The engine is real: the database backend, or an Elasticsearch address where a
socket accepts connections and never answers, so the client waits until its timeout.

They run on PostgreSQL. The SQLite test database lives in shared-cache memory, where a
second connection that touches a table another one is writing fails at once ("database
table is locked") instead of waiting its turn as connections to a SQLite file do; the same
behaviours are tested on a SQLite file, with Daphne processes, in
test_indexing_across_processes.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection

from accounts.models import User
from search import indexing, services
from search.backends.database import DatabaseBackend
from search.models import DirtyDocument
from tests.servers import HangingEngine

# PostgreSQL only, not collected on SQLite (tests/search/conftest.py): concurrent connections
# to SQLite's shared-cache test database fail at once; there, the same behaviours are held by
# test_indexing_across_processes.py with real processes on a database file.
pytestmark = [pytest.mark.django_db(transaction=True)]

#: How long the tests wait for the index to catch up (it takes milliseconds when the engine
#: answers; a hanging engine holds the thread for its 5 s timeout first).
CATCH_UP_SECONDS = 30.0


def eventually(check: Callable[[], bool], what: str, within: float = CATCH_UP_SECONDS) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"after {within:.0f} s still not: {what}"
        time.sleep(0.05)


@pytest.fixture
def empty_index() -> Iterator[None]:
    # The index's own tables outlive the flush after a transactional test: start and end empty.
    DatabaseBackend().clear()
    yield
    DatabaseBackend().clear()


@pytest.fixture
def background(settings, empty_index: None) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.SEARCH_INDEX_IN_BACKGROUND = True
    services._backends.clear()
    yield
    # Before the test's data is flushed: the thread drains once more and ends.
    indexing.index_worker_stop(timeout=30)
    services._backends.clear()


@pytest.fixture
def hanging_engine(settings) -> Iterator[HangingEngine]:  # type: ignore[no-untyped-def]
    """ELASTICSEARCH_URL points at a socket that accepts connections and never answers."""
    engine = HangingEngine().start()
    settings.ELASTICSEARCH_URL = engine.url
    settings.SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    services._backends.clear()
    yield engine
    engine.stop()
    services._backends.clear()


def found(client: Any, q: str) -> list[int]:
    response = client.get("/api/v1/search/", {"q": q, "type": "idea"})
    assert response.status_code == 200, response.content
    return [hit["id"] for hit in response.json()["results"]]


def create(client: Any, title: str) -> int:
    response = client.post(
        "/api/v1/ideas/",
        {"kind": "service_concept", "title": title, "visibility": "public"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_a_write_answers_while_the_engine_hangs_and_is_indexed_once_it_is_back(
    background: None, hanging_engine: HangingEngine, api_as, owner: User, settings
) -> None:  # type: ignore[no-untyped-def]
    client = api_as(owner)
    started = time.monotonic()
    idea_id = create(client, "Snöröjning med app")
    took = time.monotonic() - started
    assert took < 2, f"the write waited {took:.1f} s for the engine"
    # The indexing thread has asked the engine, which keeps it waiting; the change waits in
    # the queue, committed with the write.
    eventually(lambda: len(hanging_engine.accepted) > 0, "the indexing thread asked the engine")
    started = time.monotonic()
    response = client.patch(f"/api/v1/ideas/{idea_id}/", {"title": "Halkbekämpning i backarna"})
    took = time.monotonic() - started
    assert response.status_code == 200, response.content
    assert took < 2, f"the edit waited {took:.1f} s for the engine"
    assert DirtyDocument.objects.filter(doc_type="idea", obj_id=idea_id).count() >= 2

    # The engine is back (the database backend stands in for the recovered cluster: no
    # Elasticsearch runs on this machine). The thread gives up on the hanging request,
    # tries again shortly and indexes the idea as it is now.
    settings.SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    services._backends.clear()
    eventually(lambda: found(client, "halkbekämpning") == [idea_id], "the edit is searchable")
    assert found(client, "snöröjning") == []
    eventually(lambda: not DirtyDocument.objects.exists(), "the queue is empty")


def test_the_index_follows_every_commit_in_the_background(
    background: None, api_as, owner: User, coordinator: User
) -> None:  # type: ignore[no-untyped-def]
    client = api_as(owner)
    kept = create(client, "Snöröjning med app")
    gone = create(client, "Bygglov på nätet")
    eventually(lambda: found(client, "snöröjning") == [kept], "the new idea is searchable")
    eventually(lambda: found(client, "bygglov") == [gone], "the other idea is searchable")
    # Edits back to back: the index ends with the last one.
    titles = ["Läxhjälp på nätet", "Bokbuss till byarna", "Simskola för vuxna"]
    for title in titles:
        assert client.patch(f"/api/v1/ideas/{kept}/", {"title": title}).status_code == 200
    eventually(lambda: found(client, "simskola") == [kept], "the last edit is searchable")
    assert found(client, "läxhjälp") == [] and found(client, "bokbuss") == []
    assert found(client, "snöröjning") == []
    assert api_as(coordinator).delete(f"/api/v1/ideas/{gone}/").status_code == 204
    eventually(lambda: found(client, "bygglov") == [], "the deleted idea is gone from search")
    eventually(lambda: not DirtyDocument.objects.exists(), "the queue is empty")


def test_a_drain_waits_while_another_process_drains(
    empty_index: None, owner: User, skelleftea: Any
) -> None:
    """On PostgreSQL processes take turns with an advisory lock."""
    from ideas import services as idea_services
    from ideas.models import Idea

    idea = idea_services.idea_create(
        actor=owner, organisation=skelleftea, kind="service_concept", title="Snöröjning med app"
    )
    params = connection.settings_dict
    other = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [indexing.DRAIN_LOCK])
        # A change and its queue row, without the drain after commit (which would wait too).
        Idea.objects.filter(pk=idea.pk).update(title="Halkbekämpning")
        indexing.queue_documents({"idea": [idea.pk]})
        with pytest.raises(indexing.DrainBusy):
            indexing.index_queue_drain(wait=0.5)
        assert DirtyDocument.objects.filter(doc_type="idea", obj_id=idea.pk).exists()
        other.execute("SELECT pg_advisory_unlock(%s)", [indexing.DRAIN_LOCK])
        assert indexing.index_queue_drain(wait=0.5) == 1
    finally:
        other.close()
    assert not DirtyDocument.objects.exists()
    assert [h.id for h in services.search_query(user=None, q="halkbekämpning").hits] == [idea.pk]

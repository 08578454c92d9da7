"""Elasticsearch configured but unreachable: writes still succeed, search answers 503 with a
message (the documented choice: no silent fallback to another engine, whose results and
visibility index could be stale), and the documents that could not be indexed wait in the
dirty table until the engine is back, when the next write or `search_reindex` catches up."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command

from search import services
from search.models import DirtyDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_cluster(settings):  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: connections are refused
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    services._backends.clear()
    yield
    services._backends.clear()


def _create(api, owner, title: str):  # type: ignore[no-untyped-def]
    api.force_authenticate(owner)
    return api.post(
        "/api/v1/ideas/",
        {"kind": "service_concept", "title": title, "visibility": "public"},
        format="json",
    )


def test_writes_succeed_and_wait_in_the_dirty_table(
    api, owner, unreachable_cluster, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(api, owner, "Bygglovsansökan")
    assert response.status_code == 201
    assert DirtyDocument.objects.filter(doc_type="idea", obj_id=response.json()["id"]).exists()


def test_search_suggest_and_similar_answer_503_with_a_message(
    api, owner, unreachable_cluster
) -> None:
    for path in ("/api/v1/search/?q=bygglov", "/api/v1/search/suggest/?q=byg"):
        response = api.get(path)
        assert response.status_code == 503, path
        assert response.json()["detail"]


def test_the_search_page_says_search_is_unavailable(client, unreachable_cluster) -> None:
    response = client.get("/sok/", {"q": "bygglov"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert b"<main" in response.content


def test_search_reindex_fails_loudly_while_the_cluster_is_away(owner, unreachable_cluster) -> None:
    with pytest.raises(CommandError, match="Elasticsearch .* failed") as failure:
        call_command("search_reindex", "--no-progress")
    assert "run search_reindex again" in str(failure.value)


def test_once_an_engine_answers_the_waiting_documents_are_indexed(
    api, owner, settings, unreachable_cluster, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        idea_id = _create(api, owner, "Bygglovsansökan").json()["id"]
    assert DirtyDocument.objects.exists()
    # The engine is reachable again (here: the embedded database backend stands in for the
    # recovered cluster — no real Elasticsearch can run on this machine).
    settings.SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    services._backends.clear()
    call_command("search_reindex", "--no-progress")
    assert not DirtyDocument.objects.exists()
    hits = api.get("/api/v1/search/", {"q": "bygglov"}).json()["results"]
    assert [h["id"] for h in hits if h["type"] == "idea"] == [idea_id]

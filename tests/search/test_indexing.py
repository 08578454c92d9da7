"""The index follows every change once it commits, survives indexing failures, and
search_reindex rebuilds it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from ideas import services as idea_services
from ideas.models import Idea
from search import indexing, services
from search.models import DirtyDocument, IndexedDocument
from tests import factories

pytestmark = pytest.mark.django_db


def keys(user: Any = None, q: str = "", **kwargs: Any) -> set[tuple[str, int]]:
    return {
        (h.type, h.id) for h in services.search_query(user=user, q=q, page_size=100, **kwargs).hits
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with committed(): ...` runs the block and then its on-commit callbacks, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def create(owner: User, skelleftea: Any, **fields: Any) -> Idea:
    fields.setdefault("kind", "service_concept")
    fields.setdefault("title", "Snöröjning med app")
    return idea_services.idea_create(actor=owner, organisation=skelleftea, **fields)


def test_created_idea_is_found_only_after_commit(committed, owner: User, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    with committed() as callbacks:
        idea = create(owner, skelleftea, tags=["vinter"])
        assert keys(q="snöröjning") == set()  # nothing before the commit
    assert callbacks
    assert keys(q="snöröjning") == {("idea", idea.pk)}
    assert keys(q="vinter") == {("idea", idea.pk)}


def test_edit_reindexes(committed, owner: User, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea)
    with committed():
        idea_services.idea_update(actor=owner, idea=idea, title="Halkbekämpning")
    assert keys(q="snöröjning") == set()
    assert keys(q="halkbekämpning") == {("idea", idea.pk)}


def test_stage_change_reindexes_facet(committed, owner: User, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea, stage="concept")
    with committed():
        idea_services.idea_change_stage(actor=owner, idea=idea, stage="prototype")
    assert keys(filters={"stage": ["prototype"]}) == {("idea", idea.pk)}
    assert keys(filters={"stage": ["concept"]}) == set()


def test_visibility_change_hides_idea_and_its_prototypes(
    committed, owner: User, skelleftea: Any, outsider: User
) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea)
        prototype = factories.prototype(idea=idea, created_by=owner, label="Snöröjning v1")
    assert keys(q="snöröjning") == {("idea", idea.pk), ("prototype", prototype.pk)}
    with committed():
        idea_services.idea_update(actor=owner, idea=idea, visibility="organisation")
    assert keys(q="snöröjning") == set()
    assert keys(outsider, q="snöröjning") == set()
    assert keys(owner, q="snöröjning") == {("idea", idea.pk), ("prototype", prototype.pk)}


def test_prototype_status_change_reindexes(committed, owner: User, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea)
        prototype = factories.prototype(idea=idea, created_by=owner, status="draft")
    assert ("prototype", prototype.pk) not in keys()
    with committed():
        prototype.status = "open"
        prototype.save()
    assert ("prototype", prototype.pk) in keys()


def test_delete_removes_idea_and_children(
    committed, owner: User, coordinator: User, skelleftea: Any
) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea)
        factories.prototype(idea=idea, created_by=owner)
    with committed():
        idea_services.idea_delete(actor=coordinator, idea=idea)
    assert keys() == set()
    assert IndexedDocument.objects.count() == 0


def test_adoption_updates_adoption_count(
    committed, owner: User, outsider: User, skelleftea: Any
) -> None:  # type: ignore[no-untyped-def]
    with committed():
        idea = create(owner, skelleftea)
        other = create(owner, skelleftea, title="Annat")
    with committed():
        idea_services.adoption_record(actor=outsider, idea=idea, status="adopted")
    row = IndexedDocument.objects.get(doc_type="idea", obj_id=idea.pk)
    assert row.adoption_count == 1
    hits = services.search_query(user=None, ordering="adoptions").hits
    assert [h.id for h in hits] == [idea.pk, other.pk]


def test_rolled_back_change_is_not_indexed(committed, owner: User, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    with committed():
        try:
            with transaction.atomic():
                create(owner, skelleftea, title="Ångrad idé")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert keys(q="ångrad") == set()


def test_failed_indexing_never_breaks_the_write_and_is_caught_up(
    committed, owner: User, skelleftea: Any
) -> None:  # type: ignore[no-untyped-def]
    # A real failure: the access table is missing while the write commits.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_access RENAME TO search_access_away")
    try:
        with committed():
            idea = create(owner, skelleftea)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE search_access_away RENAME TO search_access")
    assert Idea.objects.filter(pk=idea.pk).exists()  # the write stands
    assert DirtyDocument.objects.filter(doc_type="idea", obj_id=idea.pk).exists()
    assert keys(q="snöröjning") == set()
    # The next successful write catches up the earlier failure.
    with committed():
        create(owner, skelleftea, title="Något annat")
    assert keys(q="snöröjning") == {("idea", idea.pk)}
    assert not DirtyDocument.objects.exists()


def test_search_reindex_rebuilds_and_catches_up(owner: User, skelleftea: Any) -> None:
    # No commit here (no callbacks run): the index is empty until the command.
    idea = create(owner, skelleftea)
    DirtyDocument.objects.create(doc_type="idea", obj_id=idea.pk, error="down")
    assert keys(q="snöröjning") == set()
    call_command("search_reindex", "--no-progress")
    assert keys(q="snöröjning") == {("idea", idea.pk)}
    assert not DirtyDocument.objects.exists()
    assert services.get_backend().count() == 1


def test_a_write_queues_its_documents_in_its_own_transaction(owner: User, skelleftea: Any) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        idea = create(owner, skelleftea, title="Ångrad idé")
        assert DirtyDocument.objects.filter(doc_type="idea", obj_id=idea.pk).exists()
        raise RuntimeError("roll back")
    assert not DirtyDocument.objects.filter(doc_type="idea").exists()


def test_a_document_queued_by_many_writes_is_indexed_once_and_leaves_the_queue(
    committed, owner: User, skelleftea: Any
) -> None:  # type: ignore[no-untyped-def]
    idea = create(owner, skelleftea)  # no commit: queued, not indexed
    for title in ("Läxhjälp på nätet", "Bokbuss till byarna", "Simskola för vuxna"):
        idea_services.idea_update(actor=owner, idea=idea, title=title)
    assert DirtyDocument.objects.filter(doc_type="idea", obj_id=idea.pk).count() >= 4
    assert keys(q="simskola") == set()
    waiting = DirtyDocument.objects.count()
    assert indexing.index_queue_drain() == waiting
    assert not DirtyDocument.objects.exists()
    assert keys(q="simskola") == {("idea", idea.pk)}
    assert keys(q="snöröjning") == set() and keys(q="bokbuss") == set()


def test_search_drain_indexes_the_waiting_documents(owner: User, skelleftea: Any) -> None:
    idea = create(owner, skelleftea)  # no commit here: the document only waits in the queue
    assert keys(q="snöröjning") == set()
    waiting = DirtyDocument.objects.count()
    out = StringIO()
    call_command("search_drain", stdout=out)
    assert f"Cleared {waiting} queued changes: their documents are indexed." in out.getvalue()
    assert keys(q="snöröjning") == {("idea", idea.pk)}
    assert not DirtyDocument.objects.exists()


def test_search_drain_fails_loudly_and_keeps_the_queue_while_the_engine_is_away(
    owner: User, skelleftea: Any, settings
) -> None:  # type: ignore[no-untyped-def]
    import socket

    idea = create(owner, skelleftea)
    waiting = DirtyDocument.objects.count()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: connections are refused
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    services._backends.clear()
    try:
        with pytest.raises(
            CommandError, match=f"Nothing was lost: {waiting} queued changes still wait"
        ):
            call_command("search_drain")
    finally:
        services._backends.clear()
    rows = DirtyDocument.objects.filter(doc_type="idea", obj_id=idea.pk)
    assert rows.exists() and all("Elasticsearch" in row.error for row in rows)


@pytest.mark.django_db(transaction=True)
def test_drains_in_one_process_take_turns(owner: User, skelleftea: Any) -> None:
    """While one drain has the turn, another waits for it, then indexes what is left."""
    import threading

    from search.backends.database import DatabaseBackend

    DatabaseBackend().clear()  # the index's own tables outlive a transactional test's flush
    idea = create(owner, skelleftea)  # committed, and indexed right after
    holding, release = threading.Event(), threading.Event()

    def hold_the_turn() -> None:
        with indexing._turn() as mine:
            assert mine
            holding.set()
            release.wait(10)
        connection.close()

    cleared: list[int] = []

    def drain_now() -> None:
        cleared.append(indexing.index_queue_drain())
        connection.close()

    holder = threading.Thread(target=hold_the_turn)
    holder.start()
    try:
        assert holding.wait(10)
        # A change and its queue row, without the drain after commit (which would wait too).
        Idea.objects.filter(pk=idea.pk).update(title="Halkbekämpning")
        indexing.queue_documents({"idea": [idea.pk]})
        drain = threading.Thread(target=drain_now)
        drain.start()
        drain.join(0.5)
        assert drain.is_alive()  # waiting for its turn
        assert DirtyDocument.objects.exists()
    finally:
        release.set()
        holder.join(10)
    drain.join(10)
    assert cleared == [1]
    assert keys(q="halkbekämpning") == {("idea", idea.pk)}
    DatabaseBackend().clear()

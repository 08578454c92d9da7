"""The index follows every change once it commits, survives indexing failures, and
search_reindex rebuilds it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from ideas import services as idea_services
from ideas.models import Idea
from search import services
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

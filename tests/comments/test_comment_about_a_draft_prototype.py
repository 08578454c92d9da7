"""A comment about a draft prototype names it only once it is published: a draft version is
its team's, and one comment payload goes to every reader of the thread (REST and socket)."""

from __future__ import annotations

import pytest

from accounts.models import User
from comments import events
from comments.models import Comment
from ideas.models import Idea
from prototypes.models import Prototype
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_comment_about_a_draft_prototype_does_not_name_it_until_it_is_published(
    api_as, owner: User, citizen: User, outsider: User, public_idea: Idea
) -> None:
    draft = factories.prototype(idea=public_idea, created_by=owner, label="v2", status="draft")
    created = api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/comments/",
        {"body": "Vad tycker ni om v2?", "prototype": draft.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    comment_id = created.json()["id"]
    assert created.json()["prototype"] is None
    for reader in (None, citizen, outsider, owner):
        thread = api_as(reader).get(f"/api/v1/ideas/{public_idea.pk}/comments/").json()
        assert [c["prototype"] for c in thread["results"]] == [None]
        assert api_as(reader).get(f"/api/v1/comments/{comment_id}/").json()["prototype"] is None

    assert events.comment_payload(Comment.objects.get(pk=comment_id))["prototype"] is None

    Prototype.objects.filter(pk=draft.pk).update(status=Prototype.Status.OPEN)
    shown = api_as(citizen).get(f"/api/v1/comments/{comment_id}/").json()
    assert shown["prototype"] == draft.pk

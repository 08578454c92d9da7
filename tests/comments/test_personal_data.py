"""Personal data: the export has the comments, flags and notifications; deleting the
account keeps the comments under the anonymous name."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import User
from comments import moderation, services
from comments.models import Comment
from ideas.models import Follow, Idea
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_export_lists_comments_flags_and_notifications(
    api_as, public_idea: Idea, owner: User, citizen: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    services.comment_create(author=citizen, idea=public_idea, body="Mitt inlägg")
    theirs = services.comment_create(author=owner, idea=public_idea, body="Svar")
    moderation.flag(actor=citizen, target=theirs, reason="Fel")
    data = api_as(citizen).get("/api/v1/me/export/").json()
    assert [c["body"] for c in data["comments"]["comments_written"]] == ["Mitt inlägg"]
    assert data["comments"]["comments_flagged"][0]["reason"] == "Fel"
    assert len(data["notifications"]) == 1


def test_deleting_the_account_keeps_comments_under_the_anonymous_name(
    api_as, public_idea: Idea, owner: User, citizen: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    comment = services.comment_create(
        author=citizen, idea=public_idea, body="Står kvar", client_id=uuid.uuid4()
    )
    services.comment_create(author=owner, idea=public_idea, body="Notis till Cecilia")
    assert api_as(citizen).delete("/api/v1/me/").status_code == 204
    thread = api_as(None).get(f"/api/v1/ideas/{public_idea.pk}/comments/").json()["results"]
    mine = next(c for c in thread if c["id"] == comment.pk)
    assert mine["body"] == "Står kvar"
    assert mine["author"] == "Borttagen användare"
    assert Comment.objects.get(pk=comment.pk).client_id is None
    assert not Notification.objects.filter(recipient=citizen).exists()

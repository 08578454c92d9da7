"""The comment pages refuse (403) exactly whom the services refuse, for every state of a
comment: they ask the same `comments.selectors.require_*` the services ask, so a page never
turns away someone the API lets through, nor shows a form the service would then refuse."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from comments import moderation, services
from comments.models import Comment
from ideas.models import Idea

pytestmark = pytest.mark.django_db

STATES = ("live", "hidden", "deleted")
PERSONAS = ("author", "reader", "moderator")
# Page (under /ideer/<id>/kommentarer/<comment>/) and the API call behind it.
ACTIONS = {
    "edit": ("redigera/", "PATCH", "", {"body": "Ändrad"}),
    "delete": ("radera/", "DELETE", "", None),
    "hide": ("dolj/", "POST", "hide/", {"reason": "Reklam"}),
}


def _comment(idea: Idea, author: User, moderator: User, state: str) -> Comment:
    comment = services.comment_create(author=author, idea=idea, body="Text")
    if state == "hidden":
        moderation.hide(actor=moderator, target=comment, reason="Reklam")
    elif state == "deleted":
        Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now(), body="")
    return comment


def _api_status(user: User, comment: Comment, action: str) -> int:
    _page, method, path, body = ACTIONS[action]
    client = APIClient()
    client.force_authenticate(user)
    response: Any = client.generic(
        method,
        f"/api/v1/comments/{comment.pk}/{path}",
        "" if body is None else json.dumps(body),
        content_type="application/json",
    )
    return int(response.status_code)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_comment_page_refuses_exactly_whom_its_service_refuses(
    public_idea: Idea,
    owner: User,
    citizen: User,
    coordinator: User,
    state: str,
    action: str,
) -> None:
    users = {"author": citizen, "reader": owner, "moderator": coordinator}
    page = ACTIONS[action][0]
    by_page, by_service = {}, {}
    for persona in PERSONAS:
        comment = _comment(public_idea, citizen, coordinator, state)
        client = Client()
        client.force_login(users[persona])
        url = f"/ideer/{public_idea.pk}/kommentarer/{comment.pk}/{page}"
        by_page[persona] = client.get(url).status_code == 403
        by_service[persona] = _api_status(users[persona], comment, action) == 403
    assert by_service["reader"], "a reader who neither wrote nor moderates is refused"
    assert by_page == by_service


def test_the_edit_page_of_a_deleted_comment_shows_the_services_reason(
    public_idea: Idea, citizen: User
) -> None:
    comment = services.comment_create(author=citizen, idea=public_idea, body="Text")
    services.comment_delete(actor=citizen, comment=comment)
    client = Client()
    client.force_login(citizen)
    response = client.post(
        f"/ideer/{public_idea.pk}/kommentarer/{comment.pk}/redigera/", {"body": "Igen"}
    )
    assert response.status_code == 200
    assert "En borttagen kommentar kan inte redigeras." in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "" and comment.deleted

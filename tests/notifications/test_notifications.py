"""Notifications: who gets them (followers, the parent's author, never the actor), the
e-mail in the recipient's language, the list and marking read over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, User
from comments import services
from ideas.models import Follow, Idea
from notifications.models import Notification
from notifications.services import notify
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_idea(owner: User, skelleftea) -> Idea:
    return factories.idea(organisation=skelleftea, created_by=owner, title="Ledighetsansökan")


def test_followers_and_the_parent_author_are_notified_never_the_actor(
    public_idea: Idea,
    owner: User,
    citizen: User,
    colleague: User,
    django_capture_on_commit_callbacks,
) -> None:
    Follow.objects.create(user=colleague, idea=public_idea)
    Follow.objects.create(user=citizen, idea=public_idea)
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_create(author=owner, idea=public_idea, body="Fråga")
    assert set(Notification.objects.values_list("recipient__email", "kind")) == {
        (colleague.email, "comment"),
        (citizen.email, "comment"),
    }
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=citizen, idea=public_idea, body="Svar", parent=top)
    # The parent's author gets a reply notice; the follower who wrote it gets nothing.
    assert set(Notification.objects.values_list("recipient__email", "kind")) == {
        (owner.email, "reply"),
        (colleague.email, "comment"),
    }


def test_email_is_sent_after_commit_in_the_recipients_language(
    public_idea: Idea,
    owner: User,
    citizen: User,
    colleague: User,
    django_capture_on_commit_callbacks,
) -> None:
    colleague.language = "en"
    colleague.save()
    Follow.objects.create(user=colleague, idea=public_idea)
    Follow.objects.create(user=citizen, idea=public_idea)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.comment_create(author=owner, idea=public_idea, body="Vi testar **nu**")
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {colleague.email, citizen.email}
    assert "commented on “Ledighetsansökan”" in by_recipient[colleague.email].subject
    assert "kommenterade ”Ledighetsansökan”" in by_recipient[citizen.email].subject
    assert "/ideer/" in by_recipient[citizen.email].body


def test_follower_who_cannot_see_the_idea_is_not_notified(
    owner: User, outsider: User, skelleftea, django_capture_on_commit_callbacks
) -> None:
    idea = factories.idea(
        organisation=skelleftea, created_by=owner, title="Intern", visibility="organisation"
    )
    Follow.objects.create(user=outsider, idea=idea)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=owner, idea=idea, body="Internt")
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert mail.outbox == []


def test_list_unread_filter_and_mark_read(
    api_as, public_idea: Idea, owner: User, citizen: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    for i in range(3):
        services.comment_create(author=owner, idea=public_idea, body=f"nr {i}")
    client = api_as(citizen)
    data = client.get("/api/v1/me/notifications/").json()
    assert data["count"] == 3
    first = data["results"][0]
    assert first["unread"] is True and first["kind"] == "comment"
    assert first["message"] == "Olga Owner kommenterade ”Ledighetsansökan”"
    response = client.post("/api/v1/me/notifications/read/", {"ids": [first["id"]]}, format="json")
    assert response.json() == {"marked": 1, "unread_count": 2}
    assert client.get("/api/v1/me/notifications/", {"unread": "true"}).json()["count"] == 2
    assert client.get("/api/v1/me/notifications/", {"unread": "false"}).json()["count"] == 1
    assert client.post("/api/v1/me/notifications/read/", {"all": True}, format="json").json() == {
        "marked": 2,
        "unread_count": 0,
    }


def test_bad_input_and_anonymous(
    api, api_as, citizen: User, owner: User, public_idea: Idea
) -> None:
    assert api.get("/api/v1/me/notifications/").status_code == 401
    assert (
        api.post("/api/v1/me/notifications/read/", {"ids": [1]}, format="json").status_code == 401
    )
    client = api_as(citizen)
    assert client.get("/api/v1/me/notifications/", {"unread": "kanske"}).status_code == 400
    assert client.post("/api/v1/me/notifications/read/", {}, format="json").status_code == 400
    bad = client.post("/api/v1/me/notifications/read/", {"ids": ["x"]}, format="json")
    assert bad.status_code == 400


def test_someone_elses_notifications_are_neither_listed_nor_marked(
    api_as, public_idea: Idea, owner: User, citizen: User, outsider: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    services.comment_create(author=owner, idea=public_idea, body="Hej")
    theirs = Notification.objects.get(recipient=citizen)
    response = api_as(outsider).post(
        "/api/v1/me/notifications/read/", {"ids": [theirs.pk]}, format="json"
    )
    assert response.json()["marked"] == 0
    assert api_as(outsider).get("/api/v1/me/notifications/").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_about_an_idea_no_longer_visible_are_left_out(
    api_as, public_idea: Idea, owner: User, citizen: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    services.comment_create(author=owner, idea=public_idea, body="Hej")
    public_idea.visibility = "organisation"
    public_idea.save()
    assert api_as(citizen).get("/api/v1/me/notifications/").json()["count"] == 0


def test_notifications_page_and_unread_count_in_the_header(
    client, public_idea: Idea, owner: User, citizen: User
) -> None:
    Follow.objects.create(user=citizen, idea=public_idea)
    services.comment_create(author=owner, idea=public_idea, body="Hej")
    client.force_login(citizen)
    html = client.get("/").content.decode()
    assert "data-notifications-link" in html and '1<span class="visually-hidden"> olästa' in html
    page = client.get("/mitt-konto/notiser/").content.decode()
    assert "Olga Owner kommenterade" in page
    client.post("/mitt-konto/notiser/last/")
    assert Notification.objects.get(recipient=citizen).read_at is not None
    assert client.get("/mitt-konto/notiser/").status_code == 200


def _followers(idea: Idea, count: int, **kwargs: Any) -> list[User]:
    people = [factories.user(**kwargs) for _ in range(count)]
    Follow.objects.bulk_create([Follow(user=person, idea=idea) for person in people])
    return people


def test_who_may_be_notified_is_one_query_however_many_followers(
    owner: User, skelleftea: Organisation
) -> None:
    # An organisation idea, so that every follower's access is a question of its own.
    idea = factories.idea(
        organisation=skelleftea, created_by=owner, title="Intern", visibility="organisation"
    )

    def queries_to_notify(followers: list[User]) -> int:
        with CaptureQueriesContext(connection) as queries:
            notify(recipients=followers, kind="comment", actor=owner, idea=idea)
        return len(queries)

    few = queries_to_notify(_followers(idea, 2, organisation=skelleftea))
    many = queries_to_notify(_followers(idea, 12, organisation=skelleftea))
    assert many == few, f"{few} queries for 2 followers, {many} for 12"
    assert Notification.objects.filter(idea=idea).count() == 14


def test_members_of_a_co_owning_organisation_are_notified_of_an_organisation_idea(
    owner: User, skelleftea: Organisation, krokom: Organisation
) -> None:
    idea = factories.idea(
        organisation=skelleftea, created_by=owner, title="Delad", visibility="organisation"
    )
    idea.co_organisations.add(krokom)
    (co_owner,) = _followers(idea, 1, organisation=krokom)
    (outsider,) = _followers(idea, 1, organisation=factories.organisation("umea"))
    (resident,) = _followers(idea, 1)
    (gone,) = _followers(idea, 1, organisation=skelleftea, is_active=False)
    services.comment_create(author=owner, idea=idea, body="Till teamet")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {co_owner.pk}
    assert {outsider.pk, resident.pk, gone.pk}.isdisjoint(
        Notification.objects.values_list("recipient", flat=True)
    )

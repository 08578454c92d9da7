"""Beside a comment author's name, what the author is to the idea: platform staff, the idea's
team (a member of the owning or a co-owning organisation, with its role), a member of
another organisation, or a resident — in the REST API, over the socket and on the page, so
a name alone never makes anyone pass for staff or the team. Deleted accounts show nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts import services as account_services
from accounts.models import Membership, Organisation, User
from comments import services
from ideas.models import Idea
from tests import factories
from tests.comments.test_websocket_protocol import connect, receive_type, send

SKELLEFTEA = {"slug": "skelleftea", "name": "Skellefteå"}


@pytest.fixture
def umea(db: None) -> Organisation:
    return factories.organisation("umea")


@pytest.fixture
def co_owned_idea(public_idea: Idea, umea: Organisation) -> Idea:
    public_idea.co_organisations.add(umea)
    return public_idea


@pytest.fixture
def authors(
    co_owned_idea: Idea,
    owner: User,
    coordinator: User,
    outsider: User,
    staff: User,
    citizen: User,
    umea: Organisation,
    krokom: Organisation,
) -> dict[str, User]:
    """One of each standing; the name says what the page must show."""
    co_owner = factories.user(email="co@umea.example", organisation=umea, display_name="Ulla")
    both = factories.user(email="both@krokom.example", organisation=krokom, display_name="Bo")
    Membership.objects.create(
        user=both, organisation=co_owned_idea.organisation, role=Membership.Role.ADMIN
    )
    leaver = factories.user(email="leaver@skelleftea.example", display_name="Lena")
    Membership.objects.create(user=leaver, organisation=co_owned_idea.organisation)
    return {
        "team member": owner,
        "team coordinator": coordinator,
        "co-owner": co_owner,
        "member of owner and another": both,
        "member of another organisation": outsider,
        "staff": staff,
        "resident": citizen,
        "deleted": leaver,
    }


EXPECTED: dict[str, tuple[str | None, dict[str, str] | None]] = {
    "team member": ("team", {**SKELLEFTEA, "role": "member"}),
    "team coordinator": ("team", {**SKELLEFTEA, "role": "coordinator"}),
    "co-owner": ("team", {"slug": "umea", "name": "Umeå", "role": "member"}),
    "member of owner and another": ("team", {**SKELLEFTEA, "role": "admin"}),
    "member of another organisation": (
        "member",
        {"slug": "krokom", "name": "Krokom", "role": "member"},
    ),
    "staff": ("staff", None),
    "resident": ("resident", None),
    "deleted": (None, None),
}


def comment_by_each(idea: Idea, authors: dict[str, User]) -> dict[str, int]:
    ids = {
        who: services.comment_create(author=user, idea=idea, body=f"Från {who}").pk
        for who, user in authors.items()
    }
    account_services.user_delete(user=authors["deleted"])
    return ids


@pytest.mark.django_db
def test_comment_list_says_what_each_author_is_to_the_idea(
    api, co_owned_idea: Idea, authors: dict[str, User], settings
) -> None:
    settings.COMMENT_RATE_LIMIT = "1000/60"
    ids = comment_by_each(co_owned_idea, authors)
    rows = {
        c["id"]: c for c in api.get(f"/api/v1/ideas/{co_owned_idea.pk}/comments/").json()["results"]
    }
    for who, (role, organisation) in EXPECTED.items():
        row = rows[ids[who]]
        assert (row["author_role"], row["author_organisation"]) == (role, organisation), who
    assert rows[ids["deleted"]]["author"] == "Borttagen användare"
    assert "@" not in json.dumps(list(rows.values()))  # no e-mail address goes out


@pytest.mark.django_db
def test_one_comment_and_a_created_comment_carry_the_standing(
    api_as, co_owned_idea: Idea, coordinator: User
) -> None:
    created = api_as(coordinator).post(
        f"/api/v1/ideas/{co_owned_idea.pk}/comments/", {"body": "Vi tittar på det"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["author_role"] == "team"
    assert created.json()["author_organisation"] == {**SKELLEFTEA, "role": "coordinator"}
    one = api_as(None).get(f"/api/v1/comments/{created.json()['id']}/").json()
    assert (one["author_role"], one["author_organisation"]) == (
        "team",
        {**SKELLEFTEA, "role": "coordinator"},
    )


@pytest.mark.django_db
def test_standing_follows_the_membership_now_not_when_written(
    api, co_owned_idea: Idea, outsider: User, krokom: Organisation
) -> None:
    comment = services.comment_create(author=outsider, idea=co_owned_idea, body="Hej")
    co_owned_idea.co_organisations.add(krokom)
    row = api.get(f"/api/v1/comments/{comment.pk}/").json()
    assert row["author_role"] == "team"
    Membership.objects.filter(user=outsider).delete()
    row = api.get(f"/api/v1/comments/{comment.pk}/").json()
    assert (row["author_role"], row["author_organisation"]) == ("resident", None)


@pytest.mark.django_db
def test_idea_page_shows_the_standing_beside_each_name(
    co_owned_idea: Idea, authors: dict[str, User], settings
) -> None:
    settings.COMMENT_RATE_LIMIT = "1000/60"
    ids = comment_by_each(co_owned_idea, authors)
    html = Client().get(co_owned_idea.get_absolute_url()).content.decode()

    def meta(who: str) -> str:
        start = html.index(f'id="comment-{ids[who]}-author"')
        return html[start : html.index("</p>", start)]

    assert "Skellefteå, medlem (idéns team)" in meta("team member")
    assert "Skellefteå, samordnare (idéns team)" in meta("team coordinator")
    assert "Umeå, medlem (idéns team)" in meta("co-owner")
    assert "Skellefteå, administratör (idéns team)" in meta("member of owner and another")
    assert "Krokom, medlem" in meta("member of another organisation")
    assert "idéns team" not in meta("member of another organisation")
    assert "Personal på Delahub" in meta("staff")
    assert "Invånare" in meta("resident")
    assert 'class="author-role' not in meta("deleted")
    # The article's accessible name is the name and the standing together.
    comment = ids["team coordinator"]
    assert f'aria-labelledby="comment-{comment}-author comment-{comment}-role"' in html


@pytest.mark.django_db(transaction=True)
async def test_socket_events_carry_the_standing(
    co_owned_idea: Idea, coordinator: User, outsider: User, staff: User, citizen: User
) -> None:
    listener = await connect(co_owned_idea)
    seen: dict[int, Any] = {}
    for author in (coordinator, outsider, staff, citizen):
        comment = await sync_to_async(services.comment_create)(
            author=author, idea=co_owned_idea, body="Hej"
        )
        message = await receive_type(listener, "comment.created")
        assert message["comment"]["id"] == comment.pk
        seen[author.pk] = (
            message["comment"]["author_role"],
            message["comment"]["author_organisation"],
        )
    assert seen == {
        coordinator.pk: ("team", {**SKELLEFTEA, "role": "coordinator"}),
        outsider.pk: ("member", {"slug": "krokom", "name": "Krokom", "role": "member"}),
        staff.pk: ("staff", None),
        citizen.pk: ("resident", None),
    }
    await listener.disconnect()
    # What `resume` replays on a new connection, and the acknowledgement of a comment sent
    # over the socket.
    returning = await connect(co_owned_idea)
    await send(returning, {"type": "resume", "after": 0})
    replayed = await receive_type(returning, "comment.created")
    assert replayed["comment"]["author_role"] == "team"
    await returning.disconnect()
    writer = await connect(co_owned_idea, outsider)
    await send(
        writer,
        {"type": "comment.create", "body": "Via socket", "client_id": str(uuid.uuid4())},
    )
    ack = await receive_type(writer, "comment.ack", skip=("presence", "comment.created"))
    assert ack["comment"]["author_role"] == "member"
    assert ack["comment"]["author_organisation"]["slug"] == "krokom"
    await writer.disconnect()

"""A citizen proposal's thread is live over `/ws/proposals/{id}/comments/`: the idea
thread's protocol (DESIGN.md's table) on the proposal's own group, with the proposal's
visibility rule. WebsocketCommunicator against the ASGI app, on the layer of the pass
(in-memory on SQLite, channels-redis on PostgreSQL + Redis)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from comments import moderation
from comments.models import Comment
from hub.asgi import application
from proposals import services as proposal_services
from proposals.models import Proposal
from tests import factories
from tests.comments.test_websocket_protocol import (
    create,
    nothing_but_presence,
    receive_type,
    send,
    session_cookie,
)

# Sequences start at 1 in every test, so an idea and a proposal can share an id.
pytestmark = [pytest.mark.django_db(transaction=True, reset_sequences=True)]


def _proposal(author: User, organisation: Organisation, title: str) -> Proposal:
    return proposal_services.proposal_create(
        author=author, organisation=organisation, title=title, body="Text"
    )


@pytest.fixture
def proposal(citizen: User, skelleftea: Organisation) -> Proposal:
    return _proposal(citizen, skelleftea, "Belysning längs cykelvägen")


async def _socket(proposal_id: int, user: User | None = None) -> tuple[bool, Any]:
    headers = await sync_to_async(session_cookie)(user)
    socket = WebsocketCommunicator(
        application, f"/ws/proposals/{proposal_id}/comments/", headers=headers
    )
    connected, code = await socket.connect()
    return connected, socket if connected else code


async def connect(proposal: Proposal, user: User | None = None) -> WebsocketCommunicator:
    connected, socket = await _socket(proposal.pk, user)
    assert connected, "the socket was refused"
    return socket


async def refused(proposal_id: int, user: User | None = None) -> bool:
    connected, socket = await _socket(proposal_id, user)
    if connected:
        await socket.disconnect()
    return not connected


async def closed_with(socket: WebsocketCommunicator) -> int:
    """The close code the server sends next (skipping whatever comes before it)."""
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=3)
    return int(output["code"])


def _post_over_rest(user: User, proposal: Proposal, body: str) -> dict[str, Any]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


async def test_comment_posted_over_rest_reaches_the_proposals_sockets_and_no_other_thread(
    proposal: Proposal, citizen: User, owner: User, skelleftea: Organisation
) -> None:
    other = await sync_to_async(_proposal)(citizen, skelleftea, "Fler bänkar i parken")
    idea = await sync_to_async(factories.idea)(organisation=skelleftea, created_by=owner)
    assert idea.pk == proposal.pk, "the idea must share the proposal's id"
    idea_socket = WebsocketCommunicator(
        application,
        f"/ws/ideas/{idea.pk}/comments/",
        headers=await sync_to_async(session_cookie)(None),
    )
    assert (await idea_socket.connect())[0]
    anonymous = await connect(proposal)
    municipality = await connect(proposal, owner)
    other_socket = await connect(other)

    posted = await sync_to_async(_post_over_rest)(owner, proposal, "Vi tittar på **det**")

    for socket in (anonymous, municipality):
        message = await receive_type(socket, "comment.created")
        assert message["comment"]["id"] == posted["id"]
        assert message["comment"]["proposal"] == proposal.pk
        assert message["comment"]["idea"] is None
        assert "<strong>det</strong>" in message["comment"]["body_html"]
    for socket in (other_socket, idea_socket):
        await nothing_but_presence(socket)
    for socket in (anonymous, municipality, other_socket, idea_socket):
        await socket.disconnect()


async def test_comment_create_over_the_socket_is_acknowledged_and_stored_on_the_proposal(
    proposal: Proposal, citizen: User
) -> None:
    socket = await connect(proposal, citizen)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "Via socket", "client_id": client_id})
    ack = await receive_type(socket, "comment.ack")
    assert ack["client_id"] == client_id and ack["comment"]["proposal"] == proposal.pk
    created = await receive_type(socket, "comment.created")
    assert created["comment"]["id"] == ack["comment"]["id"]
    # A retry with the same client_id is acknowledged again and never stored twice.
    await send(socket, {"type": "comment.create", "body": "Via socket", "client_id": client_id})
    assert (await receive_type(socket, "comment.ack"))["comment"]["id"] == ack["comment"]["id"]
    await nothing_but_presence(socket)
    stored = await Comment.objects.aget(pk=ack["comment"]["id"])
    assert stored.proposal_id == proposal.pk and stored.idea_id is None
    assert stored.body == "Via socket" and str(stored.client_id) == client_id
    await socket.disconnect()


async def test_reply_and_a_prototype_over_the_proposals_socket(
    proposal: Proposal, citizen: User, owner: User
) -> None:
    top = await create(author=owner, proposal=proposal, body="Fråga")
    socket = await connect(proposal, citizen)
    await send(
        socket,
        {
            "type": "comment.create",
            "body": "Svar",
            "parent": top.pk,
            "client_id": str(uuid.uuid4()),
        },
    )
    assert (await receive_type(socket, "comment.ack"))["comment"]["parent"] == top.pk
    client_id = str(uuid.uuid4())
    await send(
        socket, {"type": "comment.create", "body": "x", "prototype": 1, "client_id": client_id}
    )
    error = await receive_type(socket, "error", skip=("presence", "comment.created"))
    assert error["code"] == "invalid" and error["client_id"] == client_id
    assert await Comment.objects.filter(proposal=proposal).acount() == 2
    await socket.disconnect()


async def test_resume_replays_the_proposals_comments_after_the_last_seen_once_each(
    proposal: Proposal, citizen: User, owner: User, skelleftea: Organisation
) -> None:
    first = await create(author=owner, proposal=proposal, body="ett")
    later = [await create(author=citizen, proposal=proposal, body=f"nr {i}") for i in range(3)]
    # Another thread's comments (an idea's, a proposal's) are not this thread's.
    idea = await sync_to_async(factories.idea)(organisation=skelleftea, created_by=owner)
    await create(author=owner, idea=idea, body="idéns")
    socket = await connect(proposal, citizen)
    await send(socket, {"type": "resume", "after": first.pk})
    replayed = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in later]
    assert replayed == [c.pk for c in later]
    await send(socket, {"type": "resume", "after": 0})
    assert (await receive_type(socket, "comment.created"))["comment"]["id"] == first.pk
    await nothing_but_presence(socket)
    await socket.disconnect()


async def test_presence_counts_the_proposals_viewers(proposal: Proposal, citizen: User) -> None:
    first = await connect(proposal)
    assert await receive_type(first, "presence") == {"type": "presence", "viewers": 1}
    second = await connect(proposal, citizen)
    assert (await receive_type(second, "presence"))["viewers"] == 2
    await second.disconnect()
    await first.disconnect()


async def test_anonymous_reader_listens_to_a_public_proposal_but_cannot_write(
    proposal: Proposal,
) -> None:
    socket = await connect(proposal)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "anonym", "client_id": client_id})
    error = await receive_type(socket, "error")
    assert error["code"] == "not_allowed" and error["client_id"] == client_id
    assert error["detail"]
    assert await Comment.objects.acount() == 0
    await socket.disconnect()


async def test_socket_of_a_hidden_proposal_is_refused_to_whoever_may_not_see_it(
    proposal: Proposal, citizen: User, outsider: User, owner: User, staff: User
) -> None:
    await sync_to_async(moderation.hide)(actor=staff, target=proposal, reason="Personuppgifter")
    for user in (None, outsider):
        assert await refused(proposal.pk, user)
    # The proposer, the municipality's members and staff still see it, and listen.
    for user in (citizen, owner, staff):
        socket = await connect(proposal, user)
        await socket.disconnect()


async def test_missing_proposal_is_refused_like_a_hidden_one(citizen: User) -> None:
    assert await refused(999_999, citizen)


async def test_hiding_the_proposal_closes_the_sockets_of_who_lost_access(
    proposal: Proposal, citizen: User, outsider: User, coordinator: User
) -> None:
    outsider_socket = await connect(proposal, outsider)
    anonymous = await connect(proposal)
    proposer = await connect(proposal, citizen)
    await sync_to_async(moderation.hide)(
        actor=coordinator, target=proposal, reason="Personuppgifter"
    )
    assert await closed_with(outsider_socket) == 4404
    assert await closed_with(anonymous) == 4404
    # The proposer stays and keeps receiving the thread.
    comment = await create(author=coordinator, proposal=proposal, body="Vi har dolt den")
    assert (await receive_type(proposer, "comment.created"))["comment"]["id"] == comment.pk
    await proposer.disconnect()


async def test_withdrawing_the_proposal_closes_the_sockets_of_who_lost_access(
    proposal: Proposal, citizen: User, owner: User
) -> None:
    anonymous = await connect(proposal)
    member = await connect(proposal, owner)
    await sync_to_async(proposal_services.proposal_withdraw)(actor=citizen, proposal=proposal)
    assert await closed_with(anonymous) == 4404
    comment = await create(author=citizen, proposal=proposal, body="Jag drog tillbaka den")
    assert (await receive_type(member, "comment.created"))["comment"]["id"] == comment.pk
    await member.disconnect()


async def test_an_event_of_a_hidden_proposal_is_not_sent_to_who_lost_access(
    proposal: Proposal, citizen: User, outsider: User, staff: User
) -> None:
    """Checked again before each event that is not public, even without a recheck: the
    proposal is hidden with the ORM (no signal names the change) and a comment follows."""
    socket = await connect(proposal, outsider)
    await Proposal.objects.filter(pk=proposal.pk).aupdate(hidden_at=proposal.created_at)
    await create(author=citizen, proposal=proposal, body="hemligt")
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        assert "hemligt" not in output.get("text", "")
        output = await socket.receive_output(timeout=3)
    assert output["code"] == 4404


def test_proposal_page_thread_joins_the_proposals_socket(
    client: Any, proposal: Proposal, citizen: User
) -> None:
    client.force_login(citizen)
    page = client.get(f"/forslag/{proposal.pk}/").content.decode()
    assert "data-comment-thread" in page
    assert f'data-ws-path="/ws/proposals/{proposal.pk}/comments/"' in page
    assert "frontend/js/comments" in page and "frontend/js/comment-draft" in page
    # Without JavaScript the form still posts to the proposal's thread as a page.
    assert f'action="/forslag/{proposal.pk}/kommentarer/' in page

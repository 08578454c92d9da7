"""New contributions reach the open dialogue's page over the live comment threads' socket
protocol (WebsocketCommunicator against the ASGI app, with the channel layer the run chose:
in-memory on SQLite, channels-redis with Redis)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import Membership, User
from dialogues import services
from dialogues.models import Dialogue
from hub.asgi import application
from tests import factories
from tests.comments.test_websocket_protocol import session_cookie
from tests.dialogues.conftest import FOLLINGE

pytestmark = [pytest.mark.django_db(transaction=True)]


async def _open(dialogue: Dialogue, user: User | None = None) -> WebsocketCommunicator:
    headers = await sync_to_async(session_cookie)(user)
    socket = WebsocketCommunicator(
        application, f"/ws/dialogues/{dialogue.pk}/contributions/", headers=headers
    )
    connected, _ = await socket.connect()
    assert connected, "the socket was refused"
    return socket


async def _receive(socket: WebsocketCommunicator) -> dict[str, Any]:
    return json.loads(await socket.receive_from(timeout=3))


def _contribute(dialogue: Dialogue, author: User, **fields: Any) -> Any:
    return sync_to_async(services.contribution_create)(
        author=author, dialogue=dialogue, answers=["Tystnaden", ""], consent=True, **fields
    )


@pytest.fixture
def live_world(db: None) -> dict[str, Any]:
    krokom = factories.organisation("krokom")
    team = factories.user(organisation=krokom)
    resident = factories.user(display_name="Anna Andersson")
    return {
        "krokom": krokom,
        "team": team,
        "resident": resident,
        "open": factories.dialogue(organisation=krokom, created_by=team),
        "draft": factories.dialogue(organisation=krokom, created_by=team, status="draft"),
    }


async def test_a_new_contribution_reaches_anonymous_and_team_sockets_with_their_views(
    live_world: dict[str, Any],
) -> None:
    dialogue = live_world["open"]
    public = await _open(dialogue)
    team = await _open(dialogue, live_world["team"])
    created = await _contribute(dialogue, live_world["resident"], point=FOLLINGE)
    seen = await _receive(public)
    assert seen["type"] == "contribution.created"
    assert seen["contribution"]["id"] == created.pk
    assert seen["contribution"]["point"] != list(FOLLINGE)
    assert "exact_point" not in seen["contribution"]
    assert "Anna" not in json.dumps(seen)
    team_seen = await _receive(team)
    assert team_seen["contribution"]["exact_point"] == list(FOLLINGE)
    assert team_seen["contribution"]["pseudonym"] in ("Participant 1", "Deltagare 1")
    await public.disconnect()
    await team.disconnect()


async def test_resume_replays_what_the_socket_missed_once(live_world: dict[str, Any]) -> None:
    dialogue = live_world["open"]
    first = await _contribute(dialogue, live_world["resident"], area="Offerdal")
    second = await _contribute(dialogue, live_world["resident"], area="Offerdal")
    socket = await _open(dialogue)
    await socket.send_to(text_data=json.dumps({"type": "resume", "after": first.pk}))
    replayed = await _receive(socket)
    assert replayed["contribution"]["id"] == second.pk
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_draft_refuses_sockets_outside_its_team(live_world: dict[str, Any]) -> None:
    draft = live_world["draft"]
    for user in (None, live_world["resident"]):
        headers = await sync_to_async(session_cookie)(user)
        socket = WebsocketCommunicator(
            application, f"/ws/dialogues/{draft.pk}/contributions/", headers=headers
        )
        connected, _ = await socket.connect()
        assert not connected
    team = await _open(draft, live_world["team"])
    await team.disconnect()


async def test_a_team_socket_on_a_draft_closes_with_4404_when_membership_ends(
    live_world: dict[str, Any],
) -> None:
    draft = live_world["draft"]
    member = live_world["team"]
    socket = await _open(draft, member)
    await sync_to_async(Membership.objects.filter(user=member).delete)()
    # A recheck reaches the person's sockets when memberships change (comments.signals).
    output = await socket.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": 4404}


async def test_the_socket_only_listens(live_world: dict[str, Any]) -> None:
    socket = await _open(live_world["open"], live_world["resident"])
    await socket.send_to(text_data=json.dumps({"type": "comment.create", "body": "x"}))
    answer = await _receive(socket)
    assert answer["type"] == "error"
    assert answer["code"] == "unknown_type"
    await socket.disconnect()

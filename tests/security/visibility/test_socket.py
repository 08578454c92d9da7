"""The live comment sockets (an idea's thread, a citizen proposal's) open exactly the threads
each persona may see, and what they send on resume names nothing hidden."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections, transaction
from django.test import override_settings

from comments import moderation
from comments import services as comment_services
from hub.asgi import application
from proposals import services as proposal_services
from proposals.models import Proposal
from tests.security.visibility.checks import Leaks
from tests.security.visibility.table import keys_of, visible
from tests.security.visibility.test_proposals import TABLE as PROPOSAL_TABLE
from tests.security.visibility.world import MISSING_ID, PERSONAS, World, marker

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


ORIGIN = (b"origin", b"http://localhost")


async def _socket_answers(world: World, persona: str) -> dict[str | None, Any]:
    headers = [ORIGIN]
    if persona in world.session_keys:
        headers.append((b"cookie", f"sessionid={world.session_keys[persona]}".encode()))
    answers: dict[str | None, Any] = {}
    for key in [*keys_of("idea"), None]:
        idea_id = world.id(key) if key else MISSING_ID
        socket = WebsocketCommunicator(
            application, f"/ws/ideas/{idea_id}/comments/", headers=headers
        )
        connected, _code = await socket.connect(timeout=5)
        messages: list[dict[str, Any]] = []
        if connected:
            await socket.send_json_to({"type": "resume", "after": 0})
            while not messages or messages[-1]["type"] != "comment.created":
                messages.append(await socket.receive_json_from(timeout=5))
            await socket.disconnect()
        answers[key] = (connected, messages)
    return answers


@pytest.mark.parametrize("persona", PERSONAS)
async def test_comment_socket_opens_exactly_the_threads_the_persona_may_see(
    world: World, persona: str
) -> None:
    # The consumer reads the database on a thread of its own (database_sync_to_async), with a
    # connection of its own: it sees the committed world, as a Daphne process would.
    answers = await _socket_answers(world, persona)
    # That thread keeps its connection open otherwise, and PostgreSQL then refuses to drop the
    # test database at the end of the run ("being accessed by other users").
    await database_sync_to_async(connections.close_all)()
    leaks = Leaks(world)
    connected, _messages = answers[None]
    if connected:
        leaks.found.append(f"{persona}: the socket of a missing idea opened")
    for key in keys_of("idea"):
        connected, messages = answers[key]
        if connected != visible(persona, key):
            leaks.found.append(f"{persona}: socket of {key} {'opened' if connected else 'refused'}")
        if not connected:
            continue
        text = json.dumps(messages)
        for hidden in leaks.hidden_keys(persona):
            if marker(hidden) in text:
                leaks.found.append(f"{persona} socket of {key}: shows hidden {hidden}")
        leaks.references(f"{persona} socket of {key}", persona, messages)
        comment = messages[-1]["comment"]
        comment_key = key.replace("idea:", "comment:")
        if comment["id"] != world.id(comment_key) or marker(comment_key) not in comment["body"]:
            leaks.found.append(f"{persona} socket of {key}: resume sent {comment}")
    leaks.report()


# --- A citizen proposal's thread: /ws/proposals/{id}/comments/ ---------------------------

PROPOSAL_STATES = ("public", "hidden", "withdrawn")


def proposal_marker(state: str) -> str:
    return f"mkproposalthread{state}"


@pytest.fixture(scope="module")
def proposal_threads(world: World, django_db_blocker: Any) -> Iterator[dict[str, Proposal]]:
    """A public, a hidden and a withdrawn proposal by the citizen persona, each with a comment
    naming its marker: committed (the consumer reads on a connection of its own) and deleted
    again after this module, before the world goes."""
    citizen, staff = world.users["citizen"], world.users["staff"]
    assert citizen is not None and staff is not None
    with (
        django_db_blocker.unblock(),
        override_settings(PROPOSAL_RATE_LIMIT="0/d", COMMENT_RATE_LIMIT="0/d"),
    ):
        with transaction.atomic():
            threads = {}
            for state in PROPOSAL_STATES:
                proposal = proposal_services.proposal_create(
                    author=citizen,
                    organisation=world.skelleftea,
                    title=f"Förslag {proposal_marker(state)}",
                    body="Text",
                )
                comment_services.comment_create(
                    author=staff, proposal=proposal, body=f"Kommentar {proposal_marker(state)}"
                )
                threads[state] = proposal
            moderation.hide(actor=staff, target=threads["hidden"], reason="Personuppgifter")
            proposal_services.proposal_withdraw(actor=citizen, proposal=threads["withdrawn"])
        try:
            yield threads
        finally:
            Proposal.objects.filter(pk__in=[p.pk for p in threads.values()]).delete()


async def _proposal_socket_answers(
    world: World, persona: str, threads: dict[str, Proposal]
) -> dict[str | None, Any]:
    headers = [ORIGIN]
    if persona in world.session_keys:
        headers.append((b"cookie", f"sessionid={world.session_keys[persona]}".encode()))
    answers: dict[str | None, Any] = {}
    for state in [*PROPOSAL_STATES, None]:
        proposal_id = threads[state].pk if state else MISSING_ID
        socket = WebsocketCommunicator(
            application, f"/ws/proposals/{proposal_id}/comments/", headers=headers
        )
        connected, _code = await socket.connect(timeout=5)
        messages: list[dict[str, Any]] = []
        if connected:
            await socket.send_json_to({"type": "resume", "after": 0})
            while not messages or messages[-1]["type"] != "comment.created":
                messages.append(await socket.receive_json_from(timeout=5))
            await socket.disconnect()
        answers[state] = (connected, messages)
    return answers


@pytest.mark.parametrize("persona", PERSONAS)
async def test_proposal_socket_opens_exactly_the_threads_the_persona_may_see(
    world: World, persona: str, proposal_threads: dict[str, Proposal]
) -> None:
    answers = await _proposal_socket_answers(world, persona, proposal_threads)
    await database_sync_to_async(connections.close_all)()
    leaks = Leaks(world)
    sees_hidden = PROPOSAL_TABLE[persona][0]
    connected, _messages = answers[None]
    if connected:
        leaks.found.append(f"{persona}: the socket of a missing proposal opened")
    hidden_states = [] if sees_hidden else ["hidden", "withdrawn"]
    for state in PROPOSAL_STATES:
        connected, messages = answers[state]
        if connected != (state not in hidden_states):
            leaks.found.append(
                f"{persona}: socket of the {state} proposal {'opened' if connected else 'refused'}"
            )
        if not connected:
            continue
        text = json.dumps(messages)
        words = [proposal_marker(h) for h in hidden_states]
        words += [marker(key) for key in leaks.hidden_keys(persona)]
        for word in words:
            if word in text:
                leaks.found.append(f"{persona} socket of the {state} proposal: shows {word}")
        comment = messages[-1]["comment"]
        ours = proposal_marker(state) in comment["body"]
        if comment["proposal"] != proposal_threads[state].pk or not ours:
            leaks.found.append(f"{persona} socket of the {state} proposal: resume sent {comment}")
    leaks.report()

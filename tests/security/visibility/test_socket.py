"""The live comment socket opens exactly the threads each persona may see, and what it sends
on resume names nothing hidden."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from hub.asgi import application
from tests.security.visibility.checks import Leaks
from tests.security.visibility.table import keys_of, visible
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

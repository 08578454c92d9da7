"""A crowded thread does not hold up the rest of its process: the relay hands an event to
at most `Relay.BATCH` sockets per turn of the event loop, so between batches the loop writes
what was handed and runs what waits; and the writer of a comment is acknowledged first
(it used to wait until every listener's copy was queued). WebsocketCommunicator against the
ASGI app, on the layer of the pass."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from accounts.models import User
from comments import events
from comments.relay import Relay
from ideas.models import Idea
from tests.comments.test_websocket_protocol import connect, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True)]

LISTENERS = 30
BATCH = 7


def got_comment(socket: WebsocketCommunicator) -> bool:
    """Whether the server has sent the socket a comment.created so far; reads what is queued
    without waiting, so nothing else runs meanwhile."""
    found = False
    while not socket.output_queue.empty():
        message = socket.output_queue.get_nowait()
        found |= json.loads(message["text"])["type"] == "comment.created"
    return found


async def test_a_broadcast_reaches_a_batch_of_sockets_per_turn_of_the_event_loop(
    public_idea: Idea, monkeypatch: Any
) -> None:
    monkeypatch.setattr(Relay, "BATCH", BATCH)
    listeners = [await connect(public_idea) for _ in range(LISTENERS)]
    await asyncio.sleep(1.5)  # the joins' presence counts
    for socket in listeners:
        got_comment(socket)
    event: events.CommentEvent = {
        "type": "comment.event",
        "event": "comment.created",
        "comment_id": 1,
        "text": json.dumps({"type": "comment.created", "comment": {"id": 1}}),
        "visibility": Idea.Visibility.PUBLIC,
        "author_id": 0,
        "client_id": None,
    }
    # Sent by a task of its own, so that every turn of the loop from now on is watched.
    sending = asyncio.create_task(
        get_channel_layer().group_send(events.thread_group(public_idea.pk), event)
    )
    served: set[int] = set()
    per_turn: list[int] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while len(served) < LISTENERS and loop.time() < deadline:
        await asyncio.sleep(0)  # one turn of the loop
        now = {n for n, socket in enumerate(listeners) if n not in served and got_comment(socket)}
        if now or served:
            per_turn.append(len(now))
        served |= now
    await sending
    assert len(served) == LISTENERS, f"{len(served)} of {LISTENERS} got the comment"
    assert max(per_turn) <= BATCH, per_turn
    assert len([n for n in per_turn if n]) >= LISTENERS // BATCH, per_turn
    for socket in listeners:
        await socket.disconnect()


async def test_the_writer_is_acknowledged_before_the_listeners_have_their_copies(
    public_idea: Idea, citizen: User, monkeypatch: Any
) -> None:
    monkeypatch.setattr(Relay, "BATCH", 1)
    listeners = [await connect(public_idea) for _ in range(LISTENERS)]
    writer = await connect(public_idea, citizen)
    await asyncio.sleep(1.5)  # the joins' presence counts
    for socket in listeners:
        got_comment(socket)
    client_id = str(uuid.uuid4())
    await send(writer, {"type": "comment.create", "body": "Först till mig", "client_id": client_id})
    ack = await receive_type(writer, "comment.ack", timeout=10)
    served = {n for n, socket in enumerate(listeners) if got_comment(socket)}
    assert len(served) < LISTENERS // 2, (
        f"{len(served)} of {LISTENERS} listeners had the comment before its writer's ack"
    )
    assert ack["client_id"] == client_id
    # Then everyone has it, the writer too (after its ack), once.
    for n, socket in enumerate(listeners):
        if n not in served:
            created = await receive_type(socket, "comment.created", timeout=10)
            assert created["comment"] == ack["comment"]
    assert (await receive_type(writer, "comment.created"))["comment"]["id"] == ack["comment"]["id"]
    for socket in [*listeners, writer]:
        await socket.disconnect()

"""A live-thread socket opened before its account was deleted or deactivated stops: it is
closed with 4401 when the account goes, and a write it sends anyway is refused and not
stored (the account is looked up again on every write). WebsocketCommunicator against the
ASGI app, on the layer of the pass (in-memory on SQLite, channels-redis on PostgreSQL +
Redis)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts import services as account_services
from accounts.models import User
from comments.consumers import CLOSE_ACCOUNT_GONE
from comments.models import Comment
from ideas.models import Idea
from tests.comments.test_websocket_protocol import (
    connect,
    create,
    receive_type,
    send,
)

pytestmark = [pytest.mark.django_db(transaction=True)]


async def closed_with(socket: WebsocketCommunicator, timeout: float = 3) -> int:
    """Read until the server closes the socket; its close code. Then the client side goes
    too, as a browser's does (Daphne sends the disconnect): the consumer leaves its relays
    instead of being cancelled with the test's event loop."""
    output: dict[str, Any] = await socket.receive_output(timeout=timeout)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=timeout)
    await socket.disconnect()
    return int(output.get("code", 1000))


def deactivate(user: User) -> None:
    """What the admin does when staff untick "active": the whole row saved."""
    user.is_active = False
    user.save()


async def test_deleting_the_account_closes_its_socket(public_idea: Idea, citizen: User) -> None:
    socket = await connect(public_idea, citizen)
    await sync_to_async(account_services.user_delete)(user=citizen)
    assert await closed_with(socket) == CLOSE_ACCOUNT_GONE


async def test_deleting_the_account_closes_its_socket_on_an_organisation_thread(
    organisation_idea: Idea, colleague: User
) -> None:
    socket = await connect(organisation_idea, colleague)
    await sync_to_async(account_services.user_delete)(user=colleague)
    assert await closed_with(socket) == CLOSE_ACCOUNT_GONE


async def test_deactivating_the_account_closes_its_socket(public_idea: Idea, citizen: User) -> None:
    socket = await connect(public_idea, citizen)
    await sync_to_async(deactivate)(citizen)
    assert await closed_with(socket) == CLOSE_ACCOUNT_GONE


async def test_other_sockets_stay_open_and_keep_receiving(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    gone = await connect(public_idea, citizen)
    anonymous = await connect(public_idea)
    colleague_socket = await connect(public_idea, owner)
    await sync_to_async(account_services.user_delete)(user=citizen)
    assert await closed_with(gone) == CLOSE_ACCOUNT_GONE
    comment = await create(author=owner, idea=public_idea, body="Fortfarande live")
    for socket in (anonymous, colleague_socket):
        assert (await receive_type(socket, "comment.created"))["comment"]["id"] == comment.pk
        await socket.disconnect()


@pytest.mark.parametrize("how", ["deleted", "deactivated"])
async def test_a_write_from_a_socket_whose_account_went_quietly_is_refused_and_not_stored(
    public_idea: Idea, citizen: User, how: str
) -> None:
    # The account goes without any signal (a queryset update): the write itself checks.
    socket = await connect(public_idea, citizen)
    changes: dict[str, Any] = {"is_active": False}
    if how == "deleted":
        changes["deleted_at"] = public_idea.created_at
    await User.objects.filter(pk=citizen.pk).aupdate(**changes)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "Efteråt", "client_id": client_id})
    error = await receive_type(socket, "error")
    assert error["code"] == "not_allowed" and error["client_id"] == client_id
    assert error["detail"]
    assert await closed_with(socket) == CLOSE_ACCOUNT_GONE
    assert await Comment.objects.acount() == 0

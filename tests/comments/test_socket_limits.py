"""What one client may cost the live thread: a `resume` costs what it returns (nothing
missing: no comment row is read or serialised), resumes are rate-limited like comments
(`COMMENT_RESUME_RATE_LIMIT`, error `too_fast`), and sockets are capped per signed-in
session (`COMMENT_SOCKETS_PER_SESSION`) and per anonymous address
(`COMMENT_SOCKETS_PER_ADDRESS`): the socket beyond the cap is accepted and closed with
4429. WebsocketCommunicator against the ASGI app, on the layer and cache of the pass."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from comments.consumers import CLOSE_TOO_MANY
from comments.models import Comment
from hub.asgi import application
from ideas.models import Idea
from tests.comments.test_socket_account_gone import closed_with
from tests.comments.test_websocket_protocol import (
    ORIGIN,
    connect,
    receive_type,
    send,
    session_cookie,
)

pytestmark = [pytest.mark.django_db(transaction=True)]


def make_comments(idea: Idea, author: User, count: int) -> list[int]:
    rows = Comment.objects.bulk_create(
        Comment(idea=idea, author=author, body=f"nr {i}", body_html=f"<p>nr {i}</p>")
        for i in range(count)
    )
    return sorted(c.pk for c in rows)


def _capture_start() -> CaptureQueriesContext:
    capture = CaptureQueriesContext(connection)
    capture.__enter__()
    return capture


def _capture_stop(capture: CaptureQueriesContext) -> list[str]:
    capture.__exit__(None, None, None)
    return [query["sql"] for query in capture.captured_queries]


# The consumer reaches the database on the one thread of thread-sensitive sync_to_async
# (database_sync_to_async): the capture is started and read there, on its connection.
capture_start = sync_to_async(_capture_start)
capture_stop = sync_to_async(_capture_stop)


async def barrier(socket: WebsocketCommunicator) -> None:
    """Everything sent before has been handled: the consumer takes messages in order, and
    this one is answered at once (a resume with a bad `after` reaches no database)."""
    await send(socket, {"type": "resume", "after": "barrier"})
    error = await receive_type(socket, "error")
    assert error["code"] == "invalid", error


async def open_socket(
    idea: Idea, headers: list[tuple[bytes, bytes]], address: str | None = None
) -> WebsocketCommunicator:
    """A socket whose handshake is accepted; the caller reads whether it stays open."""
    socket = WebsocketCommunicator(application, f"/ws/ideas/{idea.pk}/comments/", headers=headers)
    if address is not None:
        socket.scope["client"] = [address, 50_000]
    connected, _ = await socket.connect()
    assert connected, "the handshake was refused"
    return socket


def signed_in(user: User) -> Any:
    """The headers of a new signed-in session of the user (a coroutine)."""
    return sync_to_async(session_cookie)(user)


async def stays_open(socket: WebsocketCommunicator) -> bool:
    await barrier(socket)
    return True


# --- resume costs what it returns ------------------------------------------------------


async def test_a_resume_with_nothing_missing_reads_no_comment_whatever_the_thread_length(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    ids = await sync_to_async(make_comments)(public_idea, owner, 200)
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "resume", "after": 0})
    replayed = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in ids]
    assert replayed == ids
    await barrier(socket)
    capture = await capture_start()
    # Everything after 0 was sent on this socket already; nothing after the last one.
    await send(socket, {"type": "resume", "after": 0})
    await send(socket, {"type": "resume", "after": ids[-1]})
    await barrier(socket)
    queries = await capture_stop(capture)
    # Per resume: the access check (memberships, visibility) and the ids after `after`
    # (from the (idea, id) index); no comment row.
    assert len(queries) <= 6, queries
    assert not [q for q in queries if "body" in q], queries
    await socket.disconnect()


async def test_a_resume_sends_only_the_comments_this_socket_has_not_had_in_order(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    ids = await sync_to_async(make_comments)(public_idea, owner, 50)
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "resume", "after": ids[24]})
    replayed = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in range(25)]
    assert replayed == ids[25:]
    await send(socket, {"type": "resume", "after": 0})
    again = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in range(25)]
    assert again == ids[:25]
    await barrier(socket)  # and nothing else came before the barrier's answer
    await socket.disconnect()


# --- resumes are rate-limited ----------------------------------------------------------


async def test_resuming_too_often_is_too_fast_per_person_and_the_socket_stays_open(
    public_idea: Idea, citizen: User, owner: User, settings: Any
) -> None:
    settings.COMMENT_RESUME_RATE_LIMIT = "2/60"
    socket = await connect(public_idea, citizen)
    for _ in range(2):
        await send(socket, {"type": "resume", "after": 0})
    await send(socket, {"type": "resume", "after": 0})
    error = await receive_type(socket, "error")
    assert error["code"] == "too_fast" and error["detail"]
    assert 1 <= error["retry_after"] <= 60 and "client_id" not in error
    # Still open and working:
    await send(socket, {"type": "comment.create", "body": "ok", "client_id": str(uuid.uuid4())})
    assert (await receive_type(socket, "comment.ack"))["comment"]["body"] == "ok"
    # Counted per person, not per socket; someone else has their own count.
    second = await connect(public_idea, citizen)
    await send(second, {"type": "resume", "after": 0})
    assert (await receive_type(second, "error"))["code"] == "too_fast"
    other = await connect(public_idea, owner)
    await send(other, {"type": "resume", "after": 0})
    assert (await receive_type(other, "comment.created"))["comment"]["body"] == "ok"
    for each in (socket, second, other):
        await each.disconnect()


async def test_anonymous_resumes_are_counted_per_address(public_idea: Idea, settings: Any) -> None:
    settings.COMMENT_RESUME_RATE_LIMIT = "1/60"
    first = await open_socket(public_idea, [ORIGIN], address="192.0.2.10")
    await send(first, {"type": "resume", "after": 0})
    await barrier(first)
    same_address = await open_socket(public_idea, [ORIGIN], address="192.0.2.10")
    await send(same_address, {"type": "resume", "after": 0})
    assert (await receive_type(same_address, "error"))["code"] == "too_fast"
    elsewhere = await open_socket(public_idea, [ORIGIN], address="192.0.2.11")
    await send(elsewhere, {"type": "resume", "after": 0})
    await barrier(elsewhere)  # an error would come before the barrier's
    for each in (first, same_address, elsewhere):
        await each.disconnect()


# --- sockets per session and per address -----------------------------------------------


async def test_the_socket_beyond_the_session_cap_is_closed_and_one_fits_again_after_a_close(
    public_idea: Idea, citizen: User, settings: Any
) -> None:
    settings.COMMENT_SOCKETS_PER_SESSION = 3
    session = await signed_in(citizen)
    sockets = [await open_socket(public_idea, session) for _ in range(3)]
    for socket in sockets:
        assert await stays_open(socket)
    extra = await open_socket(public_idea, session)
    assert await closed_with(extra) == CLOSE_TOO_MANY
    await sockets[0].disconnect()
    again = await open_socket(public_idea, session)
    assert await stays_open(again)
    # Another session of the same person has its own count.
    other_session = await open_socket(public_idea, await signed_in(citizen))
    assert await stays_open(other_session)
    for socket in (*sockets[1:], again, other_session):
        await socket.disconnect()


async def test_anonymous_sockets_are_capped_per_address_signed_in_ones_per_session(
    public_idea: Idea, citizen: User, settings: Any
) -> None:
    settings.COMMENT_SOCKETS_PER_ADDRESS = 2
    address = "198.51.100.7"
    sockets = [await open_socket(public_idea, [ORIGIN], address) for _ in range(2)]
    extra = await open_socket(public_idea, [ORIGIN], address)
    assert await closed_with(extra) == CLOSE_TOO_MANY
    elsewhere = await open_socket(public_idea, [ORIGIN], "198.51.100.8")
    signed_in_here = await open_socket(public_idea, await signed_in(citizen), address)
    for socket in (*sockets, elsewhere, signed_in_here):
        assert await stays_open(socket)
    await sockets[1].disconnect()
    again = await open_socket(public_idea, [ORIGIN], address)
    assert await stays_open(again)
    for socket in (sockets[0], elsewhere, signed_in_here, again):
        await socket.disconnect()


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(
    public_idea: Idea, settings: Any
) -> None:
    settings.COMMENT_SOCKETS_PER_ADDRESS = 1
    proxy = "127.0.0.1"

    def forwarded(chain: str) -> list[tuple[bytes, bytes]]:
        return [ORIGIN, (b"x-forwarded-for", chain.encode())]

    # No proxy trusted (the default): X-Forwarded-For is anyone's to write, and ignored.
    first = await open_socket(public_idea, forwarded("203.0.113.1"), proxy)
    spoofed = await open_socket(public_idea, forwarded("203.0.113.2"), proxy)
    assert await closed_with(spoofed) == CLOSE_TOO_MANY
    await first.disconnect()
    # One proxy trusted: the address it saw (the right-most entry) counts.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    one = await open_socket(public_idea, forwarded("10.0.0.1, 203.0.113.1"), proxy)
    other = await open_socket(public_idea, forwarded("10.0.0.1, 203.0.113.2"), proxy)
    for socket in (one, other):
        assert await stays_open(socket)
    same = await open_socket(public_idea, forwarded("10.9.9.9, 203.0.113.1"), proxy)
    assert await closed_with(same) == CLOSE_TOO_MANY
    for socket in (one, other):
        await socket.disconnect()

"""The live thread over a real socket (WebsocketCommunicator against the ASGI app, with the
channel layer `make test` chose: in-memory on the SQLite pass, channels-redis on the
PostgreSQL + Redis pass). The protocol is DESIGN.md's table."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.models import Membership, User
from comments import events, moderation, services
from comments.models import Comment
from hub.asgi import application
from ideas import services as idea_services
from ideas.models import Follow, Idea

pytestmark = [pytest.mark.django_db(transaction=True)]
ORIGIN = (b"origin", b"http://localhost")


def session_cookie(user: User | None) -> list[tuple[bytes, bytes]]:
    if user is None:
        return [ORIGIN]
    client = Client()
    client.force_login(user)
    return [ORIGIN, (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]


async def connect(idea: Idea, user: User | None = None) -> WebsocketCommunicator:
    headers = await sync_to_async(session_cookie)(user)
    communicator = WebsocketCommunicator(
        application, f"/ws/ideas/{idea.pk}/comments/", headers=headers
    )
    connected, _ = await communicator.connect()
    assert connected, "the socket was refused"
    return communicator


async def receive(communicator: WebsocketCommunicator, timeout: float = 3) -> dict[str, Any]:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def receive_type(
    communicator: WebsocketCommunicator,
    kind: str,
    timeout: float = 3,
    skip: tuple[str, ...] = ("presence",),
) -> dict[str, Any]:
    """The next message of a type, skipping presence counts (and whatever else the test
    names) that may come in between."""
    while True:
        message = await receive(communicator, timeout)
        if message["type"] == kind:
            return message
        assert message["type"] in skip, message


async def nothing_but_presence(communicator: WebsocketCommunicator, wait: float = 0.8) -> None:
    deadline = asyncio.get_running_loop().time() + wait
    while (left := deadline - asyncio.get_running_loop().time()) > 0:
        if await communicator.receive_nothing(timeout=left):
            return
        message = await receive(communicator)
        assert message["type"] == "presence", message


async def send(communicator: WebsocketCommunicator, message: Any) -> None:
    await communicator.send_to(text_data=json.dumps(message))


def create(**kwargs: Any) -> Any:
    return sync_to_async(services.comment_create)(**kwargs)


async def test_comment_posted_over_rest_reaches_listeners_including_anonymous(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    anonymous = await connect(public_idea)
    colleague_socket = await connect(public_idea, owner)
    comment = await create(author=citizen, idea=public_idea, body="Hej **alla**")
    for socket in (anonymous, colleague_socket):
        message = await receive_type(socket, "comment.created")
        assert message["comment"]["id"] == comment.pk
        assert message["comment"]["author"] == "Cecilia"
        assert "<strong>alla</strong>" in message["comment"]["body_html"]
        assert set(message["comment"]) >= {
            "id",
            "idea",
            "parent",
            "author",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "deleted",
        }
        await socket.disconnect()


async def test_comment_create_is_acknowledged_and_a_retry_is_never_stored_twice(
    public_idea: Idea, citizen: User
) -> None:
    socket = await connect(public_idea, citizen)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "Via socket", "client_id": client_id})
    ack = await receive_type(socket, "comment.ack")
    assert ack["client_id"] == client_id and ack["comment"]["body"] == "Via socket"
    created = await receive_type(socket, "comment.created")
    assert created["comment"]["id"] == ack["comment"]["id"]
    await send(socket, {"type": "comment.create", "body": "Via socket", "client_id": client_id})
    again = await receive_type(socket, "comment.ack")
    assert again["comment"]["id"] == ack["comment"]["id"]
    await nothing_but_presence(socket)
    assert await Comment.objects.filter(idea=public_idea).acount() == 1
    await socket.disconnect()


async def test_reply_over_the_socket(public_idea: Idea, citizen: User, owner: User) -> None:
    top = await create(author=owner, idea=public_idea, body="Fråga")
    socket = await connect(public_idea, citizen)
    await send(
        socket,
        {
            "type": "comment.create",
            "body": "Svar",
            "parent": top.pk,
            "client_id": str(uuid.uuid4()),
        },
    )
    ack = await receive_type(socket, "comment.ack")
    assert ack["comment"]["parent"] == top.pk
    await socket.disconnect()


async def test_resume_replays_everything_after_in_order_once_each(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    first = await create(author=owner, idea=public_idea, body="ett")
    later = [await create(author=citizen, idea=public_idea, body=f"nr {i}") for i in range(3)]
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "resume", "after": first.pk})
    replayed = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in later]
    assert replayed == [c.pk for c in later]
    # Resuming again sends nothing twice on this connection.
    await send(socket, {"type": "resume", "after": 0})
    again = await receive_type(socket, "comment.created")
    assert again["comment"]["id"] == first.pk
    await nothing_but_presence(socket)
    await socket.disconnect()


async def test_reconnect_and_resume_miss_nothing_and_duplicate_nothing(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    socket = await connect(public_idea, citizen)
    seen = await create(author=owner, idea=public_idea, body="sett")
    assert (await receive_type(socket, "comment.created"))["comment"]["id"] == seen.pk
    await socket.disconnect()
    missed = [await create(author=owner, idea=public_idea, body=f"missad {i}") for i in range(2)]
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "resume", "after": seen.pk})
    replayed = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in missed]
    assert replayed == [missed[0].pk, missed[1].pk]
    live = await create(author=owner, idea=public_idea, body="live")
    assert (await receive_type(socket, "comment.created"))["comment"]["id"] == live.pk
    await nothing_but_presence(socket)
    await socket.disconnect()


async def test_a_comment_broadcast_while_a_resume_is_in_flight_arrives_once(
    public_idea: Idea, citizen: User, owner: User
) -> None:
    # A comment may be broadcast before the server has read the client's `resume` (the
    # message is still on its way): it then arrives live first, and the replay — in order
    # among itself — does not send it again. The client places comments by id.
    seen = await create(author=owner, idea=public_idea, body="sett")
    missed = [await create(author=owner, idea=public_idea, body=f"missad {i}") for i in range(2)]
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "resume", "after": seen.pk})
    live = await create(author=owner, idea=public_idea, body="live")
    got = [(await receive_type(socket, "comment.created"))["comment"]["id"] for _ in range(3)]
    assert sorted(got) == [missed[0].pk, missed[1].pk, live.pk]
    assert [i for i in got if i != live.pk] == [missed[0].pk, missed[1].pk]
    await nothing_but_presence(socket)
    await socket.disconnect()


async def test_updates_and_deletes_are_pushed(public_idea: Idea, citizen: User) -> None:
    comment = await create(author=citizen, idea=public_idea, body="före")
    socket = await connect(public_idea)
    await sync_to_async(services.comment_update)(actor=citizen, comment=comment, body="efter")
    updated = await receive_type(socket, "comment.updated")
    assert updated["comment"]["body"] == "efter" and updated["comment"]["edited_at"]
    await sync_to_async(services.comment_delete)(actor=citizen, comment=comment)
    deleted = await receive_type(socket, "comment.deleted")
    assert deleted["comment"]["deleted"] is True and deleted["comment"]["body"] == ""
    await socket.disconnect()


async def test_hidden_comment_is_pushed_without_its_text(
    public_idea: Idea, citizen: User, coordinator: User
) -> None:
    comment = await create(author=citizen, idea=public_idea, body="olämpligt")
    socket = await connect(public_idea)
    await sync_to_async(moderation.hide)(actor=coordinator, target=comment, reason="Ton")
    updated = await receive_type(socket, "comment.updated")
    assert updated["comment"]["hidden"] is True and updated["comment"]["body"] == ""
    await socket.disconnect()


async def test_presence_counts_viewers(public_idea: Idea, citizen: User) -> None:
    first = await connect(public_idea)
    assert await receive_type(first, "presence") == {"type": "presence", "viewers": 1}
    second = await connect(public_idea, citizen)
    assert (await receive_type(second, "presence"))["viewers"] == 2
    await second.disconnect()
    assert (await receive_type(first, "presence"))["viewers"] in (1, 2)
    while (message := await receive_type(first, "presence"))["viewers"] != 1:
        pass
    assert message["viewers"] == 1
    await first.disconnect()


async def test_presence_counts_this_processs_sockets_even_when_the_cache_lost_them(
    public_idea: Idea, citizen: User
) -> None:
    """A process knows its own sockets: when the cache no longer has its count (a read that
    timed out under load falls back to local memory; a registry entry lost to a concurrent
    write), the thread still hears them (the fresh clone's two-Daphne run once saw 0)."""
    from django.core.cache import cache

    from comments import presence

    first = await connect(public_idea)
    assert await receive_type(first, "presence") == {"type": "presence", "viewers": 1}
    second = await connect(public_idea, citizen)
    # The join has written its count; the cache loses it before the thread is told (the
    # count goes out presence.DELAY after a join).
    await asyncio.sleep(presence.DELAY / 3)
    subject = f"presence:{events.thread_group(public_idea.pk)}"
    await sync_to_async(cache.delete_many)(
        [f"comments:{subject}:{presence.PROCESS}", f"comments:{subject}:processes"]
    )
    assert (await receive_type(second, "presence"))["viewers"] == 2
    await second.disconnect()
    await first.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        (json.dumps({"type": "comment.delete-everything"}), "unknown_type"),
        (json.dumps({"body": "no type"}), "unknown_type"),
        (json.dumps({"type": "resume", "after": "igår"}), "invalid"),
        (json.dumps({"type": "comment.create", "body": "utan id"}), "invalid"),
        # Nested beyond hub.safe_json.MAX_DEPTH: Python's parser would recurse 5,000 deep.
        pytest.param("[" * 5_000 + "]" * 5_000, "bad_json", id="nested-5000"),
        pytest.param(
            '{"type": "resume", "after": ' + "[" * 5_000 + "]" * 5_000 + "}",
            "bad_json",
            id="nested-5000-in-an-object",
        ),
    ],
)
async def test_bad_messages_get_an_error_and_the_socket_stays_open(
    public_idea: Idea, citizen: User, frame: str, code: str
) -> None:
    socket = await connect(public_idea, citizen)
    await socket.send_to(text_data=frame)
    error = await receive_type(socket, "error")
    assert error["code"] == code and error["detail"]
    # Still open and working:
    await send(socket, {"type": "comment.create", "body": "ok", "client_id": str(uuid.uuid4())})
    assert (await receive_type(socket, "comment.ack"))["comment"]["body"] == "ok"
    await socket.disconnect()


async def test_too_large_comment_is_refused_with_its_client_id(
    public_idea: Idea, citizen: User
) -> None:
    socket = await connect(public_idea, citizen)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "a" * 10_001, "client_id": client_id})
    error = await receive_type(socket, "error")
    assert error["code"] == "too_large" and error["client_id"] == client_id
    await socket.send_to(text_data="x" * 100_000)
    assert (await receive_type(socket, "error"))["code"] == "too_large"
    assert await Comment.objects.acount() == 0
    await socket.disconnect()


async def test_anonymous_listener_cannot_post(public_idea: Idea) -> None:
    socket = await connect(public_idea)
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "anonym", "client_id": client_id})
    error = await receive_type(socket, "error")
    assert error == {
        "type": "error",
        "code": "not_allowed",
        "detail": error["detail"],
        "client_id": client_id,
    }
    assert await Comment.objects.acount() == 0
    await socket.disconnect()


async def test_posting_too_fast_is_an_error_and_nothing_is_stored(
    public_idea: Idea, citizen: User, settings
) -> None:
    settings.COMMENT_RATE_LIMIT = "2/60"
    socket = await connect(public_idea, citizen)
    for i in range(2):
        await send(
            socket, {"type": "comment.create", "body": f"{i}", "client_id": str(uuid.uuid4())}
        )
        await receive_type(socket, "comment.ack", skip=("presence", "comment.created"))
    client_id = str(uuid.uuid4())
    await send(socket, {"type": "comment.create", "body": "tre", "client_id": client_id})
    error = await receive_type(socket, "error", skip=("presence", "comment.created"))
    assert error["code"] == "too_fast" and error["client_id"] == client_id
    assert await Comment.objects.acount() == 2
    await socket.disconnect()


async def test_thread_of_an_idea_you_cannot_see_is_refused(
    organisation_idea: Idea, outsider: User, citizen: User, colleague: User
) -> None:
    for user in (None, outsider, citizen):
        headers = await sync_to_async(session_cookie)(user)
        socket = WebsocketCommunicator(
            application, f"/ws/ideas/{organisation_idea.pk}/comments/", headers=headers
        )
        connected, _ = await socket.connect()
        assert connected is False
        await socket.disconnect()
    member = await connect(organisation_idea, colleague)
    await member.disconnect()


async def test_missing_idea_is_refused_like_a_hidden_one(citizen: User) -> None:
    headers = await sync_to_async(session_cookie)(citizen)
    socket = WebsocketCommunicator(application, "/ws/ideas/999999/comments/", headers=headers)
    connected, _ = await socket.connect()
    assert connected is False


async def test_visibility_change_closes_the_socket_of_who_lost_access(
    public_idea: Idea, owner: User, citizen: User, colleague: User
) -> None:
    citizen_socket = await connect(public_idea, citizen)
    colleague_socket = await connect(public_idea, colleague)
    await sync_to_async(idea_services.idea_update)(
        actor=owner, idea=public_idea, visibility=Idea.Visibility.ORGANISATION
    )
    closed = await citizen_socket.receive_output(timeout=3)
    while closed["type"] != "websocket.close":
        closed = await citizen_socket.receive_output(timeout=3)
    assert closed["code"] == 4404
    # The member stays and keeps receiving.
    comment = await create(author=owner, idea=public_idea, body="bara för oss")
    assert (await receive_type(colleague_socket, "comment.created"))["comment"]["id"] == comment.pk
    await colleague_socket.disconnect()


async def test_membership_removal_stops_the_thread(
    organisation_idea: Idea, owner: User, colleague: User
) -> None:
    socket = await connect(organisation_idea, colleague)
    await Membership.objects.filter(user=colleague).adelete()
    closed = await socket.receive_output(timeout=3)
    while closed["type"] != "websocket.close":
        closed = await socket.receive_output(timeout=3)
    assert closed["code"] == 4404


async def test_events_are_checked_again_before_they_are_sent(
    organisation_idea: Idea, owner: User, colleague: User
) -> None:
    # Membership gone without any signal (a raw delete): the next event is still not sent.
    socket = await connect(organisation_idea, colleague)
    await sync_to_async(
        lambda: Membership.objects.filter(user=colleague)._raw_delete(Membership.objects.db)
    )()
    await create(author=owner, idea=organisation_idea, body="hemligt")
    closed = await socket.receive_output(timeout=3)
    while closed["type"] != "websocket.close":
        assert "hemligt" not in closed.get("text", "")
        closed = await socket.receive_output(timeout=3)
    assert closed["code"] == 4404


async def test_websocket_comment_notifies_followers_not_the_author(
    public_idea: Idea, owner: User, citizen: User, colleague: User
) -> None:
    await Follow.objects.acreate(user=colleague, idea=public_idea)
    await Follow.objects.acreate(user=citizen, idea=public_idea)
    socket = await connect(public_idea, citizen)
    await send(socket, {"type": "comment.create", "body": "Hej", "client_id": str(uuid.uuid4())})
    await receive_type(socket, "comment.ack")
    assert await colleague.notifications.acount() == 1
    assert await citizen.notifications.acount() == 0
    await socket.disconnect()

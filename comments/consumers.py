"""The live comment thread: `/ws/ideas/{id}/comments/` (DESIGN.md, "Live comment threads").

An async consumer, because one Daphne process holds thousands of mostly idle sockets;
every database call goes through `database_sync_to_async`. Writes go through the same
service as the REST API and the page form (`services.comment_create`), which broadcasts
after commit to the thread's group; this consumer forwards those events to its client
after checking again that its user may still see the idea.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, TypedDict

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from comments import events, limits, presence, selectors, services
from comments.models import MAX_BODY
from hub.cache import UNREACHABLE
from hub.safe_json import JSONTooDeep, parse_json
from ideas.models import Idea

logger = logging.getLogger(__name__)

# Close code when the user may no longer see the thread (a 404, as everywhere else).
CLOSE_NO_ACCESS = 4404
# Close code when the user's account was deleted or deactivated while the socket was open:
# do not reconnect with this session.
CLOSE_ACCOUNT_GONE = 4401
# Close code when the client has too many sockets open (per signed-in session, or per
# address when anonymous): like HTTP 429, reconnect later with backoff.
CLOSE_TOO_MANY = 4429
# Close code when the channel layer (Redis) is unreachable: like HTTP 503, try again
# later (an application may not send RFC 6455's 1013). Comments can still be posted and
# read meanwhile; the client reconnects with backoff and resumes.
CLOSE_TRY_AGAIN = 4503
# Frames above this are refused before parsing (a comment is at most 10,000 characters).
MAX_FRAME = 4 * MAX_BODY + 1024
# Presence is broadcast at most this often per thread and process, so that a thousand
# people joining do not cost a million messages.
PRESENCE_DELAY = 0.5
PRESENCE_CROWD = 200
RESUME_LIMIT = 5_000


class ErrorMessage(TypedDict, total=False):
    type: str
    code: str
    detail: str
    client_id: str
    retry_after: int  # with too_fast: seconds until it is allowed again


_publish_presence = sync_to_async(presence.publish, thread_sensitive=False)
_presence_total = sync_to_async(presence.total, thread_sensitive=False)
_publish_sockets = sync_to_async(presence.publish_count, thread_sensitive=False)
_refresh_sockets = sync_to_async(presence.refresh_counts, thread_sensitive=False)
_resume_wait = sync_to_async(limits.resume_wait, thread_sensitive=False)


def _sockets_elsewhere_sync(subject: str) -> int:
    return presence.total_count(subject, other_processes=True)


_sockets_elsewhere = sync_to_async(_sockets_elsewhere_sync, thread_sensitive=False)

_pending_presence: dict[tuple[int, int], asyncio.Task[None]] = {}


def _schedule_presence(idea_id: int) -> None:
    loop = asyncio.get_running_loop()
    key = (id(loop), idea_id)
    task = _pending_presence.get(key)
    if task is not None and not task.done():
        return
    _pending_presence[key] = loop.create_task(_send_presence_later(idea_id, key))


_last_viewers: dict[int, int] = {}


def _local_viewers(idea_id: int) -> int:
    """Sockets open on the thread in this process (those of its relay that have joined)."""
    relay = _relays.get((id(asyncio.get_running_loop()), events.thread_group(idea_id)))
    return sum(1 for consumer in relay.consumers if consumer.joined) if relay else 0


_heartbeats: dict[int, asyncio.Task[None]] = {}


def _ensure_heartbeat() -> None:
    loop = asyncio.get_running_loop()
    task = _heartbeats.get(id(loop))
    if task is None or task.done() or task.get_loop() is not loop:
        _heartbeats[id(loop)] = loop.create_task(_heartbeat())


async def _heartbeat() -> None:
    """While this process has sockets on threads: refresh its presence counts before they
    expire, and tell a thread when its total changed without a join or leave here (another
    process died and its count expired)."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(presence.ttl() / 3)
        ideas = [
            relay.idea_id
            for key, relay in list(_relays.items())
            if key[0] == id(loop) and relay.loop is loop and relay.idea_id is not None
        ]
        if not ideas:
            _heartbeats.pop(id(loop), None)
            return
        try:
            await _refresh_sockets(limits.open_sockets())
        except Exception as exc:  # the cache falls back by itself; nothing to undo
            logger.info("Socket count refresh failed: %s", exc)
        for idea_id in ideas:
            try:
                await _publish_presence(idea_id, _local_viewers(idea_id))
                if await _presence_total(idea_id) != _last_viewers.get(idea_id):
                    _schedule_presence(idea_id)
            except Exception as exc:  # the cache falls back by itself; nothing to undo
                logger.info("Presence refresh of thread %s failed: %s", idea_id, exc)


def _presence_delay(idea_id: int) -> float:
    # Each broadcast costs one message per viewer: a crowded thread hears about joins and
    # leaves less often, so presence stays a small share of the server's work.
    return PRESENCE_DELAY * max(1, _last_viewers.get(idea_id, 0) // PRESENCE_CROWD)


async def _send_presence_later(idea_id: int, key: tuple[int, int]) -> None:
    await asyncio.sleep(_presence_delay(idea_id))
    _pending_presence.pop(key, None)
    try:
        await _send_presence(idea_id)
    except Exception as exc:  # the layer is away: its relays notice and close their sockets
        logger.info("Could not send presence of thread %s: %s", idea_id, exc)


async def _send_presence(idea_id: int) -> None:
    layer = get_channel_layer()
    sent = None
    # Several processes broadcast the shared count; one may read it just before another
    # process's change and be delivered last. Sending again until the count read after
    # sending is the one sent makes every process end on the true number.
    for _attempt in range(5):
        viewers = await _presence_total(idea_id)
        if viewers == sent:
            return
        message: events.PresenceUpdate = {"type": "presence.update", "viewers": viewers}
        await layer.group_send(events.thread_group(idea_id), message)
        sent = viewers
        _last_viewers[idea_id] = viewers
        await asyncio.sleep(_presence_delay(idea_id))


def _visibility_for(user: Any, idea_id: int) -> str | None:
    """The idea's visibility if the user may see it now, else None (fresh memberships)."""
    if hasattr(user, "_organisation_ids_cache"):
        del user._organisation_ids_cache
    return (
        Idea.objects.visible_to(user)
        .filter(pk=idea_id)
        .values_list("visibility", flat=True)
        .first()
    )


class _AccountGone(Exception):
    """The socket's account was deleted or deactivated after the socket opened."""


def _create(user: Any, idea_id: int, data: dict[str, Any]) -> dict[str, Any]:
    # The user was loaded when the socket opened; the account may have gone since.
    author = selectors.current_account(user)
    if author is None:
        raise _AccountGone
    idea = Idea.objects.visible_to(author).select_related("organisation").filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    comment = services.comment_create(
        author=author,
        idea=idea,
        body=data.get("body"),  # type: ignore[arg-type]
        parent=data.get("parent"),
        prototype=data.get("prototype"),
        client_id=data.get("client_id"),
    )
    return events.comment_payload(comment)


def _resume_ids(user: Any, idea_id: int, after: int) -> list[int] | None:
    """The ids of the thread's comments after `after` (at most RESUME_LIMIT) if the user
    may still see it, else None. Reads the index only: a resume with nothing missing costs
    this and no comment row."""
    if _visibility_for(user, idea_id) is None:
        return None
    return selectors.idea_comment_ids(idea_id, after=after, limit=RESUME_LIMIT)


def _comments(idea_id: int, ids: list[int], every_one_after: int | None) -> list[dict[str, Any]]:
    """The comments with these ids, serialised, in order. `every_one_after`: the ids are all
    of the thread's from there on (a range reads them without a list of ids)."""
    rows = selectors.idea_comments(idea_id, after=every_one_after)
    if every_one_after is None:
        rows = rows.filter(pk__in=ids)
    else:
        rows = rows.filter(pk__lte=ids[-1])
    return [events.comment_payload(c) for c in rows]


class _GroupRelay:
    """The one member of a channel group in this process.

    A broadcast then costs the channel layer one message per process (one Redis pop, one
    in-memory queue) instead of one per socket; the relay hands each event to the local
    consumers in order. Threads (`comments.idea.N`) and users (`comments.user.N`, for
    access rechecks) each have one. Consumers have no channel of their own, so a thousand
    idle sockets do not wait on a thousand layer receives. The relay re-joins its group
    every hour, so Channels' one-day `group_expiry` never silences a long-lived thread.
    """

    REFRESH = 3600.0

    def __init__(self, layer: Any, group: str) -> None:
        self.layer = layer
        self.group = group
        self.idea_id = events.thread_of_group(group)
        self.consumers: set[CommentThreadConsumer] = set()
        self.channel = ""
        self.loop = asyncio.get_running_loop()
        # Resolved once the relay is in its group, or failed when the layer is unreachable.
        self.ready: asyncio.Future[None] = self.loop.create_future()
        self.tasks: list[asyncio.Task[None]] = []
        self.stopped = False

    async def start(self) -> None:
        try:
            self.channel = await self.layer.new_channel()
            await self.layer.group_add(self.group, self.channel)
        except Exception as exc:
            self.stopped = True
            self.ready.set_exception(exc)
            return
        self.tasks = [self.loop.create_task(self._run()), self.loop.create_task(self._refresh())]
        self.ready.set_result(None)

    async def stop(self) -> None:
        self.stopped = True
        # stop() may run inside the relay's own task (its last consumer closing on lost
        # access): that task then ends by itself after the message. The other tasks are
        # cancelled, and their cancelled receive must finish (releasing the layer's receive
        # lock) before this returns, or a relay started next could find the lock taken.
        await _until_finished(self._cancel_tasks())
        try:
            await self.layer.group_discard(self.group, self.channel)
        except Exception as exc:  # the layer is away; its group expires by itself
            logger.info("Could not leave %s: %s", self.group, exc)

    def _cancel_tasks(self) -> list[asyncio.Task[None]]:
        """Cancel the relay's tasks except the running one; returns those cancelled."""
        current = asyncio.current_task()
        cancelled = [task for task in self.tasks if task is not current]
        for task in cancelled:
            task.cancel()
        return cancelled

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(self.REFRESH)
            try:
                await self.layer.group_add(self.group, self.channel)
            except Exception as exc:
                await _layer_lost(self.loop, exc)
                return

    async def _run(self) -> None:
        while not self.stopped:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not self.stopped:
                    await _layer_lost(self.loop, exc)
                return
            for consumer in list(self.consumers):
                try:
                    await consumer.relayed(message)
                except Exception as exc:  # one broken socket must not silence the others
                    # A socket the client just closed is still listed until its disconnect
                    # is handled; Daphne refuses to send on it. Nothing is lost there.
                    if type(exc).__name__ != "Disconnected":
                        logger.exception("Could not relay %s", message.get("type"))


_relays: dict[tuple[int, str], _GroupRelay] = {}


async def _until_finished(cancelled: list[asyncio.Task[None]]) -> None:
    """Wait until cancelled tasks have finished, cancelling again those still running.

    On Python 3.11 a cancellation can be lost: redis-py sends each command inside
    asyncio.wait_for (the Redis layer has a socket timeout), and 3.11's wait_for returns
    the command's result instead of raising when the two finish in the same step. The
    receive then goes on, and one cancel-and-wait would wait for ever
    (tests/comments/test_relay_stop.py)."""
    while pending := [task for task in cancelled if not task.done()]:
        await asyncio.wait(pending, timeout=0.1)
        for task in pending:
            if not task.done():
                task.cancel()


async def _layer_lost(loop: asyncio.AbstractEventLoop, exc: Exception) -> None:
    """The channel layer failed (Redis stopped or unreachable): every relay of this process
    may have lost its group (a restarted Redis forgets them), so all of them stop and their
    sockets close with 4503, "try again later". Clients reconnect with backoff and `resume`:
    nothing is lost, since every comment is saved before it is broadcast."""
    lost = [relay for key, relay in _relays.items() if key[0] == id(loop) and relay.loop is loop]
    if not lost:
        return
    logger.warning(
        "Channel layer unreachable (%s): closing %d live thread socket(s)",
        exc,
        sum(len(relay.consumers) for relay in lost),
        exc_info=None if isinstance(exc, UNREACHABLE) else exc,  # an outage needs no trace
    )
    consumers: set[CommentThreadConsumer] = set()
    for relay in lost:
        relay.stopped = True
        relay._cancel_tasks()
        if _relays.get((id(loop), relay.group)) is relay:
            del _relays[(id(loop), relay.group)]
        consumers |= relay.consumers
    for consumer in consumers:
        await consumer.layer_lost()


async def _join_relay(consumer: CommentThreadConsumer, group: str) -> None:
    loop = asyncio.get_running_loop()
    key = (id(loop), group)
    relay = _relays.get(key)
    # A relay left by a closed event loop (whose id a new loop may reuse) is not reused.
    if relay is None or relay.loop is not loop or relay.stopped:
        relay = _relays[key] = _GroupRelay(get_channel_layer(), group)
        relay.consumers.add(consumer)
        await relay.start()
    else:
        relay.consumers.add(consumer)
    try:
        await relay.ready
    except BaseException:
        relay.consumers.discard(consumer)
        if _relays.get(key) is relay:
            del _relays[key]
        raise


async def _leave_relay(consumer: CommentThreadConsumer, group: str) -> None:
    key = (id(asyncio.get_running_loop()), group)
    relay = _relays.get(key)
    if relay is None or consumer not in relay.consumers:
        return
    relay.consumers.discard(consumer)
    if not relay.consumers:
        del _relays[key]
        await relay.stop()


class CommentThreadConsumer(AsyncWebsocketConsumer):
    # No channel of its own: group events come through the process's relays (above). An
    # alias that names no configured layer is Channels' way to say so.
    channel_layer_alias = "comments-thread-relays-only"
    idea_id: int
    joined: bool = False
    # Ids already sent as comment.created on this connection (made on first use: most
    # sockets are idle, and an empty set per socket adds up over thousands).
    sent_created: set[int] | None = None
    # Live events that arrive while a client message is being handled (see receive()).
    held: list[dict[str, Any]] | None = None
    # What this socket is counted under for the cap per session or address (limits.py).
    socket_subject: str | None = None

    async def connect(self) -> None:
        self.idea_id = int(self.scope["url_route"]["kwargs"]["idea_id"])
        self.user = self.scope["user"]
        if not await self._count_socket():
            # Too many sockets of this session or address: accepted and closed with 4429,
            # so the client learns why (a refused handshake says nothing) and backs off.
            await self.accept()
            await self.close(code=CLOSE_TOO_MANY)
            return
        if await database_sync_to_async(_visibility_for)(self.user, self.idea_id) is None:
            await self._uncount_socket()
            await self.close()  # refused at the handshake, like a 404
            return
        try:
            for group in self._groups():
                await _join_relay(self, group)
        except Exception as exc:
            # The channel layer is unreachable: say so with 4503 ("try again later")
            # instead of failing the handshake; the page says live updates are paused.
            logger.warning("Live thread %s unavailable: %s", self.idea_id, exc)
            for group in self._groups():
                await _leave_relay(self, group)
            await self._uncount_socket()
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        # Accepted before it counts as joined: the relays deliver only to joined sockets,
        # and nothing may be sent on a socket not yet accepted. Whatever is broadcast in
        # between, the client gets with the `resume` it sends on opening.
        await self.accept()
        self.joined = True
        await self._count_presence()

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        self.joined = False
        for group in self._groups():
            await _leave_relay(self, group)
        await self._uncount_socket()
        await self._count_presence()

    async def _count_socket(self) -> bool:
        """Count this socket against its session's or address's cap; False if over it."""
        counted = limits.socket_subject(self.scope, self.user)
        if counted is None:
            return True
        subject, cap = counted
        # Counted here first (synchronously: two sockets of this process never both take
        # the last place), then the other processes' counts are added.
        here = limits.socket_opened(subject)
        try:
            elsewhere = await _sockets_elsewhere(subject)
        except BaseException:  # cancelled while asking: the place is not taken
            limits.socket_closed(subject)
            raise
        if here + elsewhere > cap:
            limits.socket_closed(subject)
            return False
        self.socket_subject = subject
        await _publish_sockets(subject, here)
        return True

    async def _uncount_socket(self) -> None:
        subject, self.socket_subject = self.socket_subject, None
        if subject is not None:
            await _publish_sockets(subject, limits.socket_closed(subject))

    async def _count_presence(self) -> None:
        """Publish this process's count for the thread, then tell the thread (soon)."""
        await _publish_presence(self.idea_id, _local_viewers(self.idea_id))
        _schedule_presence(self.idea_id)
        _ensure_heartbeat()

    async def layer_lost(self) -> None:
        """The channel layer failed under this socket's relays: close with 4503."""
        if not self.joined:
            return
        try:
            await self.close(code=CLOSE_TRY_AGAIN)
        except Exception as exc:  # the client went away first
            logger.info("Could not close the socket: %r", exc)
        await self.disconnect(CLOSE_TRY_AGAIN)

    def _groups(self) -> list[str]:
        groups = [events.thread_group(self.idea_id)]
        if self.user.is_authenticated:
            groups.append(events.user_group(self.user.pk))
        return groups

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels (4.2+) hops to the one synchronous thread before every handler to close
        # stale database connections. Here the database is only reached through
        # database_sync_to_async, which does that itself; without the hop, a broadcast to
        # a thousand sockets is not queued behind a thousand thread switches.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def relayed(self, message: dict[str, Any]) -> None:
        """A thread event from this process's relay (see _ThreadRelay)."""
        if not self.joined:
            return
        if self.held is not None:
            self.held.append(message)
            return
        await self.dispatch(message)

    # --- From the client ---------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Live events wait while a client message is handled, as they would with one queue:
        # the writer gets its ack before the broadcast of its comment, and a `resume`
        # replay reaches the client before anything newer.
        self.held = []
        try:
            await self._receive(text_data, bytes_data)
        finally:
            while self.held:
                await self.dispatch(self.held.pop(0))
            self.held = None

    async def _receive(self, text_data: str | None, bytes_data: bytes | None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self._error(
                "too_large" if text_data else "bad_json", self._frame_detail(text_data)
            )
            return
        try:
            data = parse_json(text_data)
        except JSONTooDeep as exc:
            await self._error("bad_json", str(exc))
            return
        except ValueError:
            await self._error("bad_json", _("Send JSON objects with a “type”."))
            return
        if not isinstance(data, dict):
            await self._error("bad_json", _("Send JSON objects with a “type”."))
            return
        kind = data.get("type")
        if kind == "comment.create":
            await self._comment_create(data)
        elif kind == "resume":
            await self._resume(data)
        else:
            await self._error(
                "unknown_type",
                _("Unknown message type “%(type)s”. Send comment.create or resume.")
                % {"type": str(kind)[:40]},
            )

    @staticmethod
    def _frame_detail(text_data: str | None) -> str:
        if text_data is None:
            return _("Send JSON text frames, not binary ones.")
        return _("The message is too large. A comment may have at most 10,000 characters.")

    async def _comment_create(self, data: dict[str, Any]) -> None:
        client_id = data.get("client_id")
        client_id = str(client_id)[:64] if client_id is not None else None
        if not self.user.is_authenticated:
            await self._error("not_allowed", _("Sign in to comment."), client_id)
            return
        if not client_id:
            await self._error(
                "invalid", _("Give each comment a client_id (a UUID you choose)."), None
            )
            return
        body = data.get("body")
        if isinstance(body, str) and len(body) > MAX_BODY:
            await self._error(
                "too_large",
                _("Keep the comment under 10,000 characters (this one has %(count)s).")
                % {"count": len(body)},
                client_id,
            )
            return
        try:
            comment = await database_sync_to_async(_create)(self.user, self.idea_id, data)
        except _AccountGone:
            await self._error(
                "not_allowed",
                _("Your account has been deleted or deactivated, so you cannot comment."),
                client_id,
            )
            await self._close_for_good(CLOSE_ACCOUNT_GONE)
        except services.CommentRateLimited as exc:
            await self._error("too_fast", str(exc), client_id, retry_after=exc.wait)
        except (PermissionDenied, Http404) as exc:
            detail = str(exc) if isinstance(exc, PermissionDenied) and str(exc) else ""
            await self._error(
                "not_allowed", detail or _("You cannot comment on this idea."), client_id
            )
        except ValidationError as exc:
            await self._validation_error(exc, client_id)
        else:
            await self.send(
                json.dumps({"type": "comment.ack", "client_id": client_id, "comment": comment})
            )

    async def _validation_error(self, exc: ValidationError, client_id: str | None) -> None:
        code = "invalid"
        if hasattr(exc, "error_dict"):
            errors = [e for field_errors in exc.error_dict.values() for e in field_errors]
            if any(e.code == "too_large" for e in errors):
                code = "too_large"
            detail = " ".join(m for e in errors for m in e.messages)
        else:
            detail = " ".join(exc.messages)
        await self._error(code, detail, client_id)

    async def _resume(self, data: dict[str, Any]) -> None:
        after = data.get("after", 0)
        if after is None:
            after = 0
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            await self._error(
                "invalid", _("Give “after” as the id of the last comment you saw, or 0.")
            )
            return
        subject = limits.resume_subject(self.scope, self.user, f"{presence.PROCESS}.{id(self)}")
        if wait := await _resume_wait(subject):
            await self._error(
                "too_fast",
                _("You are resuming too often. Wait %(seconds)s seconds and try again.")
                % {"seconds": wait},
                retry_after=wait,
            )
            return
        ids = await database_sync_to_async(_resume_ids)(self.user, self.idea_id, after)
        if ids is None:
            await self._close_for_good(CLOSE_NO_ACCESS)
            return
        # Only what this connection has not had yet is read and serialised.
        sent = self.sent_created or set()
        missing = [pk for pk in ids if pk not in sent]
        if not missing:
            return
        every_one_after = after if len(missing) == len(ids) else None
        for comment in await database_sync_to_async(_comments)(
            self.idea_id, missing, every_one_after
        ):
            await self._send_created(
                comment["id"], json.dumps({"type": "comment.created", "comment": comment})
            )

    # --- From the group ----------------------------------------------------------------

    async def comment_event(self, event: events.CommentEvent) -> None:
        if not await self._still_allowed(event.get("visibility")):
            return
        if event["event"] == "comment.created":
            await self._send_created(event["comment_id"], event["text"])
        else:
            await self.send(event["text"])

    async def presence_update(self, event: events.PresenceUpdate) -> None:
        await self.send(json.dumps({"type": "presence", "viewers": event["viewers"]}))

    async def access_recheck(self, event: events.AccessRecheck) -> None:
        # Sent to a user's sockets when their memberships or their account changed.
        if self.user.is_authenticated and not await self._account_active():
            await self._close_for_good(CLOSE_ACCOUNT_GONE)
            return
        await self._still_allowed(None)

    # --- Helpers -----------------------------------------------------------------------

    async def _send_created(self, comment_id: int, text: str) -> None:
        # Once each per connection: a comment both replayed by `resume` and broadcast live
        # is sent once.
        if self.sent_created is None:
            self.sent_created = set()
        if comment_id in self.sent_created:
            return
        self.sent_created.add(comment_id)
        await self.send(text)

    async def _still_allowed(self, visibility: str | None) -> bool:
        """Check again before sending: public threads need no database (anyone may read
        them); others ask the database with fresh memberships. Closes when access is gone."""
        if visibility == Idea.Visibility.PUBLIC:
            return True
        if await database_sync_to_async(_visibility_for)(self.user, self.idea_id) is not None:
            return True
        await self._close_for_good(CLOSE_NO_ACCESS)
        return False

    async def _account_active(self) -> bool:
        return await database_sync_to_async(selectors.current_account)(self.user) is not None

    async def _close_for_good(self, code: int) -> None:
        """Close with a code that tells the client not to reconnect (4404, 4401)."""
        if self.joined:
            await self.close(code=code)
            await self.disconnect(code)

    async def _error(
        self,
        code: str,
        detail: str,
        client_id: str | None = None,
        *,
        retry_after: int | None = None,
    ) -> None:
        message: ErrorMessage = {"type": "error", "code": code, "detail": str(detail)}
        if client_id:
            message["client_id"] = client_id
        if retry_after is not None:
            message["retry_after"] = retry_after
        await self.send(json.dumps(message))

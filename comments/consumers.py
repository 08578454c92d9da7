"""The live comment thread: `/ws/ideas/{id}/comments/` (DESIGN.md, "Live comment threads"),
and a citizen proposal's, `/ws/proposals/{id}/comments/` (the same protocol on the
proposal's group, with the proposal's visibility rule: `ProposalThreadConsumer`).

This module speaks the protocol only. An async consumer, because one Daphne process holds
thousands of mostly idle sockets; every database call goes through
`database_sync_to_async`. Writes go through the same service as the REST API and the page
form (`services.comment_create`), which broadcasts after commit to the thread's group. The
group's events reach the socket through its process's relay (`comments/relay.py`); who is
on the thread is counted by `comments/presence.py`; what one client may cost is
`comments/limits.py`; who may see the thread is `ideas.selectors.may_see_idea`, asked
again before each event that is not public.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import TYPE_CHECKING, Any, TypedDict

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from comments import events, limits, presence, selectors, services
from comments.models import MAX_BODY, Comment
from comments.relay import Relay
from hub.auth import is_signed_in
from hub.safe_json import JSONTooDeep, parse_json
from ideas.models import Idea
from ideas.selectors import may_see_idea
from proposals.models import Proposal
from proposals.selectors import may_see_proposal

if TYPE_CHECKING:
    from hub.auth import Viewer

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
RESUME_LIMIT = 5_000


class ErrorMessage(TypedDict, total=False):
    type: str
    code: str
    detail: str
    client_id: str
    retry_after: int  # with too_fast: seconds until it is allowed again


_may_see = database_sync_to_async(may_see_idea)
_may_see_proposal = database_sync_to_async(may_see_proposal)
_payload = database_sync_to_async(events.comment_payload)
_resume_wait = sync_to_async(limits.resume_wait, thread_sensitive=False)
_publish_sockets = sync_to_async(presence.publish_count, thread_sensitive=False)
_sockets_elsewhere = sync_to_async(presence.total_count, thread_sensitive=False)


class _AccountGone(Exception):
    """The socket's account was deleted or deactivated after the socket opened."""


def _create(
    user: Viewer, model: type[Idea] | type[Proposal], subject_id: int, data: dict[str, Any]
) -> Comment:
    # The user was loaded when the socket opened; the account may have gone since.
    author = selectors.current_account(user)
    if author is None:
        raise _AccountGone
    # Whether the author may see the idea (the proposal) is the service's to check (once,
    # afresh).
    subject = model.objects.filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    on: dict[str, Idea | Proposal] = (
        {"proposal": subject} if isinstance(subject, Proposal) else {"idea": subject}
    )
    comment = services.comment_create(
        author=author,
        **on,  # type: ignore[arg-type]
        body=data.get("body"),  # type: ignore[arg-type]
        parent=data.get("parent"),
        prototype=data.get("prototype"),
        client_id=data.get("client_id"),
    )
    return comment


def _uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _resume_ids(user: Viewer, idea_id: int, after: int) -> list[int] | None:
    """The ids of the thread's comments after `after` (at most RESUME_LIMIT) if the user
    may still see it, else None. Reads the index only: a resume with nothing missing costs
    this and no comment row."""
    if not may_see_idea(user, idea_id):
        return None
    return selectors.idea_comment_ids(idea_id, after=after, limit=RESUME_LIMIT)


def _proposal_resume_ids(user: Viewer, proposal_id: int, after: int) -> list[int] | None:
    """`_resume_ids` of a proposal's thread."""
    if not may_see_proposal(user, proposal_id):
        return None
    return selectors.proposal_comment_ids(proposal_id, after=after, limit=RESUME_LIMIT)


def _comments(
    subject: int | Proposal, ids: list[int], every_one_after: int | None
) -> list[dict[str, Any]]:
    """The comments with these ids on the idea (its id) or proposal, serialised, in order.
    `every_one_after`: the ids are all of the thread's from there on (a range reads them
    without a list of ids)."""
    rows = selectors.idea_comments(subject, after=every_one_after)
    if every_one_after is None:
        rows = rows.filter(pk__in=ids)
    else:
        rows = rows.filter(pk__lte=ids[-1])
    return [events.comment_payload(c) for c in rows]


class CommentThreadConsumer(AsyncWebsocketConsumer):
    # No channel of its own (Channels gives none without a layer): group events come
    # through the process's relay, which calls `relayed()`.
    channel_layer_alias = None
    idea_id: int
    # Who opened the socket (the session's user, loaded then; see `_account_active`).
    user: Viewer
    joined: bool = False
    # Ids already sent as comment.created on this connection (made on first use: most
    # sockets are idle, and an empty set per socket adds up over thousands).
    sent_created: set[int] | None = None
    # Live events that arrive while a client message is being handled (see receive()).
    held: list[dict[str, Any]] | None = None
    # The comment.create being handled: its client_id as sent, and as a UUID; set to
    # None once acknowledged (see relayed()).
    writing: tuple[str, str | None] | None = None
    # What this socket is counted under for the cap per session or address (limits.py).
    socket_subject: str | None = None

    async def connect(self) -> None:
        self._route(self.scope["url_route"]["kwargs"])
        self.user = self.scope["user"]
        if not await self._count_socket():
            # Too many sockets of this session or address: accepted and closed with 4429,
            # so the client learns why (a refused handshake says nothing) and backs off.
            await self.accept()
            await self.close(code=CLOSE_TOO_MANY)
            return
        if not await self._may_see_thread():
            await self._uncount_socket()
            await self.close()  # refused at the handshake, like a 404
            return
        relay = Relay.here()
        try:
            for group in self._groups():
                await relay.join(self, group)
        except Exception as exc:
            # The channel layer is unreachable: say so with 4503 ("try again later")
            # instead of failing the handshake; the page says live updates are paused.
            logger.warning("Live thread %s unavailable: %s", self._thread_group(), exc)
            for group in self._groups():
                await relay.leave(self, group)
            await self._uncount_socket()
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        # Accepted before it counts as joined: the relays deliver only to joined sockets,
        # and nothing may be sent on a socket not yet accepted. Whatever is broadcast in
        # between, the client gets with the `resume` it sends on opening.
        await self.accept()
        self.joined = True
        await self._presence(joined=True)

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        self.joined = False
        # Uncounted first: leaving the last relay of a group waits for its receive to end,
        # which on Redis may outlast the time the server gives a closing socket.
        await self._uncount_socket()
        await self._presence(joined=False)
        relay = Relay.here()
        for group in self._groups():
            await relay.leave(self, group)

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
            elsewhere = await _sockets_elsewhere(subject, other_processes=True)
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

    async def layer_lost(self) -> None:
        """The channel layer failed under this socket's relay: close with 4503."""
        if not self.joined:
            return
        try:
            await self.close(code=CLOSE_TRY_AGAIN)
        except Exception as exc:  # the client went away first
            logger.info("Could not close the socket: %r", exc)
        await self.disconnect(CLOSE_TRY_AGAIN)

    # --- What makes this socket an idea's comment thread (a proposal's overrides these,
    # below; a dialogue's socket too: dialogues/consumers.py). ----------------------------

    def _route(self, kwargs: dict[str, Any]) -> None:
        self.idea_id = int(kwargs["idea_id"])

    async def _may_see_thread(self) -> bool:
        """Whether the socket's user may see the thread now (asked afresh)."""
        return bool(await _may_see(self.user, self.idea_id))

    def _thread_group(self) -> str:
        return events.thread_group(self.idea_id)

    async def _presence(self, *, joined: bool) -> None:
        counts = presence.ThreadCounts.here()
        group = self._thread_group()
        await (counts.joined(group) if joined else counts.left(group))

    async def _resume_ids(self, after: int) -> list[int] | None:
        return await database_sync_to_async(_resume_ids)(self.user, self.idea_id, after)

    async def _resume_texts(
        self, missing: list[int], every_one_after: int | None
    ) -> list[tuple[int, str]]:
        """(id, message text) of each missing item, in order, as `resume` replays them."""
        comments = await database_sync_to_async(_comments)(self.idea_id, missing, every_one_after)
        return [(c["id"], json.dumps({"type": "comment.created", "comment": c})) for c in comments]

    def _groups(self) -> list[str]:
        groups = [self._thread_group()]
        if is_signed_in(self.user):
            groups.append(events.user_group(self.user.pk))
        return groups

    async def _create(self, data: dict[str, Any]) -> Comment:
        return await database_sync_to_async(_create)(self.user, Idea, self.idea_id, data)

    def _not_allowed_text(self) -> str:
        return _("You cannot comment on this idea.")

    async def relayed(self, message: dict[str, Any]) -> None:
        """A group event from this process's relay."""
        if not self.joined:
            return
        if self.held is not None:
            if self.writing is not None and self._is_own_write(message):
                # Acknowledged from the broadcast, which the relay hands to writers first:
                # a crowded thread's copies then cannot delay the ack.
                comment = json.loads(message["text"])["comment"]
                await self._ack(self.writing[0], comment)
            self.held.append(message)
            return
        await self._group_event(message)

    def _is_own_write(self, message: dict[str, Any]) -> bool:
        return (
            self.writing is not None
            and message["type"] == "comment.event"
            and message["event"] == "comment.created"
            and message.get("author_id") == self.user.pk
            and message.get("client_id") == self.writing[1]
        )

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
                await self._group_event(self.held.pop(0))
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
        if not is_signed_in(self.user):
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
        self.writing = (client_id, _uuid(client_id))
        relay = Relay.here()
        relay.writers.add(self)
        try:
            comment = await self._create(data)
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
            await self._error("not_allowed", detail or self._not_allowed_text(), client_id)
        except ValidationError as exc:
            await self._validation_error(exc, client_id)
        else:
            # Not yet acknowledged from the broadcast: a retried client_id (nothing is
            # broadcast again), or the channel layer is away.
            if self.writing is not None:
                payload = await _payload(comment)
                if self.writing is not None:  # the broadcast may have come meanwhile
                    await self._ack(client_id, payload)
        finally:
            self.writing = None
            relay.writers.discard(self)

    async def _ack(self, client_id: str, comment: dict[str, Any]) -> None:
        self.writing = None
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
        ids = await self._resume_ids(after)
        if ids is None:
            await self._close_for_good(CLOSE_NO_ACCESS)
            return
        # Only what this connection has not had yet is read and serialised.
        sent = self.sent_created or set()
        missing = [pk for pk in ids if pk not in sent]
        if not missing:
            return
        every_one_after = after if len(missing) == len(ids) else None
        for pk, text in await self._resume_texts(missing, every_one_after):
            await self._send_created(pk, text)

    # --- From the group ----------------------------------------------------------------

    async def _group_event(self, message: Any) -> None:
        # Called by the relay directly, not through Channels' dispatch(): that hops to the
        # synchronous thread before every handler (to close stale database connections,
        # which database_sync_to_async does anyway), and a broadcast to a thousand sockets
        # would queue behind a thousand thread switches.
        kind = message["type"]
        if kind == "comment.event":
            await self.comment_event(message)
        elif kind == "presence.update":
            await self.presence_update(message)
        elif kind == "access.recheck":
            await self.access_recheck(message)

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
        if is_signed_in(self.user) and not await self._account_active():
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
        if await self._may_see_thread():
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


class ProposalThreadConsumer(CommentThreadConsumer):
    """A citizen proposal's thread, `/ws/proposals/{id}/comments/`: the idea thread's
    protocol, relay, caps, presence and rechecks on the proposal's own group; who may see it
    is `proposals.selectors.may_see_proposal` (a withdrawn or hidden proposal is its
    proposer's, its municipality's and staff's), asked again as for an idea."""

    proposal_id: int

    def _route(self, kwargs: dict[str, Any]) -> None:
        self.proposal_id = int(kwargs["proposal_id"])
        self.idea_id = 0  # no idea: nothing of an idea's thread applies

    def _thread_group(self) -> str:
        return events.proposal_thread_group(self.proposal_id)

    async def _may_see_thread(self) -> bool:
        return bool(await _may_see_proposal(self.user, self.proposal_id))

    async def _resume_ids(self, after: int) -> list[int] | None:
        return await database_sync_to_async(_proposal_resume_ids)(
            self.user, self.proposal_id, after
        )

    async def _resume_texts(
        self, missing: list[int], every_one_after: int | None
    ) -> list[tuple[int, str]]:
        comments = await database_sync_to_async(_comments)(
            Proposal(pk=self.proposal_id), missing, every_one_after
        )
        return [(c["id"], json.dumps({"type": "comment.created", "comment": c})) for c in comments]

    async def _create(self, data: dict[str, Any]) -> Comment:
        return await database_sync_to_async(_create)(self.user, Proposal, self.proposal_id, data)

    def _not_allowed_text(self) -> str:
        return _("You cannot comment on this proposal.")

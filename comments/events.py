"""What goes over the channel layer for live threads: group names, message shapes, sends.

Everything here is called after commit (see services), so no client ever sees a change
that was rolled back.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder

from comments.models import Comment
from comments.selectors import with_author_standing
from hub.cache import UNREACHABLE

logger = logging.getLogger(__name__)

EventType = Literal["comment.created", "comment.updated", "comment.deleted"]


class CommentEvent(TypedDict):
    """Group message: a comment changed. `text` is the client message, serialised once for
    every socket of the thread; `visibility` is the idea's at the time of the change, so a
    consumer can skip the database for public threads."""

    type: Literal["comment.event"]
    event: EventType
    comment_id: int
    text: str
    visibility: str
    # Whose comment, and the client_id it was written with (a UUID as text, or None): the
    # writer's socket acknowledges from the broadcast (comments/consumers.py).
    author_id: int
    client_id: str | None


class AccessRecheck(TypedDict):
    """Group message: who may see the thread may have changed; each consumer looks again."""

    type: Literal["access.recheck"]


class PresenceUpdate(TypedDict):
    type: Literal["presence.update"]
    viewers: int


def thread_group(idea_id: int) -> str:
    return f"comments.idea.{idea_id}"


def proposal_thread_group(proposal_id: int) -> str:
    """A citizen proposal's thread: a group of its own (ids of ideas and proposals overlap)."""
    return f"comments.proposal.{proposal_id}"


def user_group(user_id: int) -> str:
    return f"comments.user.{user_id}"


def comment_payload(comment: Comment) -> dict[str, Any]:
    """The comment in the REST shape, as plain JSON types (the Redis layer packs them)."""
    from comments.api.serializers import CommentSerializer

    data = CommentSerializer(comment).data
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _group_send(group: str, message: Any) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except UNREACHABLE as exc:
        # The change is committed; a layer outage must not turn it into an error. Clients
        # were closed with "try again later" and get it with `resume` when they return.
        logger.warning("Could not send %s to %s: %s", message.get("type"), group, exc)
    except Exception:
        logger.exception("Could not send %s to %s", message.get("type"), group)


#: For the other live features that share this machinery (dialogues/events.py).
group_send = _group_send


def broadcast_comment(comment_id: int, event: EventType) -> None:
    """Send the comment as it is now (after commit) to everyone on its thread."""
    comment = (
        with_author_standing(
            Comment.objects.select_related(
                "idea", "author", "parent", "parent__author", "prototype"
            )
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return
    if comment.idea is not None:
        group, visibility = thread_group(comment.idea.pk), comment.idea.visibility
    elif (proposal := comment.proposal) is not None:
        group = proposal_thread_group(proposal.pk)
        # Only "public" lets a consumer skip asking the database; anything else makes it ask.
        visibility = "limited" if proposal.withdrawn or proposal.hidden else "public"
    else:  # a comment is on an idea or a proposal (a database constraint)
        return
    message: CommentEvent = {
        "type": "comment.event",
        "event": event,
        "comment_id": comment.pk,
        "text": json.dumps({"type": event, "comment": comment_payload(comment)}),
        "visibility": visibility,
        "author_id": comment.author_id,
        "client_id": str(comment.client_id) if comment.client_id else None,
    }
    _group_send(group, message)


def recheck_thread(idea_id: int) -> None:
    """Make every consumer of the thread check again whether its user may see the idea."""
    message: AccessRecheck = {"type": "access.recheck"}
    _group_send(thread_group(idea_id), message)


def recheck_proposal_thread(proposal_id: int) -> None:
    """Make every consumer of a proposal's thread check again whether its user may see the
    proposal (it was hidden, shown again or withdrawn)."""
    message: AccessRecheck = {"type": "access.recheck"}
    _group_send(proposal_thread_group(proposal_id), message)


def recheck_user(user_id: int) -> None:
    """Make every thread consumer of one user check again (memberships changed)."""
    message: AccessRecheck = {"type": "access.recheck"}
    _group_send(user_group(user_id), message)

"""What goes over the channel layer for live dialogues: the same machinery and protocol as
live comment threads (comments/events.py, comments/relay.py, comments/consumers.py).

A dialogue page's socket (`/ws/dialogues/{id}/contributions/`) joins the dialogue's group
through the process's relay, as a thread's socket joins its idea's; it gets
`contribution.created` messages and answers `resume` (after the last id it saw) like a
thread. Everything here is called after commit (see services).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict

from django.core.serializers.json import DjangoJSONEncoder

from comments.events import AccessRecheck, group_send
from dialogues.models import Contribution


class ContributionEvent(TypedDict):
    """Group message: a contribution was added. Serialised once for every socket, twice:
    `text` as everyone may see it (the 250 m cell, no name unless shown), `team_text` with
    the exact point and pseudonym for the dialogue's team. `public`: the dialogue is not a
    draft (a socket then needs no database before sending `text`)."""

    type: Literal["contribution.event"]
    event: Literal["contribution.created"]
    contribution_id: int
    text: str
    team_text: str
    public: bool


def dialogue_group(dialogue_id: int) -> str:
    return f"dialogues.dialogue.{dialogue_id}"


def contribution_payload(contribution: Contribution, *, team: bool) -> dict[str, Any]:
    """The contribution in the REST shape, as plain JSON types."""
    from dialogues.api.serializers import ContributionSerializer

    data = ContributionSerializer(contribution, context={"team": team}).data
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def created_text(payload: dict[str, Any]) -> str:
    return json.dumps({"type": "contribution.created", "contribution": payload})


def broadcast_contribution(contribution_id: int) -> None:
    """Send the new contribution (as it is after commit) to everyone on its dialogue's page."""
    contribution = (
        Contribution.objects.select_related("dialogue", "author", "area", "focus_group")
        .filter(pk=contribution_id, hidden_at__isnull=True)
        .first()
    )
    if contribution is None:
        return
    message: ContributionEvent = {
        "type": "contribution.event",
        "event": "contribution.created",
        "contribution_id": contribution.pk,
        "text": created_text(contribution_payload(contribution, team=False)),
        "team_text": created_text(contribution_payload(contribution, team=True)),
        "public": contribution.dialogue.is_public,
    }
    group_send(dialogue_group(contribution.dialogue_id), message)


def recheck_dialogue(dialogue_id: int) -> None:
    """Make every socket of the dialogue check again whether its user may see it."""
    message: AccessRecheck = {"type": "access.recheck"}
    group_send(dialogue_group(dialogue_id), message)

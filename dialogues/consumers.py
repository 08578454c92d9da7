"""The live dialogue page: `/ws/dialogues/{id}/contributions/`.

The comment thread's consumer with a dialogue's group (comments/consumers.py): the same
relay, socket caps, close codes, `resume`, error messages and access rechecks; one protocol.
The socket only listens: contributions are sent with the page's form or the API
(dialogues.services.contribution_create), which broadcasts after commit. Who may see the
dialogue is `dialogues.selectors.may_see_dialogue`, asked again before each event of a draft
and whenever memberships change; the dialogue's team gets the team's text of each event
(exact point, pseudonym), everyone else the public one.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from comments import events as comment_events
from comments.consumers import RESUME_LIMIT, CommentThreadConsumer
from dialogues import events, selectors
from dialogues.models import Dialogue
from hub.auth import is_signed_in


def _access(user: Any, dialogue_id: int) -> tuple[bool, bool]:
    """(may see the dialogue, is on its team), with memberships read afresh."""
    if not selectors.may_see_dialogue(user, dialogue_id):
        return False, False
    dialogue = Dialogue.objects.select_related("organisation").get(pk=dialogue_id)
    return True, selectors.is_team(user, dialogue)


def _resume_ids(user: Any, dialogue_id: int, after: int, team: bool) -> list[int] | None:
    if not selectors.may_see_dialogue(user, dialogue_id):
        return None
    return selectors.contribution_ids(dialogue_id, after=after, limit=RESUME_LIMIT, team=team)


def _texts(dialogue_id: int, ids: list[int], team: bool) -> list[tuple[int, str]]:
    rows = selectors.dialogue_contributions(dialogue_id, team=team).filter(pk__in=ids)
    return [(c.pk, events.created_text(events.contribution_payload(c, team=team))) for c in rows]


class DialogueConsumer(CommentThreadConsumer):
    dialogue_id: int
    # Whether the socket's user is on the dialogue's team (the team's text of each event);
    # set on connect and on every recheck.
    team: bool = False

    def _route(self, kwargs: dict[str, Any]) -> None:
        self.dialogue_id = int(kwargs["dialogue_id"])
        self.idea_id = 0  # no idea: nothing of the comment thread applies

    async def _may_see_thread(self) -> bool:
        visible, self.team = await database_sync_to_async(_access)(self.user, self.dialogue_id)
        return visible

    async def _presence(self, *, joined: bool) -> None:
        # Viewer counts are a comment thread's feature; a dialogue page shows none.
        return None

    async def _resume_ids(self, after: int) -> list[int] | None:
        return await database_sync_to_async(_resume_ids)(
            self.user, self.dialogue_id, after, self.team
        )

    async def _resume_texts(
        self, missing: list[int], every_one_after: int | None
    ) -> list[tuple[int, str]]:
        return await database_sync_to_async(_texts)(self.dialogue_id, missing, self.team)

    def _groups(self) -> list[str]:
        groups = [events.dialogue_group(self.dialogue_id)]
        if is_signed_in(self.user):
            # Membership changes reach every socket of the person (comments.signals).
            groups.append(comment_events.user_group(self.user.pk))
        return groups

    async def _comment_create(self, data: dict[str, Any]) -> None:
        await self._error(
            "unknown_type",
            _("This socket only listens. Send resume; contributions are sent with the form."),
        )

    async def _group_event(self, message: Any) -> None:
        if message["type"] == "contribution.event":
            await self.contribution_event(message)
        else:
            await super()._group_event(message)

    async def contribution_event(self, event: events.ContributionEvent) -> None:
        if not await self._still_allowed("public" if event["public"] else None):
            return
        text = event["team_text"] if self.team else event["text"]
        await self._send_created(event["contribution_id"], text)

"""In-app notifications: what happened that a person asked to hear about.

A notification stores what happened (kind, who, on which idea, a short excerpt), not a
sentence: the sentence is written when it is shown, in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.content_language import content_html


class Notification(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", gettext_lazy("New comment on an idea you follow")
        REPLY = "reply", gettext_lazy("Reply to your comment")
        FLAG = "flag", gettext_lazy("Comment flagged for moderation")
        HIDDEN = "hidden", gettext_lazy("Your comment was hidden")
        PROPOSAL_STATUS = "proposal_status", gettext_lazy("A proposal is being considered")
        PROPOSAL_ANSWER = "proposal_answer", gettext_lazy("A proposal was answered")
        PROPOSAL_HIDDEN = "proposal_hidden", gettext_lazy("Your proposal was hidden")
        CONTRIBUTION_FLAG = (
            "contribution_flag",
            gettext_lazy("A contribution to a dialogue was flagged for moderation"),
        )
        CONTRIBUTION_HIDDEN = (
            "contribution_hidden",
            gettext_lazy("A moderator hid your contribution to a dialogue"),
        )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(gettext_lazy("address"), max_length=500, blank=True)
    excerpt = models.CharField(gettext_lazy("excerpt"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = gettext_lazy("notification")
        verbose_name_plural = gettext_lazy("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def _sentence(self) -> tuple[str, dict[str, Any]]:
        """The sentence in the active language with its placeholders, and their values."""
        params: dict[str, Any] = {
            "actor": self.actor.public_name if self.actor else _("Someone"),
            # What it is about: the idea, or the citizen proposal (comments on either).
            "idea": self.idea.title
            if self.idea
            else (self.proposal.title if self.proposal else ""),
        }
        if self.kind == self.Kind.COMMENT:
            return _("%(actor)s commented on “%(idea)s”"), params
        if self.kind == self.Kind.REPLY:
            return _("%(actor)s replied to your comment on “%(idea)s”"), params
        if self.kind == self.Kind.FLAG:
            return _("A comment on “%(idea)s” was flagged for moderation"), params
        if self.kind == self.Kind.HIDDEN:
            return _("A moderator hid your comment on “%(idea)s”"), params
        if self.kind == self.Kind.PROPOSAL_STATUS:
            return _("The municipality is considering the proposal “%(idea)s”"), params
        if self.kind == self.Kind.PROPOSAL_ANSWER:
            return _("The proposal “%(idea)s” was answered"), params
        if self.kind == self.Kind.PROPOSAL_HIDDEN:
            return _("A moderator hid your proposal “%(idea)s”"), params
        return str(self.get_kind_display()), {}

    def message(self) -> str:
        """One sentence in the active language: who did what, where."""
        sentence, params = self._sentence()
        return sentence % params if params else sentence

    def message_html(self) -> SafeString:
        """The same sentence for a page: escaped, the idea's title marked as the language
        people write in (hub.content_language) when the page is in another."""
        sentence, params = self._sentence()
        if not params:
            return SafeString(conditional_escape(sentence))
        return mark_safe(  # noqa: S308 - every part is escaped
            conditional_escape(sentence)
            % {"actor": conditional_escape(params["actor"]), "idea": content_html(params["idea"])}
        )

"""Comments on ideas and on citizen proposals: threaded, Markdown, edited in place,
soft-deleted, flagged, hidden.

A comment belongs to exactly one thread subject: an idea or a proposal (`subject`). Flags
point at a comment, a proposal or a dialogue contribution: whatever people write goes
through the same flags, the same queue and the same moderators (comments/moderation.py).

A deleted or hidden comment keeps its row (and so its place in the thread, its replies
and its id for `resume`); only its text is gone from what readers get.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_BODY = 10_000
MAX_REASON = 1_000


class Comment(models.Model):
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    prototype = models.ForeignKey(
        "prototypes.Prototype",
        verbose_name=_("prototype"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # The top-level comment of the thread this one belongs to (None for a top-level
    # comment): pages show two levels, so deeper replies are listed under their root.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="descendants"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment (Markdown)"), max_length=MAX_BODY)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, max_length=MAX_REASON)
    # Chosen by the client (a UUID) so that a retried send is stored once.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=Q(client_id__isnull=False),
                name="comment_unique_author_client_id",
            ),
            models.CheckConstraint(
                condition=Q(idea__isnull=False, proposal__isnull=True)
                | Q(idea__isnull=True, proposal__isnull=False),
                name="comment_on_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["idea", "id"], name="comment_idea_id"),
            models.Index(fields=["proposal", "id"], name="comment_proposal_id"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.idea_id or self.proposal_id}: {self.body[:40]}"

    @property
    def subject(self) -> Any:
        """What the thread is about: the idea, or the citizen proposal."""
        return self.idea if self.idea_id is not None else self.proposal

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def visible_text(self) -> bool:
        """Whether readers get the text (not deleted, not hidden)."""
        return self.deleted_at is None and self.hidden_at is None

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


def refresh_comment_count(subject: Any) -> None:
    """Count again the comments readers see on an idea's or a proposal's thread."""
    field = "idea" if subject._meta.model_name == "idea" else "proposal"
    subject.comment_count = Comment.objects.filter(
        **{field: subject}, deleted_at__isnull=True, hidden_at__isnull=True
    ).count()
    # save(update_fields) so that listeners such as the search index see the new count.
    subject.save(update_fields=["comment_count"])


class Flag(models.Model):
    """Someone thinks something people wrote breaks the rules, and says why: a comment, a
    citizen proposal or a dialogue contribution (exactly one of them)."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    contribution = models.ForeignKey(
        "dialogues.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_flags"
    )
    reason = models.TextField(_("reason"), max_length=MAX_REASON)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="flag_unique_comment_user"),
            models.UniqueConstraint(fields=["proposal", "user"], name="flag_unique_proposal_user"),
            models.UniqueConstraint(
                fields=["contribution", "user"], name="flag_unique_contribution_user"
            ),
            models.CheckConstraint(
                condition=Q(comment__isnull=False, proposal__isnull=True, contribution__isnull=True)
                | Q(comment__isnull=True, proposal__isnull=False, contribution__isnull=True)
                | Q(comment__isnull=True, proposal__isnull=True, contribution__isnull=False),
                name="flag_on_one_subject",
            ),
        ]

    def __str__(self) -> str:
        if self.comment_id:
            return f"{self.user_id} flagged comment {self.comment_id}"
        if self.proposal_id:
            return f"{self.user_id} flagged proposal {self.proposal_id}"
        return f"{self.user_id} flagged contribution {self.contribution_id}"

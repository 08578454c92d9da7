"""Citizen proposals (medborgarförslag): a resident proposes, the municipality answers.

A proposal moves `submitted → considering → answered`; `allowed_next_statuses` is the one
place that rule lives (like the ideas' stages). The answer says what became of it:
accepted, declined (with the reasons in its text) or turned into an idea, which is then
linked both ways (`Proposal.idea`, and the idea's `proposals`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.auth import is_signed_in

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from hub.auth import Viewer

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_ANSWER = 20_000


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CONSIDERING = "considering", _("Being considered")
    ANSWERED = "answered", _("Answered")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IDEA = "idea", _("Turned into an idea")


_NEXT: dict[str, list[str]] = {
    Status.SUBMITTED: [Status.CONSIDERING, Status.ANSWERED],
    Status.CONSIDERING: [Status.ANSWERED],
    Status.ANSWERED: [],
}


def allowed_next_statuses(current: str, *, withdrawn: bool = False) -> list[str]:
    """The statuses a proposal at `current` may move to: forward only, answered is final,
    and a withdrawn proposal moves no more. This is the one place the rule lives."""
    if withdrawn:
        return []
    return list(_NEXT.get(current, []))


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: Viewer) -> QuerySet[Proposal]:
        """The one visibility rule of proposals: public to everyone unless withdrawn or
        hidden by a moderator; those stay visible to the proposer, to the members of the
        municipality it was sent to (who answer and moderate it) and to platform staff."""
        public = Q(withdrawn_at__isnull=True, hidden_at__isnull=True)
        if not is_signed_in(user):
            return self.filter(public)
        if user.is_staff:
            return self.all()
        from accounts.selectors import user_organisation_ids

        return self.filter(
            public | Q(author=user) | Q(organisation_id__in=user_organisation_ids(user))
        )


class Proposal(models.Model):
    """A resident's proposal to a municipality."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    # Kept (anonymised) when the account goes: SET_NULL, and show_name is turned off.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    show_name = models.BooleanField(_("show my name"), default=False)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("proposal (Markdown)"), max_length=MAX_BODY)
    body_html = models.TextField(editable=False, blank=True)
    place = models.ForeignKey(
        "maps.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    #: A public figure of any organisation's fact sheet that the proposal builds on.
    fact = models.ForeignKey(
        "facts.Fact",
        verbose_name=_("fact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    answer_kind = models.CharField(
        _("answer"), max_length=20, choices=AnswerKind.choices, blank=True
    )
    answer = models.TextField(_("answer (Markdown)"), blank=True, max_length=MAX_ANSWER)
    answer_html = models.TextField(editable=False, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, max_length=1_000)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Denormalised counters, kept by the services that change them, for lists.
    me_too_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen proposal")
        verbose_name_plural = _("citizen proposals")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="proposal_newest"),
            # The public list (anonymous visitors, most readers) and its count read straight
            # off this index: only the rows everyone may see, newest first.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(withdrawn_at__isnull=True, hidden_at__isnull=True),
                name="proposal_public_newest",
            ),
            models.Index(
                fields=["organisation", "status", "-created_at"], name="proposal_org_status"
            ),
            models.Index(fields=["status", "-created_at"], name="proposal_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.ANSWERED, answered_at__isnull=False)
                | (~Q(status=Status.ANSWERED) & Q(answered_at__isnull=True)),
                name="proposal_answered_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind=AnswerKind.IDEA) | Q(idea__isnull=False),
                name="proposal_idea_answer_links_idea",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:proposal_detail", kwargs={"pk": self.pk})

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_open(self) -> bool:
        """Not answered and not withdrawn: the municipality still owes an answer."""
        return self.status != Status.ANSWERED and not self.withdrawn

    @property
    def author_display(self) -> str:
        """What readers see as the proposer: the name only if they chose to show it (never
        the e-mail address), otherwise "Resident"."""
        if self.show_name and self.author is not None and self.author.deleted_at is None:
            return self.author.public_name
        return str(_("Resident"))

    def allowed_next_statuses(self) -> list[str]:
        return allowed_next_statuses(self.status, withdrawn=self.withdrawn)

    def move_to(self, status: str) -> str:
        """Change the status in memory after checking the rule; returns the status left."""
        allowed = self.allowed_next_statuses()
        if status not in allowed:
            if self.withdrawn:
                message = str(_("The proposer withdrew this proposal; its status cannot change."))
            elif not allowed:
                message = str(_("The proposal is answered; its status cannot change any more."))
            else:
                message = _("%(current)s cannot move to %(status)s. Allowed: %(allowed)s.") % {
                    "current": Status(self.status).label,
                    "status": Status(status).label if status in Status.values else status,
                    "allowed": ", ".join(f"{Status(s).label} ({s})" for s in allowed),
                }
            raise ValidationError({"status": message})
        previous = self.status
        self.status = status
        return previous


class MeToo(models.Model):
    """Someone says "me too" to a proposal: once per person, counted, never down."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="me_toos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_me_toos"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("me too")
        verbose_name_plural = _("me toos")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="metoo_unique_proposal_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} too on {self.proposal_id}"


class ProposalFollow(models.Model):
    """Someone follows a proposal: told of its status changes, its answer and comments."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal follow")
        verbose_name_plural = _("proposal follows")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="proposalfollow_unique_proposal_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows proposal {self.proposal_id}"

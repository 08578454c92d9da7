"""Flags and hiding: one flow for everything people write here — comments, citizen
proposals and dialogue contributions (a "target").

Any signed-in reader flags a target with a reason (once; never their own); the
coordinators and administrators of the organisation it belongs to (platform staff where
it has none) are told and find it in the moderation queue; a moderator hides it with a
reason, which resolves its open flags and tells its author, or dismisses the flags when
nothing is wrong, or shows a hidden target again. What differs per kind of target — its
column on `Flag`, whose visibility rule applies, its sentences, what else must follow a
change (a thread's comment count and live update) — is one `Kind` below; the flow is
written once.

The REST API, the pages and the tests call `flag`, `hide`, `unhide` and `dismiss_flags`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation, User
from accounts.selectors import user_manages_organisation
from comments import events, selectors
from comments.models import MAX_REASON, Comment, Flag, refresh_comment_count
from dialogues.models import Contribution
from dialogues.selectors import may_see_dialogue
from hub.auth import is_signed_in
from ideas.selectors import may_see_idea
from notifications.models import Notification
from notifications.services import notify
from proposals.models import Proposal
from proposals.selectors import may_see_proposal

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Text

    from hub.auth import Viewer

Target = Comment | Proposal | Contribution
T = TypeVar("T", Comment, Proposal, Contribution)


@dataclass(frozen=True)
class Kind:
    """How one kind of target takes part in moderation."""

    field: str  # its column on Flag
    sign_in: Text
    own: Text
    again: Text
    refused: Text  # with %(organisation)s
    flagged: str  # Notification.Kind for the moderators
    hidden: str  # Notification.Kind for the author


COMMENT = Kind(
    field="comment",
    sign_in=_("Sign in to flag a comment."),
    own=_("You cannot flag your own comment; edit it instead."),
    again=_("You have already flagged this comment."),
    refused=_("Only platform staff and coordinators of %(organisation)s can hide comments."),
    flagged=Notification.Kind.FLAG,
    hidden=Notification.Kind.HIDDEN,
)
PROPOSAL = Kind(
    field="proposal",
    sign_in=_("Sign in to flag a proposal."),
    own=_("You cannot flag your own proposal; edit it instead."),
    again=_("You have already flagged this proposal."),
    refused=_(
        "Only platform staff and coordinators of %(organisation)s can moderate citizen proposals."
    ),
    flagged=Notification.Kind.FLAG,
    hidden=Notification.Kind.PROPOSAL_HIDDEN,
)
CONTRIBUTION = Kind(
    field="contribution",
    sign_in=_("Sign in to flag a contribution."),
    own=_("You cannot flag your own contribution."),
    again=_("You have already flagged this contribution."),
    refused=_("Only platform staff and coordinators of %(organisation)s can hide contributions."),
    flagged=Notification.Kind.CONTRIBUTION_FLAG,
    hidden=Notification.Kind.CONTRIBUTION_HIDDEN,
)


def kind_of(target: Target) -> Kind:
    if isinstance(target, Comment):
        return COMMENT
    if isinstance(target, Proposal):
        return PROPOSAL
    return CONTRIBUTION


def organisation_of(target: Target) -> Organisation:
    """Whose coordinators moderate the target: the thread's idea's or proposal's
    organisation, the municipality a proposal was sent to, the dialogue's municipality."""
    if isinstance(target, Comment):
        return target.subject.organisation
    if isinstance(target, Contribution):
        return target.dialogue.organisation
    return target.organisation


def _may_see(user: Viewer, target: Target) -> bool:
    if isinstance(target, Comment):
        subject = target.subject
        if isinstance(subject, Proposal):
            return may_see_proposal(user, subject.pk)
        return may_see_idea(user, subject.pk)
    if isinstance(target, Proposal):
        return may_see_proposal(user, target.pk)
    return may_see_dialogue(user, target.dialogue_id)


def _require_visible(user: Viewer, target: Target) -> None:
    if not _may_see(user, target):
        raise Http404


def can_moderate(user: Viewer, target: Target) -> bool:
    """Platform staff and the coordinators and administrators of the target's organisation."""
    return is_signed_in(user) and user_manages_organisation(user, organisation_of(target))


def require_moderate(user: Viewer, target: Target) -> None:
    """Refuse (403, with the reason) unless the user moderates the target."""
    if not can_moderate(user, target):
        raise PermissionDenied(
            str(kind_of(target).refused) % {"organisation": organisation_of(target).name}
        )


def _require_not_deleted(target: Target) -> None:
    if isinstance(target, Comment) and target.deleted:
        raise ValidationError(_("This comment is already deleted."))


def moderators(organisation: Organisation) -> list[User]:
    """Who is told of a flag: the organisation's coordinators and administrators, or
    platform staff where it has none."""
    managers = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN],
            is_active=True,
        ).distinct()
    )
    return managers or list(User.objects.filter(is_staff=True, is_active=True))


def _about(target: Target) -> dict[str, Any]:
    """What a notification is about (the idea or proposal whose visibility it follows)."""
    if isinstance(target, Comment):
        return {"idea": target.idea, "proposal": target.proposal}
    if isinstance(target, Proposal):
        return {"proposal": target}
    return {}


def url_of(target: Target) -> str:
    """Where a person finds the target on the site."""
    if isinstance(target, Comment):
        return f"{target.subject.get_absolute_url()}#{target.anchor}"
    if isinstance(target, Contribution):
        return f"{target.dialogue.get_absolute_url()}#contribution-{target.pk}"
    return target.get_absolute_url()


def _changed(target: Target) -> None:
    """What follows hiding or showing: a thread's comment count and its live readers."""
    if isinstance(target, Comment):
        refresh_comment_count(target.subject)
        comment_id = target.pk
        transaction.on_commit(lambda: events.broadcast_comment(comment_id, "comment.updated"))


def clean_reason(reason: Any) -> str:
    """The reason of a flag or a hide: one line of text, said, under 1,000 characters."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise ValidationError({"reason": _("Say why, so the moderators know what to look at.")})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    return text


def close_flags(target: Target, actor: User, at: datetime | None = None) -> int:
    """Resolve the target's open flags (by `actor`, now or `at`); how many there were."""
    return Flag.objects.filter(**{kind_of(target).field: target}, resolved_at__isnull=True).update(
        resolved_at=at or timezone.now(), resolved_by=actor
    )


@transaction.atomic
def flag(*, actor: User, target: Target, reason: str) -> Flag:
    """Any signed-in reader flags a target for its moderators, saying why (once)."""
    kind = kind_of(target)
    selectors.require_post(actor, str(kind.sign_in))
    _require_visible(actor, target)
    if target.author_id == actor.pk:
        raise ValidationError(kind.own)
    _require_not_deleted(target)
    text = clean_reason(reason)
    if Flag.objects.filter(**{kind.field: target}, user=actor).exists():
        raise ValidationError(kind.again)
    try:
        with transaction.atomic():
            created = Flag.objects.create(**{kind.field: target}, user=actor, reason=text)
    except IntegrityError:
        raise ValidationError(kind.again) from None
    notify(
        recipients=moderators(organisation_of(target)),
        kind=kind.flagged,
        actor=actor,
        url="/moderering/",
        excerpt=text,
        **_about(target),
    )
    return created


@transaction.atomic
def hide(*, actor: User, target: T, reason: str) -> T:
    """A moderator hides a target with a reason readers see where it stood (its author and
    its team still see it, with the reason); its open flags are resolved and its author is
    told."""
    _require_visible(actor, target)
    require_moderate(actor, target)
    _require_not_deleted(target)
    target.hidden_reason = clean_reason(reason)
    target.hidden_at = target.hidden_at or timezone.now()
    target.hidden_by = actor
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    close_flags(target, actor)
    _changed(target)
    if target.author is not None:
        notify(
            recipients=[target.author],
            kind=kind_of(target).hidden,
            actor=actor,
            url=url_of(target),
            excerpt=target.hidden_reason,
            **_about(target),
        )
    return target


@transaction.atomic
def unhide(*, actor: User, target: T) -> T:
    """A moderator shows a hidden target again."""
    _require_visible(actor, target)
    require_moderate(actor, target)
    if target.hidden_at is not None:
        target.hidden_at = None
        target.hidden_by = None
        target.hidden_reason = ""
        target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _changed(target)
    return target


@transaction.atomic
def dismiss_flags(*, actor: User, target: Target) -> int:
    """A moderator finds nothing wrong: the target's open flags are closed."""
    _require_visible(actor, target)
    require_moderate(actor, target)
    return close_flags(target, actor)

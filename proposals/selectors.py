"""Reads about citizen proposals: who may see and do what, the lists, how fast a
municipality answers.

Everything starts from the one visibility rule, `Proposal.objects.visible_to(user)`; what
someone may not see is a 404 (`access_proposal`). Roles on a visible proposal are answered
by the `can_*` functions (for the pages' buttons); the `require_*` functions refuse (403
with the reason), for the services and for pages that refuse before showing a form.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import forget_memberships, user_organisation_ids
from facts.models import Fact
from facts.selectors import facts_visible_to
from hub.auth import is_signed_in
from maps.models import Place
from maps.selectors import places_visible_to
from proposals.models import MeToo, Proposal, ProposalFollow, Status

if TYPE_CHECKING:
    from hub.auth import Viewer


def proposals_visible_to(user: Viewer) -> QuerySet[Proposal]:
    """The proposals the user may see, with what a list row shows loaded up front: a
    constant number of queries however many rows (one, plus the user's memberships once)."""
    return Proposal.objects.visible_to(user).select_related(
        "organisation", "organisation__county", "author", "place", "fact__sheet__organisation"
    )


def citable_places() -> QuerySet[Place]:
    """The places a proposal may be about: a proposal is public, so only what everyone may
    see (a public place; the service also asks for one of the proposal's municipality)."""
    return places_visible_to(AnonymousUser())


def citable_facts() -> QuerySet[Fact]:
    """The figures a proposal may build on: those of public fact sheets, of any
    organisation (a proposal is public, so what it cites must be too)."""
    return facts_visible_to(AnonymousUser()).select_related("sheet", "sheet__organisation")


def with_viewer_state(rows: QuerySet[Proposal], user: Viewer) -> QuerySet[Proposal]:
    """The rows annotated with whether the viewer said me too (`mine_me_too`) and follows
    (`mine_following`), in the same query."""
    if not is_signed_in(user):
        return rows
    return rows.annotate(
        mine_me_too=Exists(MeToo.objects.filter(proposal=OuterRef("pk"), user=user)),
        mine_following=Exists(ProposalFollow.objects.filter(proposal=OuterRef("pk"), user=user)),
    )


def access_proposal(user: Viewer, pk: int | str) -> Proposal:
    """The proposal if the user may see it, else 404 (same answer for missing and hidden)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    forget_memberships(user)
    found = with_viewer_state(proposals_visible_to(user), user).filter(pk=number).first()
    if found is None:
        raise Http404
    return found


def may_see_proposal(user: Viewer, proposal_id: int) -> bool:
    """Whether the user may see the proposal now, with memberships read afresh."""
    forget_memberships(user)
    return Proposal.objects.visible_to(user).filter(pk=proposal_id).exists()


def users_who_may_see_proposal(proposal: Proposal, user_ids: Iterable[int]) -> QuerySet[User]:
    """Those of these users who may see the proposal, in one query (for notifications):
    the rule of `Proposal.objects.visible_to` seen from the proposal's side."""
    users = User.objects.filter(pk__in=list(user_ids))
    if proposal.withdrawn_at is None and proposal.hidden_at is None:
        return users
    return users.filter(
        Q(is_staff=True)
        | Q(pk=proposal.author_id or 0)
        | Q(memberships__organisation_id=proposal.organisation_id)
    ).distinct()


def is_proposer(user: Viewer, proposal: Proposal) -> bool:
    return is_signed_in(user) and proposal.author_id == user.pk


def can_answer(user: Viewer, proposal: Proposal) -> bool:
    """Members of the municipality the proposal was sent to move its status and answer it."""
    return is_signed_in(user) and proposal.organisation_id in user_organisation_ids(user)


def can_edit(user: Viewer, proposal: Proposal) -> bool:
    """The proposer edits or withdraws their proposal until it is answered."""
    return is_proposer(user, proposal) and proposal.is_open


def require_answer(user: Viewer, proposal: Proposal) -> None:
    """Refuse (403) unless the user may move the proposal's status and answer it."""
    if not can_answer(user, proposal):
        raise PermissionDenied(
            _("Only members of %(organisation)s can answer its citizen proposals.")
            % {"organisation": proposal.organisation.name}
        )


def require_edit(user: Viewer, proposal: Proposal) -> None:
    """Refuse (403, with the reason) unless the user may edit or withdraw the proposal."""
    if not is_proposer(user, proposal):
        raise PermissionDenied(_("Only the person who sent a proposal can change or withdraw it."))
    if proposal.withdrawn:
        raise PermissionDenied(_("You withdrew this proposal; it cannot be changed."))
    if proposal.status == Status.ANSWERED:
        raise PermissionDenied(_("The proposal is answered; it cannot be changed any more."))


def require_municipality(organisation: Organisation) -> None:
    """Refuse (400) a proposal to anything but a municipality."""
    from django.core.exceptions import ValidationError

    if organisation.kind != Organisation.Kind.MUNICIPALITY:
        raise ValidationError(
            {
                "organisation": _(
                    "Citizen proposals go to a municipality; %(organisation)s is not one."
                )
                % {"organisation": organisation.name}
            }
        )


def open_proposals(user: Viewer, organisation: Organisation) -> QuerySet[Proposal]:
    """The organisation's proposals still waiting for an answer, oldest first."""
    return (
        proposals_visible_to(user)
        .filter(organisation=organisation, withdrawn_at__isnull=True)
        .exclude(status=Status.ANSWERED)
        .order_by("created_at", "id")
    )


def median_days_to_answer(organisation: Organisation) -> float | None:
    """The median number of days from submission to answer of the organisation's answered
    proposals (None when none is answered). Durations are read as pairs of times and the
    median taken in Python: the same on SQLite and PostgreSQL, with no engine's date
    arithmetic (SQLite has no interval type)."""
    pairs = Proposal.objects.filter(
        organisation=organisation, status=Status.ANSWERED, answered_at__isnull=False
    ).values_list("created_at", "answered_at")
    days = [
        (answered - created).total_seconds() / 86_400 for created, answered in pairs if answered
    ]
    if not days:
        return None
    return round(statistics.median(days), 1)


def is_following(user: Viewer, proposal: Proposal) -> bool:
    if not is_signed_in(user):
        return False
    return ProposalFollow.objects.filter(user=user, proposal=proposal).exists()


def said_me_too(user: Viewer, proposal: Proposal) -> bool:
    if not is_signed_in(user):
        return False
    return MeToo.objects.filter(user=user, proposal=proposal).exists()


def proposal_recipients(proposal: Proposal, *, exclude: Iterable[int] = ()) -> list[User]:
    """Who hears about the proposal's status and answer: its proposer and its followers."""
    ids = set(ProposalFollow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.author_id is not None:
        ids.add(proposal.author_id)
    ids -= set(exclude)
    return list(User.objects.filter(pk__in=ids))

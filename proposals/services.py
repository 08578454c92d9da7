"""Writes for citizen proposals: submit, edit, withdraw, move the status, answer, me too,
follow. One path for every caller (API, pages, demo data, tests).

Each function validates, checks access (what you may not see is a 404, what you may see but
not do is a 403 with the reason) and saves; notifications are written in the transaction
and e-mailed after commit (notifications.services.notify). Flagging and hiding a proposal
is moderation, and lives with the other flags in comments.services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from comments.selectors import require_post
from facts.models import Fact
from hub.markdown import markdown_to_text, render_markdown
from hub.rates import RateLimited, rate_wait
from ideas.models import Idea
from ideas.selectors import may_see_idea
from maps.models import Place
from notifications.models import Notification
from notifications.services import notify
from proposals import selectors
from proposals.models import (
    MAX_ANSWER,
    MAX_BODY,
    MAX_TITLE,
    AnswerKind,
    MeToo,
    Proposal,
    ProposalFollow,
    Status,
)

_UNSET: Any = object()


class ProposalRateLimited(RateLimited):
    """The person sent too many proposals in a short time (the API answers 429)."""

    def __init__(self, wait: int) -> None:
        super().__init__(
            _(
                "You have sent many proposals in a short time. Wait %(seconds)s seconds "
                "and try again."
            )
            % {"seconds": wait},
            wait,
        )


def _check_rate(author: User) -> None:
    # Counted in the shared cache, like comments: the limit holds for every process and
    # every way of submitting.
    wait = rate_wait(f"proposals:rate:{author.pk}", settings.PROPOSAL_RATE_LIMIT)
    if wait:
        raise ProposalRateLimited(wait)


def _clean_text(value: Any, field: str, limit: int, empty: str) -> str:
    text = value if isinstance(value, str) else ""
    if not text.strip():
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep it under %(limit)s characters (this has %(count)s).")
                % {"limit": f"{limit:,}".replace(",", " "), "count": len(text)}
            }
        )
    return text.strip() if field == "title" else text


def _clean_title(value: Any) -> str:
    return _clean_text(value, "title", MAX_TITLE, _("Give the proposal a short title."))


def _clean_body(value: Any) -> str:
    return _clean_text(value, "body", MAX_BODY, _("Describe your proposal."))


def _clean_place(organisation: Organisation, place: Place | int | None) -> Place | None:
    """A public place of the municipality, or none."""
    if place is None or place == "":
        return None
    place_id = place.pk if isinstance(place, Place) else place
    found = selectors.citable_places().filter(pk=place_id, organisation=organisation).first()
    if found is None:
        raise ValidationError(
            {
                "place": _("%(organisation)s has no public place %(id)s.")
                % {"organisation": organisation.name, "id": str(place_id)[:20]}
            }
        )
    return found


def _excerpt(text: str) -> str:
    return " ".join(markdown_to_text(text).split())[:200]


def _clean_fact(fact: Fact | int | None) -> Fact | None:
    """A figure of a public fact sheet (a proposal is public: what it cites must be too), or
    none; any other id is answered like a missing one."""
    if fact is None or fact == "":
        return None
    fact_id = fact.pk if isinstance(fact, Fact) else fact
    found = selectors.citable_facts().filter(pk=fact_id).first()
    if found is None:
        raise ValidationError(
            {"fact": _("No public fact has id %(id)s.") % {"id": str(fact_id)[:20]}}
        )
    return found


@transaction.atomic
def proposal_create(
    *,
    author: User,
    organisation: Organisation,
    title: str,
    body: str,
    place: Place | int | None = None,
    fact: Fact | int | None = None,
    show_name: bool = False,
) -> Proposal:
    """A signed-in resident sends a proposal to a municipality; public without the name
    unless `show_name`."""
    require_post(author, _("Sign in to send a proposal."))
    selectors.require_municipality(organisation)
    clean_title, clean_body = _clean_title(title), _clean_body(body)
    place_row = _clean_place(organisation, place)
    fact_row = _clean_fact(fact)
    _check_rate(author)
    proposal = Proposal(
        organisation=organisation,
        author=author,
        show_name=bool(show_name),
        title=clean_title,
        body=clean_body,
        body_html=render_markdown(clean_body, heading_base=3),
        place=place_row,
        fact=fact_row,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    title: str = _UNSET,
    body: str = _UNSET,
    place: Place | int | None = _UNSET,
    fact: Fact | int | None = _UNSET,
    show_name: bool = _UNSET,
) -> Proposal:
    """The proposer edits their proposal before it is answered."""
    selectors.require_edit(actor, proposal)
    fields: list[str] = []
    if title is not _UNSET:
        proposal.title = _clean_title(title)
        fields.append("title")
    if body is not _UNSET:
        proposal.body = _clean_body(body)
        proposal.body_html = render_markdown(proposal.body, heading_base=3)
        fields += ["body", "body_html"]
    if place is not _UNSET:
        proposal.place = _clean_place(proposal.organisation, place)
        fields.append("place")
    if fact is not _UNSET:
        proposal.fact = _clean_fact(fact)
        fields.append("fact")
    if show_name is not _UNSET:
        proposal.show_name = bool(show_name)
        fields.append("show_name")
    if fields:
        proposal.save(update_fields=[*fields, "updated_at"])
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal) -> Proposal:
    """The proposer withdraws their proposal before it is answered: it leaves the public
    lists (the proposer and the municipality still see it)."""
    selectors.require_edit(actor, proposal)
    proposal.withdrawn_at = timezone.now()
    proposal.save(update_fields=["withdrawn_at", "updated_at"])
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    # Lock the row: two members moving or answering at once must not both pass the rule.
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.status = locked.status
    proposal.withdrawn_at = locked.withdrawn_at
    return locked


@transaction.atomic
def proposal_change_status(*, actor: User, proposal: Proposal, status: str) -> Proposal:
    """A member of the municipality moves the proposal on (`allowed_next_statuses`);
    the proposer and the followers are told. Answering goes through `proposal_answer`."""
    selectors.require_answer(actor, proposal)
    if status == Status.ANSWERED:
        raise ValidationError({"answer": _("Give the answer, with its kind and text, to answer.")})
    if status not in Status.values:
        raise ValidationError(
            {
                "status": _("Unknown status “%(status)s”. Use one of: %(choices)s.")
                % {"status": str(status)[:40], "choices": ", ".join(Status.values)}
            }
        )
    locked = _locked(proposal)
    if status == locked.status:
        return proposal
    proposal.move_to(status)
    proposal.save(update_fields=["status", "updated_at"])
    notify(
        recipients=selectors.proposal_recipients(proposal),
        kind=Notification.Kind.PROPOSAL_STATUS,
        actor=actor,
        proposal=proposal,
        url=proposal.get_absolute_url(),
    )
    return proposal


def _answer_idea(actor: User, proposal: Proposal, idea: Idea | int | None) -> Idea:
    """The idea the proposal turns into: the one named (the municipality's own, one the
    member may see), or a new public idea made from the proposal."""
    if idea is None or idea == "":
        from ideas.services import idea_create

        return idea_create(
            actor=actor,
            kind=Idea.Kind.SERVICE_CONCEPT,
            title=proposal.title,
            organisation=proposal.organisation,
            summary=_excerpt(proposal.body)[:500],
            body=proposal.body,
        )
    idea_id = idea.pk if isinstance(idea, Idea) else idea
    try:
        found = Idea.objects.filter(pk=int(idea_id), organisation=proposal.organisation).first()
    except (TypeError, ValueError):
        found = None
    if found is None or not may_see_idea(actor, found.pk):
        raise ValidationError(
            {
                "idea": _("%(organisation)s has no idea %(id)s that you can see.")
                % {"organisation": proposal.organisation.name, "id": str(idea_id)[:20]}
            }
        )
    return found


@transaction.atomic
def proposal_answer(
    *,
    actor: User,
    proposal: Proposal,
    kind: str,
    text: str,
    idea: Idea | int | None = None,
) -> Proposal:
    """A member of the municipality answers: accepted, declined (the text gives the
    reasons) or turned into an idea (a new one made from the proposal, or one of the
    municipality's named by `idea`), linked both ways. The proposer and the followers are
    told, in their own language."""
    selectors.require_answer(actor, proposal)
    if kind not in AnswerKind.values:
        raise ValidationError(
            {
                "answer_kind": _("Say what the answer is: %(choices)s.")
                % {"choices": ", ".join(AnswerKind.values)}
            }
        )
    if idea not in (None, "") and kind != AnswerKind.IDEA:
        raise ValidationError({"idea": _("Only an answer that turns into an idea links one.")})
    clean = _clean_text(
        text,
        "answer",
        MAX_ANSWER,
        _("Write the answer: what you decided and why.")
        if kind != AnswerKind.DECLINED
        else _("Give the reasons for declining the proposal."),
    )
    _locked(proposal)
    proposal.move_to(Status.ANSWERED)
    if kind == AnswerKind.IDEA:
        proposal.idea = _answer_idea(actor, proposal, idea)
    proposal.answer_kind = kind
    proposal.answer = clean
    proposal.answer_html = render_markdown(clean, heading_base=3)
    proposal.answered_at = timezone.now()
    proposal.answered_by = actor
    proposal.save(
        update_fields=[
            "status",
            "idea",
            "answer_kind",
            "answer",
            "answer_html",
            "answered_at",
            "answered_by",
            "updated_at",
        ]
    )
    notify(
        recipients=selectors.proposal_recipients(proposal),
        kind=Notification.Kind.PROPOSAL_ANSWER,
        actor=actor,
        proposal=proposal,
        url=proposal.get_absolute_url(),
        excerpt=_excerpt(clean),
    )
    return proposal


# --- Me too and follow ---------------------------------------------------------------------


def _refresh_me_too_count(proposal: Proposal) -> None:
    proposal.me_too_count = MeToo.objects.filter(proposal=proposal).count()
    Proposal.objects.filter(pk=proposal.pk).update(me_too_count=proposal.me_too_count)


def _require_visible(user: User, proposal: Proposal) -> None:
    if not selectors.may_see_proposal(user, proposal.pk):
        raise Http404


@transaction.atomic
def me_too_add(*, user: User, proposal: Proposal) -> MeToo:
    """Say "me too" to someone else's proposal: once per person (a repeat changes nothing)."""
    require_post(user, _("Sign in to say me too."))
    _require_visible(user, proposal)
    if selectors.is_proposer(user, proposal):
        raise ValidationError(_("It is your own proposal; others can say me too."))
    if proposal.withdrawn:
        raise ValidationError(_("The proposer withdrew this proposal."))
    try:
        with transaction.atomic():
            row, created = MeToo.objects.get_or_create(user=user, proposal=proposal)
    except IntegrityError:  # a parallel repeat stored it a moment ago
        return MeToo.objects.get(user=user, proposal=proposal)
    if created:
        _refresh_me_too_count(proposal)
    return row


@transaction.atomic
def me_too_remove(*, user: User, proposal: Proposal) -> None:
    """Take one's "me too" back (nothing happens without one)."""
    _require_visible(user, proposal)
    deleted, _rows = MeToo.objects.filter(user=user, proposal=proposal).delete()
    if deleted:
        _refresh_me_too_count(proposal)


@transaction.atomic
def proposal_follow_add(*, user: User, proposal: Proposal) -> ProposalFollow:
    """Follow a proposal: its status changes, its answer and its comments reach the follower."""
    require_post(user, _("Sign in to follow a proposal."))
    _require_visible(user, proposal)
    try:
        with transaction.atomic():
            row, _created = ProposalFollow.objects.get_or_create(user=user, proposal=proposal)
    except IntegrityError:
        return ProposalFollow.objects.get(user=user, proposal=proposal)
    return row


@transaction.atomic
def proposal_follow_remove(*, user: User, proposal: Proposal) -> None:
    """Stop following a proposal (nothing happens if the user did not follow it)."""
    _require_visible(user, proposal)
    ProposalFollow.objects.filter(user=user, proposal=proposal).delete()

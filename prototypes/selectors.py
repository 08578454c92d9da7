"""Reads: who may see which prototype and round, and the computed round summary.

Visibility follows the parent idea (`Idea.objects.visible_to`): a prototype or round of
an idea you may not see does not exist for you (404). On top of that, draft prototypes
and planned rounds are the team's work in progress and are shown only to the team
(members of the idea's owning organisation). "Visible but not allowed" is a 403.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import user_is_member, user_organisation_ids
from hub.auth import is_signed_in
from ideas.models import Idea
from prototypes.models import (
    Feedback,
    Finding,
    Participation,
    Prototype,
    TestRound,
    TestRoundQuerySet,
)
from prototypes.scoring import adjective_band, mean_and_sd

if TYPE_CHECKING:
    from accounts.models import User
    from hub.auth import Viewer


def is_team(user: Viewer, idea: Idea) -> bool:
    """Members of the idea's owning organisation run its prototypes, rounds and findings."""
    return user_is_member(user, idea.organisation)


def require_team(user: Viewer, idea: Idea, message: str | None = None) -> None:
    """Refuse (403) unless the user is on the idea's team (`is_team`). `message` says what
    only the team may do (naming %(organisation)s); by default, manage the prototypes."""
    if not is_team(user, idea):
        message = message or _(
            "Only members of %(organisation)s can manage this idea's prototypes."
        )
        raise PermissionDenied(message % {"organisation": idea.organisation.name})


def _found(row: Any) -> Any:
    # Not there and not visible are the same answer.
    if row is None:
        raise Http404
    return row


def prototypes_visible_to(user: Viewer) -> QuerySet[Prototype]:
    """Prototypes of visible ideas; drafts only for the team."""
    org_ids = user_organisation_ids(user)
    return Prototype.objects.filter(
        Q(idea__in=Idea.objects.visible_to(user))
        & (~Q(status=Prototype.Status.DRAFT) | Q(idea__organisation_id__in=org_ids))
    ).select_related("idea", "idea__organisation")


def rounds_visible_to(user: Viewer) -> TestRoundQuerySet:
    """Rounds of visible ideas; planned rounds and rounds of draft prototypes only for the team
    (and for someone who already takes part)."""
    org_ids = user_organisation_ids(user)
    published = ~Q(status=TestRound.Status.PLANNED) & ~Q(prototype__status=Prototype.Status.DRAFT)
    allowed = published | Q(prototype__idea__organisation_id__in=org_ids)
    if is_signed_in(user):
        allowed |= Q(pk__in=Participation.objects.filter(user=user).values("round_id"))
    return TestRound.objects.filter(
        Q(prototype__idea__in=Idea.objects.visible_to(user)) & allowed
    ).select_related(
        "prototype", "prototype__idea", "prototype__idea__organisation", "target_group"
    )


def access_prototype(user: Viewer, prototype_id: int | str, *, manage: bool = False) -> Prototype:
    """The prototype if visible (else 404); with manage=True the user must be on the team (403)."""
    prototype: Prototype = _found(prototypes_visible_to(user).filter(pk=prototype_id).first())
    if manage:
        require_team(user, prototype.idea)
    return prototype


def access_round(user: Viewer, round_id: int | str, *, manage: bool = False) -> TestRound:
    """The round if visible (else 404); with manage=True the user must be on the team (403)."""
    test_round: TestRound = _found(rounds_visible_to(user).filter(pk=round_id).first())
    if manage:
        require_team(
            user, test_round.idea, _("Only members of %(organisation)s can manage this test round.")
        )
    return test_round


def can_see_summary(user: Viewer, test_round: TestRound) -> bool:
    """The team always; everyone who may see the round once it is closed (the published summary).

    While a round runs its figures are the team's working material: showing them to
    participants could sway those who have not answered yet.
    """
    return is_team(user, test_round.idea) or test_round.status == TestRound.Status.CLOSED


def access_summary_round(user: Viewer, round_id: int | str) -> TestRound:
    """The round whose summary and findings the user may read (404 / 403 otherwise)."""
    test_round = access_round(user, round_id)
    if not can_see_summary(user, test_round):
        raise PermissionDenied(
            _("The summary is published when the round closes; until then only the team sees it.")
        )
    return test_round


def findings_visible_to(user: Viewer) -> QuerySet[Finding]:
    """Findings the user may read: those of visible rounds whose summary is published to them
    (can_see_summary: the team's always, everyone else's once the round is closed)."""
    org_ids = user_organisation_ids(user)
    published = Q(round__status=TestRound.Status.CLOSED) | Q(
        round__prototype__idea__organisation_id__in=org_ids
    )
    return Finding.objects.filter(published, round__in=rounds_visible_to(user)).select_related(
        "round",
        "round__prototype",
        "round__prototype__idea",
        "round__prototype__idea__organisation",
        "addressed_in",
    )


def access_finding(user: Viewer, finding_id: int | str, *, manage: bool = False) -> Finding:
    """The finding if the user may read it (else 404, like a missing one: a finding of a round
    that is not closed does not exist outside the team); with manage=True the user must be on
    the team (403)."""
    finding: Finding = _found(findings_visible_to(user).filter(pk=finding_id).first())
    if manage:
        require_team(
            user, finding.round.idea, _("Only members of %(organisation)s can edit this finding.")
        )
    return finding


def participation_of(user: Viewer, test_round: TestRound) -> Participation | None:
    """The user's participation in the round, if any."""
    if not is_signed_in(user):
        return None
    return Participation.objects.filter(round=test_round, user=user).first()


def feedback_of(participation: Participation | None) -> Feedback | None:
    if participation is None:
        return None
    return Feedback.objects.filter(participation=participation).first()


def places_left(test_round: TestRound) -> int:
    return max(0, test_round.capacity - test_round.participations.count())


def open_rounds(user: Viewer) -> QuerySet[TestRound]:
    """Rounds the user may see and join (of an open prototype): first those recruiting
    participants, then those already running that still take them, soonest first within
    each; with the number of people signed up (`participant_count`). A running round is
    never listed as open for sign-up: pages show the two groups apart by `status`."""
    under_way = Case(
        When(status=TestRound.Status.RUNNING, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        rounds_visible_to(user)
        .open_for_sign_up()
        .select_related("prototype__idea__organisation__county")
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by(under_way, "starts_at", "id")
    )


def recruiting_rounds(user: Viewer) -> QuerySet[TestRound]:
    """The rounds of `open_rounds` that are open for sign-up: recruiting participants."""
    return open_rounds(user).filter(status=TestRound.Status.RECRUITING)


def rounds_of_user(user: User) -> QuerySet[Participation]:
    """The user's own participations in rounds they may see, newest round first: a round
    whose idea was hidden from them since is not listed (it would be a 404 to them anyway);
    their data in it stays in their export (`/api/v1/me/export/`)."""
    return (
        Participation.objects.filter(user=user, round__in=rounds_visible_to(user))
        .select_related("round", "round__prototype", "round__prototype__idea", "feedback")
        .order_by("-round__starts_at", "-id")
    )


def round_participations(test_round: TestRound) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(round=test_round)
        .select_related("user", "feedback")
        .order_by("number")
    )


def round_findings(test_round: TestRound) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(round=test_round)
        .select_related("addressed_in")
        .prefetch_related("feedback__participation")
    )


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def round_summary(test_round: TestRound) -> dict[str, Any]:
    """The round summary, computed from participations, feedback and findings (never typed in)."""
    feedback = list(Feedback.objects.filter(participation__round=test_round))
    participants = Participation.objects.filter(round=test_round).count()
    tasks: list[dict[str, Any]] = []
    overall_difficulty: Counter[int] = Counter()
    for index, text in enumerate(test_round.tasks):
        answers = [f.tasks[index] for f in feedback if index < len(f.tasks)]
        completed = sum(1 for a in answers if a["completed"])
        seconds = [a["seconds"] for a in answers if a.get("seconds") is not None]
        difficulty = Counter(int(a["difficulty"]) for a in answers)
        overall_difficulty.update(difficulty)
        mean_difficulty = statistics.fmean(difficulty.elements()) if answers else None
        tasks.append(
            {
                "number": index + 1,
                "text": text,
                "responses": len(answers),
                "completed": completed,
                "completion_rate": _rounded(completed / len(answers), 4) if answers else None,
                "median_seconds": statistics.median(seconds) if seconds else None,
                "mean_difficulty": _rounded(mean_difficulty),
                "difficulty": {str(level): difficulty.get(level, 0) for level in range(1, 6)},
            }
        )
    scores = [f.sus_score for f in feedback]
    mean, sd = mean_and_sd(scores)
    band = adjective_band(mean) if mean is not None else None
    severities = Counter(
        Finding.objects.filter(round=test_round).values_list("severity", flat=True)
    )
    return {
        "round": test_round.pk,
        "status": test_round.status,
        "participants": participants,
        "responses": len(feedback),
        "tasks": tasks,
        "sus": {
            "mean": _rounded(mean),
            "sd": _rounded(sd),
            "n": len(scores),
            "min": min(scores) if scores else None,
            "max": max(scores) if scores else None,
            "adjective": band.code if band else None,
            "adjective_label": str(band.label) if band else None,
        },
        "difficulty_distribution": {
            str(level): overall_difficulty.get(level, 0) for level in range(1, 6)
        },
        "findings": {severity: severities.get(severity, 0) for severity in Finding.SEVERITY_ORDER},
    }


def round_summary_for(user: Viewer, test_round: TestRound) -> dict[str, Any]:
    """The summary as the user may read it (access_summary_round decides whether at all):
    every figure for the team and platform staff; for everyone else, only once at least
    ROUND_SUMMARY_MIN_PARTICIPANTS participants have answered. Below that, the figures would
    be one person's (or a few people's) exact answers: others then get the number of
    participants and the findings, and the reason, in the same shape with the figures empty.
    """
    summary = round_summary(test_round)
    minimum: int = settings.ROUND_SUMMARY_MIN_PARTICIPANTS
    # Counted in answers, not sign-ups: five who signed up and one who answered would still
    # publish that one person's answers.
    full = summary["responses"] >= minimum or user.is_staff or is_team(user, test_round.idea)
    if full:
        return summary | {
            "suppressed": False,
            "min_participants": minimum,
            "suppressed_reason": None,
        }
    return {
        "round": summary["round"],
        "status": summary["status"],
        "participants": summary["participants"],
        "responses": None,
        "tasks": [],
        "sus": dict.fromkeys(summary["sus"]),
        "difficulty_distribution": {},
        "findings": summary["findings"],
        "suppressed": True,
        "min_participants": minimum,
        "suppressed_reason": ngettext(
            "Fewer than %(minimum)s participant has answered, so the figures are not "
            "published: with so few answers they could show what one person answered. The "
            "number of participants and the team's findings are shown.",
            "Fewer than %(minimum)s participants have answered, so the figures are not "
            "published: with so few answers they could show what one person answered. The "
            "number of participants and the team's findings are shown.",
            minimum,
        )
        % {"minimum": minimum},
    }

"""What the prototypes app holds about a person, for the export and for account deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prototypes.models import ConsentText, Participation
from prototypes.selectors import rounds_visible_to

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    """The user's participations: round, pseudonym, the consent given (text, version, time)
    and the feedback. A round the user may no longer see (its idea was hidden from them since)
    is not named: its id, title, idea and version are null, the user's pseudonym, consent and
    answers stay (see accounts.personal_data)."""
    result = []
    participations = list(
        Participation.objects.filter(user=user).select_related(
            "round", "round__prototype", "round__prototype__idea"
        )
    )
    visible = set(
        rounds_visible_to(user)
        .filter(pk__in={p.round_id for p in participations})
        .values_list("pk", flat=True)
    )
    for participation in participations:
        test_round = participation.round
        shown = test_round.pk in visible
        consent_text = (
            ConsentText.objects.filter(round=test_round, version=participation.consent_version)
            .values_list("text", flat=True)
            .first()
        )
        feedback = getattr(participation, "feedback", None)
        result.append(
            {
                "round": test_round.pk if shown else None,
                "round_title": test_round.title if shown else None,
                "idea": test_round.prototype.idea.title if shown else None,
                "prototype": test_round.prototype.label if shown else None,
                "round_visible": shown,
                "pseudonym": participation.pseudonym,
                "signed_up_at": participation.created_at.isoformat(),
                "consent": {
                    "version": participation.consent_version,
                    "given_at": participation.consented_at.isoformat(),
                    "text": consent_text,
                },
                "feedback": None
                if feedback is None
                else {
                    "tasks": feedback.tasks,
                    "sus": feedback.sus,
                    "sus_score": feedback.sus_score,
                    "text": feedback.text,
                    "created_at": feedback.created_at.isoformat(),
                    "updated_at": feedback.updated_at.isoformat(),
                },
            }
        )
    return result


def erase(user: User) -> None:
    """On account deletion the person's participations and feedback are deleted, as if they
    had withdrawn from every round: test answers are personal data given under consent, and
    the consent ends with the account. Summaries recompute without them; findings keep their
    text but lose the link to the deleted feedback."""
    Participation.objects.filter(user=user).delete()

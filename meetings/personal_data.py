"""What the meetings app holds about a person, for the export and for account deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetings import services
from meetings.models import MeetingConsentText, Registration
from meetings.selectors import meetings_visible_to

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    """The person's registrations: the meeting, status, pseudonym, consent (text, version,
    time), the birth year they stated and when they were reminded. A meeting the person may
    no longer see is not named (id and title null), as the other exporters do."""
    registrations = list(
        Registration.objects.filter(user=user).select_related("meeting", "meeting__dialogue")
    )
    visible = set(
        meetings_visible_to(user)
        .filter(pk__in={r.meeting_id for r in registrations})
        .values_list("pk", flat=True)
    )
    texts = {
        (t.meeting_id, t.version): t.text
        for t in MeetingConsentText.objects.filter(
            meeting_id__in={r.meeting_id for r in registrations}
        )
    }
    result = []
    for registration in registrations:
        meeting = registration.meeting
        shown = meeting.pk in visible
        result.append(
            {
                "meeting": meeting.pk if shown else None,
                "meeting_title": meeting.title if shown else None,
                "dialogue": meeting.dialogue.title if shown else None,
                "starts_at": meeting.starts_at.isoformat() if shown else None,
                "meeting_visible": shown,
                "status": registration.status,
                "pseudonym": registration.pseudonym,
                "registered_at": registration.created_at.isoformat(),
                "birth_year": registration.birth_year,
                "reminded_at": registration.reminded_at.isoformat()
                if registration.reminded_at
                else None,
                "consent": {
                    "version": registration.consent_version,
                    "given_at": registration.consented_at.isoformat(),
                    "text": texts.get((meeting.pk, registration.consent_version)),
                },
            }
        )
    return result


def erase(user: User) -> None:
    """On account deletion the person's registrations are deleted; a place they held goes to
    the first one on the waitlist."""
    services.registrations_erase(user=user)

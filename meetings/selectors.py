"""Reads: which meetings a person may see, the counts, the person's own registration, the
team's pseudonymous list and the attendance that feeds the dialogue's summary.

A meeting is visible exactly when its dialogue is (`dialogues_visible_to`, the one rule): a
draft dialogue is the team's work in progress, so its meetings, and their calendar files,
are 404 to everyone else. The link of a
digital meeting is shown only to those registered and to the team (`may_see_link`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from dialogues import selectors as dialogue_selectors
from dialogues.models import Dialogue
from dialogues.selectors import access_dialogue as access_dialogue  # the pages' and API's
from dialogues.selectors import dialogues_visible_to, is_team
from hub.auth import is_signed_in
from meetings.models import Meeting, MeetingReport, Registration

if TYPE_CHECKING:
    from hub.auth import Viewer


def require_team(user: Viewer, dialogue: Dialogue, message: str | None = None) -> None:
    """Refuse (403) unless the user is on the dialogue's team (dialogues' rule), with a
    message about meetings. `message` names %(organisation)s."""
    dialogue_selectors.require_team(
        user,
        dialogue,
        message or _("Only members of %(organisation)s can manage this dialogue's meetings."),
    )


def with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate `registered_count` and `waitlisted_count` (one query for a whole list)."""
    return meetings.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    )


def meetings_visible_to(user: Viewer) -> QuerySet[Meeting]:
    """Meetings of the dialogues the user may see, with their counts."""
    return with_counts(
        Meeting.objects.filter(dialogue__in=dialogues_visible_to(user)).select_related(
            "dialogue", "dialogue__organisation", "focus_group"
        )
    ).order_by("starts_at", "id")


def meetings_of_dialogue(dialogue: Dialogue) -> QuerySet[Meeting]:
    """A (visible) dialogue's meetings in time order, with their counts and reports."""
    # In time order, said explicitly: Meta.ordering does not apply to a query with GROUP BY
    # (the counts), and PostgreSQL then returns the rows in any order.
    return with_counts(
        Meeting.objects.filter(dialogue=dialogue).select_related(
            "dialogue", "dialogue__organisation", "focus_group", "report"
        )
    ).order_by("starts_at", "id")


def access_meeting(user: Viewer, meeting_id: int | str, *, manage: bool = False) -> Meeting:
    """The meeting if visible (else 404); with manage=True the user must be on the team (403)."""
    meeting = meetings_visible_to(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    if manage:
        require_team(user, meeting.dialogue)
    return meeting


def registration_of(user: Viewer, meeting: Meeting) -> Registration | None:
    """The user's registration for the meeting (cancelled ones too), or None."""
    if not is_signed_in(user):
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def registrations_by_meeting(user: Viewer, meetings: list[Meeting]) -> dict[int, Registration]:
    """The user's registrations for these meetings, by meeting id (one query)."""
    if not is_signed_in(user) or not meetings:
        return {}
    rows = Registration.objects.filter(user=user, meeting__in=[m.pk for m in meetings])
    return {r.meeting_id: r for r in rows}


def may_see_link(user: Viewer, meeting: Meeting, registration: Registration | None) -> bool:
    """The digital link: the team, and the person with a place (not the waitlist)."""
    if is_team(user, meeting.dialogue):
        return True
    return registration is not None and registration.status == Registration.Status.REGISTERED


def registrants_for_team(meeting: Meeting) -> QuerySet[Registration]:
    """Who is registered or waiting, in queue order: the team sees pseudonyms, not people."""
    return Registration.objects.filter(meeting=meeting, status__in=Registration.ACTIVE).order_by(
        "position"
    )


def report_of(meeting: Meeting) -> MeetingReport | None:
    return MeetingReport.objects.filter(meeting=meeting).first()


def may_read_report(user: Viewer, meeting: Meeting) -> bool:
    """The team always; everyone who sees the dialogue once it is reported (its summary is
    published then, and the reports are part of it)."""
    return is_team(user, meeting.dialogue) or meeting.dialogue.status == Dialogue.Status.REPORTED


class MeetingAttendance(TypedDict):
    id: int
    title: str
    starts_at: Any
    mode: str
    focus_group: int | None
    registered: int
    attendees: int | None  # None: no report yet
    cancelled: bool


class Attendance(TypedDict):
    meetings: int  # held or to be held: the cancelled ones are not counted
    cancelled: int
    reported: int
    attendees: int
    per_meeting: list[MeetingAttendance]


def attendance_for_dialogue(dialogue: Dialogue) -> Attendance:
    """Meeting attendance for the dialogue's summary: per meeting the registered count and
    the attendees the team reported, and the totals (two queries). A cancelled meeting is
    listed as cancelled and not counted as held."""
    meetings = list(meetings_of_dialogue(dialogue))
    totals = MeetingReport.objects.filter(
        meeting__dialogue=dialogue, meeting__cancelled_at__isnull=True
    ).aggregate(reported=Count("pk"), attendees=Sum("attendees"))
    per_meeting: list[MeetingAttendance] = []
    for meeting in meetings:
        report = meeting.report if has_report(meeting) else None
        per_meeting.append(
            {
                "id": meeting.pk,
                "title": meeting.title,
                "starts_at": meeting.starts_at,
                "mode": meeting.mode,
                "focus_group": meeting.focus_group_id,
                "registered": meeting.registered_count,  # type: ignore[attr-defined]
                "attendees": report.attendees if report is not None else None,
                "cancelled": meeting.is_cancelled,
            }
        )
    cancelled = sum(1 for meeting in meetings if meeting.is_cancelled)
    return {
        "meetings": len(meetings) - cancelled,
        "cancelled": cancelled,
        "reported": totals["reported"] or 0,
        "attendees": totals["attendees"] or 0,
        "per_meeting": per_meeting,
    }


def has_report(meeting: Meeting) -> bool:
    """Whether the meeting has a report (read from select_related when it was loaded so)."""
    try:
        meeting.report  # noqa: B018 - select_related filled it, or it is missing
    except MeetingReport.DoesNotExist:
        return False
    return True


def require_report_reader(user: Viewer, meeting: Meeting) -> None:
    """Refuse (403) a report that is not published to the user yet (`may_read_report`)."""
    if not may_read_report(user, meeting):
        raise PermissionDenied(
            _(
                "The meeting reports are published with the dialogue's summary; until then only the team sees them."
            )
        )

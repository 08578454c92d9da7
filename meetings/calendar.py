"""Calendar files (iCalendar, RFC 5545) for a meeting and for a dialogue's meetings.

Times are written in Europe/Stockholm with the VTIMEZONE that defines it (Outlook and older
clients need the definition in the file; a bare TZID is not enough for them). Each event's
UID is stable (the meeting's id and the site's host), so a calendar that imports the file
again updates the event instead of adding a second one; DTSTAMP is when the meeting was
last changed, as RFC 5545 asks of a file without a METHOD; SEQUENCE rises with each change
of time or place, and a cancelled meeting stays in the file with STATUS:CANCELLED. The link of a digital meeting is
written only into the file of someone who may see it (a registered person, the team).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.links import absolute_url
from meetings.models import Meeting

ZONE = zoneinfo.ZoneInfo("Europe/Stockholm")
PRODID = "-//Delahub//Dialogue meetings//SV"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "delahub"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{_host()}"


def _event(meeting: Meeting, *, with_link: bool) -> icalendar.Event:
    page = absolute_url(meeting.get_absolute_url())
    location = meeting.location if not meeting.is_digital else ""
    description = [meeting.dialogue.title]
    if meeting.is_cancelled:
        description.insert(0, _("Cancelled: %(reason)s") % {"reason": meeting.cancellation_reason})
    if meeting.is_digital:
        location = meeting.link if with_link else ""
        if with_link:
            description.append(meeting.link)
    description.append(page)
    event = icalendar.Event.new(
        uid=meeting_uid(meeting),
        stamp=meeting.updated_at.astimezone(datetime.UTC),
        start=meeting.starts_at.astimezone(ZONE),
        end=meeting.ends_at.astimezone(ZONE),
        summary=meeting.title,
        description="\n".join(description),
        url=page,
        # A calendar that imported the meeting before takes the change (RFC 5545 3.8.7.4)
        # and shows a called-off meeting as cancelled instead of dropping it silently.
        sequence=meeting.sequence,
        status=icalendar.enums.STATUS.CANCELLED
        if meeting.is_cancelled
        else icalendar.enums.STATUS.CONFIRMED,
    )
    if location:
        event.add("location", location)
    return event


def calendar_file(
    meetings: Iterable[Meeting], *, name: str, uid: str, with_link: Callable[[Meeting], bool]
) -> bytes:
    """An iCalendar file of these meetings; `with_link(meeting)` says whose link goes in."""
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, uid=f"{uid}@{_host()}")
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    meetings = list(meetings)
    # The zone's rules for the years the meetings fall in, not for every year since 1970. The
    # VTIMEZONE is there even without meetings: a VCALENDAR needs at least one component.
    years = [timezone.localtime(m.starts_at, ZONE).year for m in meetings] or [
        timezone.localdate(timezone.now(), ZONE).year
    ]
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            "Europe/Stockholm",
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    )
    for meeting in meetings:
        calendar.add_component(_event(meeting, with_link=with_link(meeting)))
    return bytes(calendar.to_ical())

"""Calling a meeting off: the team cancels it with a reason before it starts; the row stays,
everyone registered or waiting is e-mailed, registration is refused, the pages say
"Inställt" with the reason, the calendar file says STATUS:CANCELLED, no reminder goes out
and the dialogue's summary does not count it as held."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Registration
from meetings.selectors import attendance_for_dialogue
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
REASON = "Vägen till Föllinge är avstängd efter stormen."


def _cancel_url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/cancel/"


def test_cancelling_emails_everyone_registered_and_waiting_with_the_reason(
    api_as, meeting, owner, people, django_capture_on_commit_callbacks
):
    people[0].language = "en"
    people[0].save()
    for person in people[:4]:  # two registered, two waiting
        services.meeting_register(user=person, meeting=meeting, consent=True)
    services.meeting_cancel_registration(user=people[3], meeting=meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(owner).post(_cancel_url(meeting), {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cancellation_reason"] == REASON and body["cancelled_at"]
    by_person = {m.to[0]: m for m in mail.outbox}
    # The one who left the waitlist before is not written to.
    assert sorted(by_person) == sorted(p.email for p in people[:3])
    assert by_person[people[0].email].subject == "[Delahub] Cancelled: “Digitalt dialogmöte”"
    assert by_person[people[1].email].subject == "[Delahub] Inställt: ”Digitalt dialogmöte”"
    assert all(REASON in m.body for m in mail.outbox)
    assert all(meeting.link not in m.body for m in mail.outbox)
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancellation_reason == REASON
    assert meeting.sequence == 1
    # The row and the registrations stay.
    assert Registration.objects.filter(meeting=meeting).count() == 4


def test_a_cancelled_meeting_refuses_registration_with_a_message(api_as, meeting, owner, citizen):
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    response = api_as(citizen).post(
        f"/api/v1/meetings/{meeting.pk}/registration/", {"consent": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Mötet är inställt. Det går inte att anmäla sig."}
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_leaving_a_cancelled_meeting_moves_nobody_up(
    meeting, owner, people, django_capture_on_commit_callbacks
):
    for person in people[:3]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel_registration(user=people[0], meeting=meeting)
    assert Registration.objects.get(user=people[2]).status == "waitlisted"
    assert mail.outbox == []


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_cancelling_needs_a_short_reason(api_as, meeting, owner, reason):
    response = api_as(owner).post(_cancel_url(meeting), {"reason": reason}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_cancelling_without_a_body_is_400(api_as, meeting, owner):
    response = api_as(owner).post(_cancel_url(meeting), format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_cancelling_twice_is_refused(api_as, meeting, owner):
    assert api_as(owner).post(_cancel_url(meeting), {"reason": REASON}).status_code == 200
    again = api_as(owner).post(_cancel_url(meeting), {"reason": "Igen."})
    assert again.status_code == 400
    assert again.json() == {"detail": "Mötet är redan inställt."}
    meeting.refresh_from_db()
    assert meeting.cancellation_reason == REASON


def test_a_meeting_that_has_started_cannot_be_cancelled(api_as, dialogue, owner):
    held = make_meeting(dialogue=dialogue, actor=owner, days=-1)
    response = api_as(owner).post(_cancel_url(held), {"reason": REASON})
    assert response.status_code == 400
    assert "börjat" in response.json()["detail"]
    held.refresh_from_db()
    assert not held.is_cancelled


def test_a_cancelled_meeting_cannot_be_changed_or_reported(api_as, dialogue, meeting, owner):
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    response = api_as(owner).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"capacity": 10}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Mötet är inställt och går inte längre att ändra."}
    meeting.refresh_from_db()
    assert meeting.capacity == 2
    # Even once its time has passed, there is nothing to report.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )
    report = api_as(owner).put(
        f"/api/v1/meetings/{meeting.pk}/report/", {"attendees": 3}, format="json"
    )
    assert report.status_code == 400


def test_people_outside_the_team_cannot_cancel_a_meeting(api_as, meeting, citizen, outsider):
    for person in (citizen, outsider):
        with pytest.raises(PermissionDenied):
            services.meeting_cancel(actor=person, meeting=meeting, reason=REASON)
        response = api_as(person).post(_cancel_url(meeting), {"reason": REASON})
        assert response.status_code == 403
    assert api_as(None).post(_cancel_url(meeting), {"reason": REASON}).status_code == 401
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_the_calendar_files_mark_a_cancelled_meeting_cancelled(api, dialogue, meeting, owner):
    other = make_meeting(dialogue=dialogue, actor=owner, days=4, title="Morgonmöte")
    before = icalendar.Calendar.from_ical(
        api.get(f"/api/v1/meetings/{meeting.pk}/calendar.ics").content
    ).walk("VEVENT")[0]
    assert before["STATUS"] == "CONFIRMED"
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    [event] = icalendar.Calendar.from_ical(
        api.get(f"/api/v1/meetings/{meeting.pk}/calendar.ics").content
    ).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == before["UID"]  # the same event, so calendars update it
    assert event.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert REASON in str(event["DESCRIPTION"])
    whole = icalendar.Calendar.from_ical(
        api.get(f"/api/v1/dialogues/{dialogue.pk}/calendar.ics").content
    )
    statuses = {str(e["SUMMARY"]): e["STATUS"] for e in whole.walk("VEVENT")}
    assert statuses == {meeting.title: "CANCELLED", other.title: "CONFIRMED"}


def test_no_reminder_goes_out_for_a_cancelled_meeting(dialogue, owner, people):
    tomorrow = make_meeting(dialogue=dialogue, actor=owner, days=1)
    services.meeting_register(user=people[0], meeting=tomorrow, consent=True)
    services.meeting_cancel(actor=owner, meeting=tomorrow, reason=REASON)
    mail.outbox.clear()
    call_command("send_meeting_reminders")
    assert mail.outbox == []


def test_the_summary_does_not_count_a_cancelled_meeting_as_held(api, dialogue, owner, people):
    held = make_meeting(dialogue=dialogue, actor=owner, days=-3)
    services.meeting_report_save(actor=owner, meeting=held, attendees=9)
    called_off = make_meeting(dialogue=dialogue, actor=owner, days=5, title="Inställt möte")
    services.meeting_register(user=people[0], meeting=called_off, consent=True)
    services.meeting_cancel(actor=owner, meeting=called_off, reason=REASON)
    attendance = attendance_for_dialogue(dialogue)
    assert (
        attendance["meetings"],
        attendance["cancelled"],
        attendance["reported"],
        attendance["attendees"],
    ) == (1, 1, 1, 9)
    assert [(m["id"], m["cancelled"]) for m in attendance["per_meeting"]] == [
        (held.pk, False),
        (called_off.pk, True),
    ]
    dialogue.status = "reported"
    dialogue.save()
    summary = api.get(f"/api/v1/dialogues/{dialogue.pk}/summary/").json()["attendance"]
    assert (summary["meetings"], summary["cancelled"]) == (1, 1)
    page = api.get(f"/dialoger/{dialogue.pk}/").content.decode()
    assert "<td>Inställt</td>" in page  # the attendance table's "came" cell


def test_the_pages_say_cancelled_with_the_reason_and_offer_no_sign_up(
    client, meeting, owner, citizen
):
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    client.force_login(citizen)
    for url in (f"/moten/{meeting.pk}/", f"/dialoger/{meeting.dialogue_id}/moten/"):
        page = client.get(url).content.decode()
        assert "Inställt" in page, url
        assert REASON in page, url
        assert "Mötet är inställt, så det går inte att anmäla sig." in page, url
        assert f'action="/moten/{meeting.pk}/anmalan/"' not in page, url
    # The form's endpoint refuses too, with the message on the page.
    prefix = f"meeting-{meeting.pk}"
    response = client.post(
        f"/moten/{meeting.pk}/anmalan/",
        {f"{prefix}-consent": "on", f"{prefix}-consent_version": "1"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_the_teams_page_of_a_cancelled_meeting_has_no_empty_report_section(client, meeting, owner):
    client.force_login(owner)
    assert "<h2>Rapport</h2>" in client.get(f"/moten/{meeting.pk}/").content.decode()
    services.meeting_cancel(actor=owner, meeting=meeting, reason=REASON)
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "<h2>Rapport</h2>" not in page
    assert f"/moten/{meeting.pk}/rapport/" not in page

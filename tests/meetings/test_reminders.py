"""The day-before reminder: `manage.py send_meeting_reminders` e-mails everyone with a place
at tomorrow's meetings, once, in their own language."""

from __future__ import annotations

import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command

from meetings import services
from meetings.models import Registration
from tests.meetings.conftest import LINK, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow(dialogue, owner):  # type: ignore[no-untyped-def]
    return make_meeting(dialogue=dialogue, actor=owner, days=1, hour=18, capacity=2)


def test_people_with_a_place_tomorrow_are_reminded_once(tomorrow, people):
    for person in people[:3]:
        services.meeting_register(user=person, meeting=tomorrow, consent=True)
    call_command("send_meeting_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[0].email, people[1].email])
    assert all(LINK in m.body for m in mail.outbox)  # they have a place: the link is theirs
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2
    call_command("send_meeting_reminders")
    assert len(mail.outbox) == 2  # the second run sends nothing


def test_the_reminder_is_in_the_persons_language(tomorrow, people):
    people[0].language = "en"
    people[0].save()
    people[1].language = "sv"
    people[1].save()
    for person in people[:2]:
        services.meeting_register(user=person, meeting=tomorrow, consent=True)
    call_command("send_meeting_reminders")
    by_person = {m.to[0]: m for m in mail.outbox}
    english, swedish = by_person[people[0].email], by_person[people[1].email]
    assert english.subject.startswith("[Delahub] Reminder:")
    assert "tomorrow" in english.body
    assert swedish.subject.startswith("[Delahub] Påminnelse:")
    assert "i morgon" in swedish.body
    # The time is the meeting's local time in both.
    local = tomorrow.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Stockholm"))
    assert f"{local:%H:%M}" in english.body and f"{local:%H:%M}" in swedish.body


def test_meetings_later_than_tomorrow_and_the_waitlist_get_no_reminder(dialogue, owner, people):
    later = make_meeting(dialogue=dialogue, actor=owner, days=3, capacity=1)
    soon = make_meeting(dialogue=dialogue, actor=owner, days=1, capacity=1, title="I morgon")
    services.meeting_register(user=people[0], meeting=later, consent=True)
    services.meeting_register(user=people[1], meeting=soon, consent=True)
    services.meeting_register(user=people[2], meeting=soon, consent=True)  # waitlisted
    call_command("send_meeting_reminders")
    assert [m.to[0] for m in mail.outbox] == [people[1].email]


def test_someone_who_moves_up_after_the_run_is_reminded_by_the_next_run(tomorrow, people):
    for person in people[:3]:
        services.meeting_register(user=person, meeting=tomorrow, consent=True)
    call_command("send_meeting_reminders")
    services.meeting_cancel_registration(user=people[0], meeting=tomorrow)
    mail.outbox.clear()
    call_command("send_meeting_reminders")
    assert [m.to[0] for m in mail.outbox] == [people[2].email]

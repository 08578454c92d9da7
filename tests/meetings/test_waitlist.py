"""The waitlist moves up in queue order when someone with a place cancels or leaves."""

from __future__ import annotations

import pytest
from django.core import mail

from meetings import services
from meetings.models import Registration

pytestmark = pytest.mark.django_db


def _status(meeting, people):  # type: ignore[no-untyped-def]
    rows = {r.user_id: r.status for r in Registration.objects.filter(meeting=meeting)}
    return [rows.get(p.pk) for p in people]


def test_cancelling_a_place_gives_it_to_the_first_one_waiting(
    meeting, people, django_capture_on_commit_callbacks
):
    for person in people[:5]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    assert _status(meeting, people[:5]) == ["registered"] * 2 + ["waitlisted"] * 3
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel_registration(user=people[1], meeting=meeting)
    assert _status(meeting, people[:5]) == [
        "registered",
        "cancelled",
        "registered",
        "waitlisted",
        "waitlisted",
    ]
    [moved_up] = mail.outbox
    assert moved_up.to == [people[2].email]
    assert "Digitalt dialogmöte" in moved_up.subject
    # The one who moved up now gets the link in the e-mail.
    assert meeting.link in moved_up.body


def test_leaving_the_waitlist_keeps_the_others_order(meeting, people):
    for person in people[:5]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    services.meeting_cancel_registration(user=people[2], meeting=meeting)  # first waiting
    services.meeting_cancel_registration(user=people[0], meeting=meeting)  # a place frees
    assert _status(meeting, people[:5]) == [
        "cancelled",
        "registered",
        "cancelled",
        "registered",
        "waitlisted",
    ]


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(meeting, people):
    for person in people[:4]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    services.meeting_cancel_registration(user=people[0], meeting=meeting)
    again = services.meeting_register(user=people[0], meeting=meeting, consent=True)
    assert again.status == "waitlisted"
    services.meeting_cancel_registration(user=people[1], meeting=meeting)
    # people[3] waited before people[0] came back.
    assert _status(meeting, people[:4]) == ["waitlisted", "cancelled", "registered", "registered"]
    # The pseudonym stays the same across the cancel.
    assert again.number == 1


def test_the_waitlist_does_not_move_once_the_meeting_has_started(meeting, people):
    import datetime

    from django.utils import timezone

    for person in people[:3]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    services.meeting_cancel_registration(user=people[0], meeting=meeting)
    assert _status(meeting, people[:3]) == ["cancelled", "registered", "waitlisted"]

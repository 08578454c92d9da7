"""The team's report after a meeting, and the attendance the dialogue's summary reads."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.selectors import attendance_for_dialogue
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_a_report_before_the_meeting_is_a_400(api_as, meeting, owner):
    response = api_as(owner).put(
        f"/api/v1/meetings/{meeting.pk}/report/", {"attendees": 3}, format="json"
    )
    assert response.status_code == 400
    assert "taken place" in str(response.json()) or "ägt rum" in str(response.json())


@pytest.mark.parametrize("attendees", [-1, "många", None, 100_001])
def test_a_wrong_attendee_count_is_a_400(api_as, dialogue, owner, attendees):
    past = make_meeting(dialogue=dialogue, actor=owner, days=-1)
    response = api_as(owner).put(
        f"/api/v1/meetings/{past.pk}/report/", {"attendees": attendees}, format="json"
    )
    assert response.status_code == 400
    assert "attendees" in response.json()


def test_attendance_sums_the_reports_per_meeting(dialogue, owner, people):
    evening = make_meeting(dialogue=dialogue, actor=owner, days=-3, hour=18)
    morning = make_meeting(dialogue=dialogue, actor=owner, days=-2, hour=9)
    make_meeting(dialogue=dialogue, actor=owner, days=5)  # not held yet
    services.meeting_report_save(actor=owner, meeting=evening, attendees=11, notes="")
    services.meeting_report_save(actor=owner, meeting=morning, attendees=4, notes="Få kom.")
    services.meeting_report_save(actor=owner, meeting=morning, attendees=5, notes="Rättat.")
    attendance = attendance_for_dialogue(dialogue)
    assert (attendance["meetings"], attendance["reported"], attendance["attendees"]) == (3, 2, 16)
    assert [m["attendees"] for m in attendance["per_meeting"]] == [11, 5, None]


def test_the_summary_api_carries_the_attendance_of_reported_meetings(api, dialogue, owner):
    from dialogues.services import dialogue_update

    held = make_meeting(dialogue=dialogue, actor=owner, days=-2, hour=18)
    services.meeting_report_save(actor=owner, meeting=held, attendees=7, notes="")
    for status in ("closed", "reported"):
        dialogue_update(actor=owner, dialogue=dialogue, status=status)
    response = api.get(f"/api/v1/dialogues/{dialogue.pk}/summary/")
    assert response.status_code == 200
    attendance = response.json()["attendance"]
    assert (attendance["meetings"], attendance["reported"], attendance["attendees"]) == (1, 1, 7)
    assert attendance["per_meeting"][0]["id"] == held.pk

"""The meeting pages work without JavaScript: plain forms register, cancel, plan a meeting
and write the report; errors come back on the page with a 400."""

from __future__ import annotations

import pytest

from meetings.models import Meeting, MeetingReport, Registration
from tests.meetings.conftest import LINK, make_meeting

pytestmark = pytest.mark.django_db


def test_the_meetings_page_shows_counts_forms_and_calendar_links(client, meeting, people):
    client.force_login(people[0])
    page = client.get(f"/dialoger/{meeting.dialogue_id}/moten/").content.decode()
    assert meeting.title in page
    assert f'action="/moten/{meeting.pk}/anmalan/"' in page
    assert f"/api/v1/meetings/{meeting.pk}/calendar.ics" in page
    assert f"/api/v1/dialogues/{meeting.dialogue_id}/calendar.ics" in page
    assert LINK not in page


def test_signing_up_with_the_form_gives_a_place_and_shows_the_link(client, meeting, citizen):
    client.force_login(citizen)
    response = client.post(
        f"/moten/{meeting.pk}/anmalan/",
        {f"meeting-{meeting.pk}-consent": "on", f"meeting-{meeting.pk}-consent_version": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert Registration.objects.get(user=citizen).status == "registered"
    page = response.content.decode()
    assert LINK in page
    assert f'action="/moten/{meeting.pk}/avanmalan/"' in page


def test_signing_up_without_consent_shows_the_error_on_the_page(client, meeting, citizen):
    client.force_login(citizen)
    response = client.post(
        f"/moten/{meeting.pk}/anmalan/", {f"meeting-{meeting.pk}-consent_version": "1"}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_with_the_form_frees_the_place(client, meeting, citizen):
    client.force_login(citizen)
    prefix = f"meeting-{meeting.pk}"
    client.post(
        f"/moten/{meeting.pk}/anmalan/",
        {f"{prefix}-consent": "on", f"{prefix}-consent_version": "1"},
    )
    response = client.post(f"/moten/{meeting.pk}/avanmalan/")
    assert response.status_code == 302
    assert Registration.objects.get(user=citizen).status == "cancelled"


def test_an_anonymous_visitor_is_asked_to_sign_in(client, meeting):
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "/accounts/login/?next=" in page
    assert client.post(f"/moten/{meeting.pk}/anmalan/").status_code == 302  # to sign in


def test_the_team_plans_a_meeting_with_the_form(client, dialogue, owner, citizen):
    client.force_login(citizen)
    assert client.get(f"/dialoger/{dialogue.pk}/moten/nytt/").status_code == 403
    client.force_login(owner)
    assert client.get(f"/dialoger/{dialogue.pk}/moten/nytt/").status_code == 200
    bad = client.post(
        f"/dialoger/{dialogue.pk}/moten/nytt/",
        {
            "title": "Möte",
            "starts_at": "2031-05-04T18:00",
            "ends_at": "2031-05-04T20:00",
            "mode": "physical",
            "capacity": "10",
            "consent_text": "Jag samtycker.",
        },
    )
    assert bad.status_code == 400  # a physical meeting needs a place
    assert not Meeting.objects.exists()
    response = client.post(
        f"/dialoger/{dialogue.pk}/moten/nytt/",
        {
            "title": "Möte i Ås",
            "starts_at": "2031-05-04T18:00",
            "ends_at": "2031-05-04T20:00",
            "mode": "physical",
            "location": "Ås bygdegård",
            "capacity": "10",
            "consent_text": "Jag samtycker.",
        },
    )
    created = Meeting.objects.get()
    assert response.status_code == 302
    assert created.location == "Ås bygdegård"
    assert created.starts_at.isoformat() == "2031-05-04T16:00:00+00:00"  # Swedish summer time


def test_the_team_sees_pseudonyms_and_writes_the_report(client, dialogue, owner, people):
    past = make_meeting(dialogue=dialogue, actor=owner, days=3)
    from meetings import services

    services.meeting_register(user=people[0], meeting=past, consent=True)
    client.force_login(owner)
    page = client.get(f"/moten/{past.pk}/").content.decode()
    assert "Deltagare 1" in page
    assert "Person 0" not in page and people[0].email not in page
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=past.starts_at.replace(year=2020), ends_at=past.ends_at.replace(year=2020)
    )
    response = client.post(f"/moten/{past.pk}/rapport/", {"attendees": "9", "notes": "Bra."})
    assert response.status_code == 302
    assert MeetingReport.objects.get(meeting=past).attendees == 9

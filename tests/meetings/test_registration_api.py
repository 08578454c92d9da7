"""The meeting API: list and plan meetings, register with consent (a place or the waitlist),
cancel, and what each person sees."""

from __future__ import annotations

import pytest

from meetings.models import MeetingConsentText, Registration
from tests.meetings.conftest import LINK

pytestmark = pytest.mark.django_db


def test_anyone_lists_an_open_dialogues_meetings_in_the_design_shape(api, dialogue, meeting):
    response = api.get(f"/api/v1/dialogues/{dialogue.pk}/meetings/")
    assert response.status_code == 200
    [row] = response.json()
    assert {
        "id",
        "dialogue",
        "focus_group",
        "title",
        "starts_at",
        "ends_at",
        "mode",
        "location",
        "link",
        "capacity",
        "registered",
        "waitlisted",
    } <= set(row)
    assert row["dialogue"] == dialogue.pk
    assert row["mode"] == "digital"
    assert row["link"] is None  # not registered: no link
    assert (row["capacity"], row["registered"], row["waitlisted"]) == (2, 0, 0)


def test_the_team_plans_a_meeting_and_others_may_not(api_as, dialogue, owner, citizen, outsider):
    body = {
        "title": "Möte i Föllinge",
        "starts_at": "2031-03-10T18:00:00+01:00",
        "ends_at": "2031-03-10T20:00:00+01:00",
        "mode": "physical",
        "location": "Bygdegården",
        "capacity": 25,
    }
    url = f"/api/v1/dialogues/{dialogue.pk}/meetings/"
    assert api_as(None).post(url, body, format="json").status_code == 401
    assert api_as(citizen).post(url, body, format="json").status_code == 403
    assert api_as(outsider).post(url, body, format="json").status_code == 403
    response = api_as(owner).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["location"] == "Bygdegården"
    assert response.json()["consent_version"] == 1
    assert response.json()["consent_text"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mode": "physical", "location": ""}, "location"),
        ({"mode": "digital", "link": ""}, "link"),
        ({"ends_at": "2031-03-10T17:00:00+01:00"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"mode": "hybrid"}, "mode"),
        ({"starts_at": "i morgon"}, "starts_at"),
        ({"focus_group": 987654}, "focus_group"),
    ],
)
def test_a_wrong_meeting_is_a_400_naming_the_field(api_as, dialogue, owner, change, field):
    body = {
        "title": "Möte",
        "starts_at": "2031-03-10T18:00:00+01:00",
        "ends_at": "2031-03-10T20:00:00+01:00",
        "mode": "digital",
        "link": "https://möte.example/x",
        "capacity": 5,
        **change,
    }
    response = api_as(owner).post(f"/api/v1/dialogues/{dialogue.pk}/meetings/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert dialogue.meetings.count() == 0


def test_registering_without_signing_in_is_401(api, meeting):
    response = api.post(f"/api/v1/meetings/{meeting.pk}/registration/", {"consent": True})
    assert response.status_code == 401


def test_registering_without_consent_is_a_400_that_says_so(api_as, meeting, citizen):
    response = api_as(citizen).post(
        f"/api/v1/meetings/{meeting.pk}/registration/", {}, format="json"
    )
    assert response.status_code == 400
    assert "consent" in response.json()
    assert not Registration.objects.exists()


def test_places_then_the_waitlist(api_as, meeting, people):
    url = f"/api/v1/meetings/{meeting.pk}/registration/"
    statuses = [
        api_as(p).post(url, {"consent": True}, format="json").json()["status"] for p in people[:4]
    ]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    listed = api_as(people[0]).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (listed["registered"], listed["waitlisted"]) == (2, 2)
    assert listed["registration"] == "registered"


def test_registering_twice_is_a_400(api_as, meeting, citizen):
    url = f"/api/v1/meetings/{meeting.pk}/registration/"
    assert api_as(citizen).post(url, {"consent": True}, format="json").status_code == 201
    second = api_as(citizen).post(url, {"consent": True}, format="json")
    assert second.status_code == 400
    assert "already registered" in str(second.json()) or "redan" in str(second.json())


def test_the_link_is_shown_to_the_registered_and_the_team_only(api_as, meeting, people, owner):
    url = f"/api/v1/meetings/{meeting.pk}/registration/"
    for person in people[:3]:
        api_as(person).post(url, {"consent": True}, format="json")
    detail = f"/api/v1/meetings/{meeting.pk}/"
    assert api_as(people[0]).get(detail).json()["link"] == LINK
    assert api_as(people[2]).get(detail).json()["link"] is None  # waitlisted
    assert api_as(people[4]).get(detail).json()["link"] is None
    assert api_as(None).get(detail).json()["link"] is None
    assert api_as(owner).get(detail).json()["link"] == LINK
    assert (
        LINK
        not in api_as(None)
        .get(f"/api/v1/dialogues/{meeting.dialogue_id}/meetings/")
        .content.decode()
    )


def test_the_consent_version_is_recorded_and_a_stale_one_refused(api_as, meeting, citizen, people):
    url = f"/api/v1/meetings/{meeting.pk}/registration/"
    stale = api_as(people[0]).post(url, {"consent": True, "consent_version": 7}, format="json")
    assert stale.status_code == 400
    assert "consent_version" in stale.json()
    response = api_as(citizen).post(url, {"consent": True, "consent_version": 1}, format="json")
    assert response.status_code == 201
    registration = Registration.objects.get(user=citizen)
    assert registration.consent_version == 1
    assert registration.consented_at is not None
    agreed = MeetingConsentText.objects.get(meeting=meeting, version=registration.consent_version)
    assert agreed.text == meeting.consent_text


def test_the_team_does_not_register_for_its_own_meeting(api_as, meeting, owner):
    response = api_as(owner).post(
        f"/api/v1/meetings/{meeting.pk}/registration/", {"consent": True}, format="json"
    )
    assert response.status_code == 400


def test_cancelling_when_not_registered_is_a_400(api_as, meeting, citizen):
    response = api_as(citizen).delete(f"/api/v1/meetings/{meeting.pk}/registration/")
    assert response.status_code == 400


def test_the_team_sees_registrants_as_pseudonyms_and_others_may_not(
    api_as, meeting, people, owner, citizen
):
    url = f"/api/v1/meetings/{meeting.pk}/registration/"
    for person in people[:3]:
        api_as(person).post(url, {"consent": True}, format="json")
    response = api_as(owner).get(f"/api/v1/meetings/{meeting.pk}/registrations/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["pseudonym"], r["status"]) for r in rows] == [
        ("Deltagare 1", "registered"),
        ("Deltagare 2", "registered"),
        ("Deltagare 3", "waitlisted"),
    ]
    assert "person0@example.org" not in response.content.decode()
    assert "Person 0" not in response.content.decode()
    assert api_as(citizen).get(f"/api/v1/meetings/{meeting.pk}/registrations/").status_code == 403


def test_registration_closes_with_the_dialogue(api_as, meeting, citizen):
    meeting.dialogue.status = "closed"
    meeting.dialogue.save()
    response = api_as(citizen).post(
        f"/api/v1/meetings/{meeting.pk}/registration/", {"consent": True}, format="json"
    )
    assert response.status_code == 400

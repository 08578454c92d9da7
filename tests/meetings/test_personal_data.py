"""Registrations in the personal-data export, and deleted with the account (the waitlist
moves up)."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.models import Registration
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_registrations_with_the_consent_and_birth_year(
    api_as, dialogue, owner, youth_group, citizen
):
    youth = make_meeting(dialogue=dialogue, actor=owner, focus_group=youth_group)
    services.meeting_register(user=citizen, meeting=youth, consent=True, birth_year=2008)
    [entry] = api_as(citizen).get("/api/v1/me/export/").json()["meeting_registrations"]
    assert entry["meeting"] == youth.pk
    assert entry["meeting_title"] == youth.title
    assert entry["dialogue"] == dialogue.title
    assert entry["status"] == "registered"
    assert entry["pseudonym"] == "Deltagare 1"
    assert entry["birth_year"] == 2008
    assert entry["consent"]["version"] == 1
    assert entry["consent"]["text"] == youth.consent_text
    assert entry["consent"]["given_at"]


def test_the_export_has_no_one_elses_registrations(api_as, meeting, people):
    services.meeting_register(user=people[0], meeting=meeting, consent=True)
    assert api_as(people[1]).get("/api/v1/me/export/").json()["meeting_registrations"] == []


def test_deleting_the_account_deletes_the_registrations_and_moves_the_waitlist_up(
    api_as, meeting, people
):
    for person in people[:3]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    assert api_as(people[0]).delete("/api/v1/me/").status_code == 204
    assert not Registration.objects.filter(user=people[0]).exists()
    assert Registration.objects.get(user=people[2]).status == "registered"

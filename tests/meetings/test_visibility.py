"""A draft dialogue's meetings are the team's: 404 to everyone else, in every API and page."""

from __future__ import annotations

import pytest

from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_a_draft_dialogues_meetings_are_404_outside_the_team(
    api_as, client, draft_dialogue, owner, citizen, outsider, staff
):
    hidden = make_meeting(dialogue=draft_dialogue, actor=owner)
    gets = [
        f"/api/v1/dialogues/{draft_dialogue.pk}/meetings/",
        f"/api/v1/meetings/{hidden.pk}/",
        f"/api/v1/meetings/{hidden.pk}/calendar.ics",
        f"/api/v1/dialogues/{draft_dialogue.pk}/calendar.ics",
        f"/api/v1/meetings/{hidden.pk}/report/",
        f"/api/v1/meetings/{hidden.pk}/registrations/",
    ]
    pages = [
        f"/dialoger/{draft_dialogue.pk}/moten/",
        f"/moten/{hidden.pk}/",
        f"/moten/{hidden.pk}/rapport/",
        f"/dialoger/{draft_dialogue.pk}/moten/nytt/",
    ]
    for person in (citizen, outsider, staff):
        api = api_as(person)
        for url in gets:
            assert api.get(url).status_code == 404, (person, url)
        post = api.post(f"/api/v1/meetings/{hidden.pk}/registration/", {"consent": True})
        assert post.status_code == 404
        assert api.delete(f"/api/v1/meetings/{hidden.pk}/registration/").status_code == 404
        assert api.put(f"/api/v1/meetings/{hidden.pk}/report/", {"attendees": 3}).status_code == 404
        client.force_login(person)
        for url in pages:
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(f"/moten/{hidden.pk}/anmalan/").status_code == 404
        assert client.post(f"/moten/{hidden.pk}/avanmalan/").status_code == 404
    for url in gets[:4]:
        assert api_as(None).get(url).status_code == 404
        assert api_as(owner).get(url).status_code == 200
    client.force_login(owner)
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_report_is_the_teams_until_the_dialogue_is_reported(api_as, dialogue, owner, citizen):
    past = make_meeting(dialogue=dialogue, actor=owner, days=-2)
    url = f"/api/v1/meetings/{past.pk}/report/"
    assert api_as(citizen).put(url, {"attendees": 3}, format="json").status_code == 403
    saved = api_as(owner).put(url, {"attendees": 12, "notes": "Bra samtal."}, format="json")
    assert saved.status_code == 200, saved.content
    assert api_as(citizen).get(url).status_code == 403
    assert api_as(owner).get(url).json()["attendees"] == 12
    dialogue.status = "reported"
    dialogue.save()
    assert api_as(citizen).get(url).json() == {
        "meeting": past.pk,
        "attendees": 12,
        "notes": "Bra samtal.",
        "updated_at": saved.json()["updated_at"],
    }

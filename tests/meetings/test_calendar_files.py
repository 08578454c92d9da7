"""Calendar files: valid iCalendar in Europe/Stockholm with its VTIMEZONE, a stable UID,
DTSTAMP, SUMMARY, LOCATION and URL; a digital meeting's link only in a registered person's
file; a draft dialogue's meetings are 404 outside the team."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest

from meetings import services
from tests.meetings.conftest import LINK, make_meeting

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _calendar(client, url: str) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_a_meeting_file_has_what_calendar_apps_need(api, dialogue, owner):
    physical = make_meeting(
        dialogue=dialogue, actor=owner, mode="physical", location="Folkets hus, Föllinge"
    )
    calendar = _calendar(api, f"/api/v1/meetings/{physical.pk}/calendar.ics")
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Stockholm"
    assert zone.walk("STANDARD") and zone.walk("DAYLIGHT")
    [event] = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"):
        assert required in event, required
    assert event["SUMMARY"] == physical.title
    assert event["LOCATION"] == "Folkets hus, Föllinge"
    assert event["URL"].endswith(f"/moten/{physical.pk}/")
    start = event.decoded("DTSTART")
    assert start == physical.starts_at
    assert start.tzinfo.key == "Europe/Stockholm"  # written with TZID, not in UTC
    assert start.astimezone(STOCKHOLM).hour == 18
    assert event.decoded("DTSTAMP").tzinfo is not None
    # Every TZID the file uses is defined in it.
    assert calendar.get_missing_tzids() == set()


def test_the_uid_is_stable_across_downloads_and_in_both_files(api, dialogue, meeting):
    first = _calendar(api, f"/api/v1/meetings/{meeting.pk}/calendar.ics").walk("VEVENT")[0]
    again = _calendar(api, f"/api/v1/meetings/{meeting.pk}/calendar.ics").walk("VEVENT")[0]
    whole = _calendar(api, f"/api/v1/dialogues/{dialogue.pk}/calendar.ics")
    assert first["UID"] == again["UID"] == whole.walk("VEVENT")[0]["UID"]
    assert first["DTSTAMP"].to_ical() == again["DTSTAMP"].to_ical()


def test_the_dialogue_file_holds_every_meeting(api, dialogue, meeting, owner):
    morning = make_meeting(dialogue=dialogue, actor=owner, hour=9, title="Morgonmöte")
    calendar = _calendar(api, f"/api/v1/dialogues/{dialogue.pk}/calendar.ics")
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == sorted(
        [meeting.title, morning.title]
    )
    assert calendar.get_missing_tzids() == set()


def test_a_dialogue_without_meetings_still_gives_a_valid_file(api, dialogue):
    calendar = _calendar(api, f"/api/v1/dialogues/{dialogue.pk}/calendar.ics")
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")  # a VCALENDAR needs at least one component


def test_the_digital_link_is_only_in_a_registered_persons_file(api_as, meeting, people, owner):
    services.meeting_register(user=people[0], meeting=meeting, consent=True)
    services.meeting_register(user=people[1], meeting=meeting, consent=True)
    services.meeting_register(user=people[2], meeting=meeting, consent=True)  # waitlisted
    urls = [
        f"/api/v1/meetings/{meeting.pk}/calendar.ics",
        f"/api/v1/dialogues/{meeting.dialogue_id}/calendar.ics",
    ]
    for url in urls:
        registered = api_as(people[0]).get(url).content.decode()
        assert LINK in registered.replace("\r\n ", "")
        assert LINK in api_as(owner).get(url).content.decode().replace("\r\n ", "")
        for outsider in (None, people[2], people[3]):
            body = api_as(outsider).get(url).content.decode().replace("\r\n ", "")
            assert LINK not in body
            assert "rum-hemligt" not in body


def test_a_draft_dialogues_meeting_files_are_404_outside_the_team(
    api_as, draft_dialogue, owner, citizen, outsider
):
    hidden = make_meeting(dialogue=draft_dialogue, actor=owner)
    for url in (
        f"/api/v1/meetings/{hidden.pk}/calendar.ics",
        f"/api/v1/dialogues/{draft_dialogue.pk}/calendar.ics",
    ):
        for person in (None, citizen, outsider):
            assert api_as(person).get(url).status_code == 404
        assert api_as(owner).get(url).status_code == 200


def test_times_across_the_summer_time_change_keep_their_local_hour(api, dialogue, owner):
    # 28 March 2027 is the last Sunday of March: summer time begins.
    winter = datetime.datetime(2027, 3, 27, 18, 0, tzinfo=STOCKHOLM)
    summer = datetime.datetime(2027, 3, 29, 18, 0, tzinfo=STOCKHOLM)
    for start in (winter, summer):
        services.meeting_create(
            actor=owner,
            dialogue=dialogue,
            title=f"Möte {start:%d}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            mode="physical",
            location="Rådhuset",
            capacity=5,
        )
    calendar = _calendar(api, f"/api/v1/dialogues/{dialogue.pk}/calendar.ics")
    lines = calendar.to_ical().decode()
    assert "DTSTART;TZID=Europe/Stockholm:20270327T180000" in lines
    assert "DTSTART;TZID=Europe/Stockholm:20270329T180000" in lines

"""Dialogue meetings (issue 18): a draft dialogue's meetings are 404 to everyone outside
Skellefteå's team, in the API, the calendar files and the pages; an open dialogue's meetings
are seen by all, planned, changed, cancelled and reported by the team (403 to others who see
them), and registered for by signed-in people outside it; the digital link reaches only the team (none of these personas has a place)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dialogues.models import Dialogue
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.security.visibility.checks import Leaks, Reader, request, rolled_back
from tests.security.visibility.world import PERSONAS, World

pytestmark = pytest.mark.django_db

#: persona: (on Skellefteå's team, signed in)
MEETING_TABLE = {
    "anonymous": (False, False),
    "citizen": (False, True),
    "member": (True, True),
    "other": (False, True),
    "coordinator": (True, True),
    "staff": (False, True),
}
SECRET = "https://möte.example/mkmeetinglink"


def _dialogue(world: World, status: str) -> Dialogue:
    member = world.users["member"]
    return Dialogue.objects.create(
        organisation=world.skelleftea,
        created_by=member,
        status=status,
        title=f"Dialog {status}",
        prompts=["Varför bor du här?"],
        consent_text="Jag samtycker.",
    )


def _meeting(world: World, dialogue: Dialogue, days: int) -> object:
    start = timezone.now() + datetime.timedelta(days=days)
    return meeting_services.meeting_create(
        actor=world.users["member"],  # type: ignore[arg-type]
        dialogue=dialogue,
        title=f"Möte {dialogue.status} {days}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        mode="digital",
        link=SECRET,
        capacity=5,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_meetings_are_seen_and_managed_as_the_persona_may(world: World, persona: str) -> None:
    team, signed_in = MEETING_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    client = world.client(persona)
    open_dialogue, draft = _dialogue(world, "open"), _dialogue(world, "draft")
    coming = _meeting(world, open_dialogue, 3)
    held = _meeting(world, open_dialogue, -3)
    hidden = _meeting(world, draft, 3)

    # Reading: the open dialogue's meetings for all, the draft's for the team only.
    for dialogue, seen in ((open_dialogue, True), (draft, team)):
        want = 200 if seen else 404
        read.get(f"/api/v1/dialogues/{dialogue.pk}/meetings/", want=want)
        read.get(f"/api/v1/dialogues/{dialogue.pk}/calendar.ics", want=want)
        read.get(f"/dialoger/{dialogue.pk}/moten/", want=want)
    for meeting, seen in ((coming, True), (hidden, team)):
        want = 200 if seen else 404
        response, body = read.get(f"/api/v1/meetings/{meeting.pk}/", want=want)
        read.same(f"link of {meeting}", SECRET in body, team)
        _, ics = read.get(f"/api/v1/meetings/{meeting.pk}/calendar.ics", want=want)
        read.same(
            f"link in the .ics of {meeting}", "mkmeetinglink" in ics.replace("\r\n ", ""), team
        )
        _, page = read.get(f"/moten/{meeting.pk}/", want=want)
        read.same(f"link on the page of {meeting}", SECRET in page, team)
        read.get(
            f"/api/v1/meetings/{meeting.pk}/registrations/",
            # Signing in comes first (401), as for every operation that needs it.
            want=401 if not signed_in else (200 if team else 403) if seen else 404,
        )
    listed = read.json(f"/api/v1/dialogues/{open_dialogue.pk}/meetings/")
    read.same(
        "open dialogue's meetings", sorted(m["id"] for m in listed), sorted([coming.pk, held.pk])
    )
    read.same(
        "links in the list", [m["link"] for m in listed if m["link"]], [SECRET] * 2 if team else []
    )
    # The report of the held meeting: the team's until the dialogue is reported.
    report_url = f"/api/v1/meetings/{held.pk}/report/"
    put = request(client, "PUT", report_url, {"attendees": 7, "notes": "Bra."})
    leaks.status(f"{persona} PUT {report_url}", put, 200 if team else 403 if signed_in else 401)
    read.get(report_url, want=404 if team else 403)  # the team: none written yet
    read.get(f"/moten/{held.pk}/rapport/", want=200 if team else 403 if signed_in else 302)
    read.get(f"/moten/{hidden.pk}/rapport/", want=200 if team else 404 if signed_in else 302)
    read.get(
        f"/dialoger/{open_dialogue.pk}/moten/nytt/", want=200 if team else 403 if signed_in else 302
    )
    read.get(f"/dialoger/{draft.pk}/moten/nytt/", want=200 if team else 404 if signed_in else 302)

    # Planning: the team only; a draft dialogue is not there for anyone else.
    body = {
        "title": "Nytt möte",
        "starts_at": "2031-03-10T18:00:00+01:00",
        "ends_at": "2031-03-10T20:00:00+01:00",
        "mode": "physical",
        "location": "Rådhuset",
        "capacity": 10,
    }
    for dialogue, seen in ((open_dialogue, True), (draft, team)):
        url = f"/api/v1/dialogues/{dialogue.pk}/meetings/"
        created = request(client, "POST", url, body)
        want = 201 if team else 403 if seen else 404
        leaks.status(f"{persona} POST {url}", created, 401 if not signed_in else want)

    # Changing and cancelling: the team; 403 to others who see the meeting, 404 to those
    # who do not (a draft dialogue's meeting), signing in first. Each write is rolled back.
    for meeting, seen in ((coming, True), (hidden, team)):
        want = 401 if not signed_in else (200 if team else 403) if seen else 404
        url = f"/api/v1/meetings/{meeting.pk}/"
        leaks.status(f"{persona} PATCH {url}", request(client, "PATCH", url, {"capacity": 9}), want)
        url = f"/api/v1/meetings/{meeting.pk}/cancel/"
        leaks.status(
            f"{persona} POST {url}", request(client, "POST", url, {"reason": "Storm."}), want
        )
        want_page = 302 if not signed_in else (200 if team else 403) if seen else 404
        for page in ("redigera", "installa"):
            read.get(f"/moten/{meeting.pk}/{page}/", want=want_page)
        page_url = f"/moten/{meeting.pk}/installa/"
        with rolled_back():  # a form post, as the page sends it
            answer = client.post(page_url, {"reason": "Storm."})
        leaks.status(f"{persona} POST {page_url}", answer, 302 if team or not signed_in else want)
    read.same("meetings unchanged", sorted(m.capacity for m in Meeting.objects.all()), [5, 5, 5])
    read.same("none cancelled", Meeting.objects.filter(cancelled_at__isnull=False).count(), 0)

    # Registering: signed-in people outside the team; the team does not take places.
    for meeting, seen in ((coming, True), (hidden, team)):
        url = f"/api/v1/meetings/{meeting.pk}/registration/"
        post = request(client, "POST", url, {"consent": True})
        delete = request(client, "DELETE", url)
        if not signed_in:
            want_post = want_delete = 401
        elif not seen:
            want_post = want_delete = 404
        else:
            want_post, want_delete = (400 if team else 201), 400  # nothing to cancel
        leaks.status(f"{persona} POST {url}", post, want_post)
        leaks.status(f"{persona} DELETE {url}", delete, want_delete)
        for page in ("anmalan", "avanmalan"):
            page_url = f"/moten/{meeting.pk}/{page}/"
            answer = request(client, "POST", page_url)
            leaks.status(
                f"{persona} POST {page_url}",
                answer,
                302 if not signed_in else (404 if not seen else 400 if page == "anmalan" else 302),
            )
    leaks.report()

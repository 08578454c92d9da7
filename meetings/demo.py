"""Demo meetings for a fresh `make run`: Krokom's dialogue ("put your place on the map",
made by dialogues/demo.py, which runs first: `load_demo` follows INSTALLED_APPS) gets its two
open digital meetings, one in the evening and one in the morning, two and three weeks ahead.
Everything goes through meetings.services. Idempotent: a meeting is keyed on its title."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from dialogues.models import Dialogue
from meetings import services
from meetings.models import Meeting

MARIA = "maria.persson@krokom.example"
GRETA = "greta.medborgare@example.org"
#: (title, days ahead, start, end, places, link)
MEETINGS = [
    (
        "Digitalt dialogmöte på kvällen: varför bor du där du bor?",
        14,
        datetime.time(18, 30),
        datetime.time(20, 0),
        40,
        "https://möte.krokom.example/dialog-kvall",
    ),
    (
        "Digitalt dialogmöte på morgonen: det unika med din plats",
        17,
        datetime.time(7, 30),
        datetime.time(8, 30),
        25,
        "https://möte.krokom.example/dialog-morgon",
    ),
]


def load(stdout: Any) -> None:
    dialogue = Dialogue.objects.filter(organisation__slug="krokom").order_by("pk").first()
    team = User.objects.filter(email=MARIA).first()
    if dialogue is None or team is None:
        stdout.write("Demo meetings: no Krokom dialogue, none added.")
        return
    with timezone.override("Europe/Stockholm"):
        today = timezone.localdate()
        zone = timezone.get_current_timezone()
    added = 0
    for title, days, start, end, places, link in MEETINGS:
        if Meeting.objects.filter(dialogue=dialogue, title=title).exists():
            continue
        day = today + datetime.timedelta(days=days)
        services.meeting_create(
            actor=team,
            dialogue=dialogue,
            title=title,
            starts_at=datetime.datetime.combine(day, start, tzinfo=zone),
            ends_at=datetime.datetime.combine(day, end, tzinfo=zone),
            mode=Meeting.Mode.DIGITAL,
            link=link,
            capacity=places,
        )
        added += 1
    # Greta has a place at the evening meeting, so the demo shows a person's own status.
    greta = User.objects.filter(email=GRETA).first()
    evening = Meeting.objects.filter(dialogue=dialogue, title=MEETINGS[0][0]).first()
    if (
        greta is not None
        and evening is not None
        and dialogue.status == Dialogue.Status.OPEN
        and not evening.registrations.filter(user=greta).exists()
    ):
        services.meeting_register(user=greta, meeting=evening, consent=True)
    stdout.write(f"Demo meetings: {added} added to “{dialogue.title}”.")

"""The demo gives Krokom's dialogue two open digital meetings, evening and morning; loading
it again adds nothing."""

from __future__ import annotations

import io
import zoneinfo

import pytest

from accounts import demo as people_demo
from accounts.models import User
from meetings import demo
from meetings.models import Meeting
from tests import factories
from tests.meetings.conftest import make_dialogue

pytestmark = pytest.mark.django_db


def test_krokoms_dialogue_gets_an_evening_and_a_morning_digital_meeting() -> None:
    people_demo.load(io.StringIO())
    krokom = factories.organisation("krokom")
    dialogue = make_dialogue(organisation=krokom, created_by=User.objects.get(email=demo.MARIA))
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    meetings = list(Meeting.objects.filter(dialogue=dialogue))
    assert len(meetings) == 2
    assert {m.mode for m in meetings} == {"digital"}
    hours = sorted(
        m.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Stockholm")).hour for m in meetings
    )
    assert hours[0] < 10 and hours[1] >= 17  # a morning and an evening
    assert all(m.registrations.count() <= 1 for m in meetings)

"""Fixtures for meetings: an open Skellefteå dialogue (its team: `owner`) with meetings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from dialogues.models import Dialogue, DialogueConsentText, FocusGroup
from meetings import services
from meetings.models import Meeting

LINK = "https://möte.example/rum-hemligt-4711"


def make_dialogue(
    *, organisation: Any, created_by: User, status: str = "open", **fields: Any
) -> Dialogue:
    """A dialogue saved straight through the ORM (meetings tests need only its row)."""
    fields.setdefault("title", "Sätt din plats på kartan")
    dialogue = Dialogue.objects.create(
        organisation=organisation,
        created_by=created_by,
        status=status,
        prompts=["Varför bor du där du bor?"],
        consent_text="Jag samtycker till dialogen.",
        **fields,
    )
    DialogueConsentText.objects.create(dialogue=dialogue, version=1, text=dialogue.consent_text)
    return dialogue


def make_meeting(
    *, dialogue: Dialogue, actor: User, days: int = 3, hour: int = 18, **fields: Any
) -> Meeting:
    """A meeting `days` from now at `hour` Stockholm time, through the service."""
    with timezone.override("Europe/Stockholm"):
        day = timezone.localdate() + datetime.timedelta(days=days)
        starts = datetime.datetime.combine(
            day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
        )
    fields.setdefault("title", "Digitalt dialogmöte")
    fields.setdefault("mode", "digital")
    if fields["mode"] == "digital":
        fields.setdefault("link", LINK)
    else:
        fields.setdefault("location", "Folkets hus, Föllinge")
    fields.setdefault("capacity", 2)
    return services.meeting_create(
        actor=actor,
        dialogue=dialogue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        **fields,
    )


@pytest.fixture
def dialogue(owner: User, skelleftea: Any) -> Dialogue:
    return make_dialogue(organisation=skelleftea, created_by=owner)


@pytest.fixture
def draft_dialogue(owner: User, skelleftea: Any) -> Dialogue:
    return make_dialogue(
        organisation=skelleftea, created_by=owner, status="draft", title="Utkast till dialog"
    )


@pytest.fixture
def meeting(dialogue: Dialogue, owner: User) -> Meeting:
    """A digital meeting with two places, three days from now."""
    return make_meeting(dialogue=dialogue, actor=owner)


@pytest.fixture
def youth_group(dialogue: Dialogue) -> FocusGroup:
    return FocusGroup.objects.create(dialogue=dialogue, name="Unga 14–25", age_min=14, age_max=25)


@pytest.fixture
def people(db: None) -> list[User]:
    from tests import factories

    return [
        factories.user(email=f"person{i}@example.org", display_name=f"Person {i}") for i in range(6)
    ]

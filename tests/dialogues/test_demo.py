"""Krokom's demo dialogue loads once, with its questions, bygder, focus groups and
contributions placed inside the municipality."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from dialogues import demo
from dialogues.models import Contribution, Dialogue
from tests import factories

pytestmark = pytest.mark.django_db


def test_krokoms_dialogue_loads_once() -> None:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)
    dialogue = Dialogue.objects.get()
    assert dialogue.organisation.slug == "krokom"
    assert dialogue.status == "open"
    assert dialogue.prompts == ["Varför bor du där du bor?", "Vad är unikt med din plats?"]
    assert [a.name for a in dialogue.areas.order_by("name")] == [
        "Alsen-Näskott",
        "Aspås-Rödön-Ås",
        "Föllinge-Laxsjö",
        "Hotagen",
        "Offerdal",
    ]
    young = dialogue.focus_groups.get(name="Unga 14–25")
    assert (young.age_min, young.age_max) == (14, 25)
    assert dialogue.focus_groups.filter(name__startswith="Bygd: ").count() == 5
    assert Contribution.objects.count() == len(demo.CONTRIBUTIONS)
    assert Contribution.objects.filter(is_gold=True).count() == 2
    assert Contribution.objects.get(village="Rötviken").area.name == "Hotagen"
    assert "already there" in out.getvalue()

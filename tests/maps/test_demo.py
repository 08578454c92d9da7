"""The demo places load once, inside their municipalities, with the Jämtland cases' facts."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import demo as accounts_demo
from ideas import demo as ideas_demo
from maps import demo, selectors
from maps.models import Place
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_places_load_once_linked_to_their_ideas() -> None:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    ideas_demo.load(out)
    demo.load(out)
    demo.load(out)
    assert "Demo places: 10 places (0 new)." in out.getvalue()
    assert Place.objects.count() == len(demo.PLACES)
    krokom = Place.objects.filter(organisation__slug="krokom", kind="safety_point")
    assert {p.village for p in krokom} == {"Föllinge", "Trångsviken", "Ås", "Änge"}
    assert all(p.ideas.filter(title=demo.KROKOM_IDEA).exists() for p in krokom)
    # Ås still lacks water: its page lists it as missing.
    assert Place.objects.get(village="Ås").missing_safety_functions() == ["water"]


def test_sikas_is_about_seven_km_from_hammerdal() -> None:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    ideas_demo.load(out)
    demo.load(out)
    sikas = Place.objects.get(name="Sikås Lanthandel")
    [nearest, *_] = selectors.nearest_shops(AnonymousUser(), [sikas])[sikas.pk]
    assert nearest.name == "Hammerdals Livs"
    assert 7.0 < nearest.distance_km < 7.5

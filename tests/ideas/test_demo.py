"""The demo ideas load on a fresh database, obey the rules and load only once."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from ideas import demo
from ideas.models import Adoption, Evidence, Idea, StageChange
from tests import factories

pytestmark = pytest.mark.django_db


def load_twice() -> str:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)
    return out.getvalue()


def test_demo_ideas_load_once_with_history_evidence_and_adoptions():
    output = load_twice()
    assert "(0 new)" in output
    assert Idea.objects.count() == len(demo.IDEAS)
    assert Idea.objects.filter(
        organisation__slug="skelleftea", title="Ledighetsansökan"
    ).get().stage in (
        "prototype",
        "user_test",
    )
    for title in ("Avfallsaffär'n", "Aktiva seniorer"):
        assert Idea.objects.filter(organisation__slug="skelleftea", title=title).exists()
    assert Evidence.objects.exclude(file="").exists()
    assert Adoption.objects.filter(status="adopted").count() >= 3
    assert StageChange.objects.count() > len(demo.IDEAS)
    for idea in Idea.objects.all():
        assert idea.adoption_count == idea.adoptions.count()
        assert idea.follower_count == idea.follows.count()


def test_demo_ideas_are_shown_to_the_public(client):
    load_twice()
    page = client.get("/ideer/")
    assert page.status_code == 200
    assert "Ledighetsansökan" in page.content.decode()
    assert "Digital incheckning" not in page.content.decode()

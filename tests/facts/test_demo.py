"""The demo fact sheet: Skinnskatteberg's knowledge base, loaded once, cited by its idea."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from facts import demo
from facts.models import FactSheet
from ideas import demo as ideas_demo
from ideas.models import Evidence
from tests import factories

pytestmark = pytest.mark.django_db


def test_skinnskattebergs_fact_sheet_loads_once_and_is_cited_by_its_idea(client):
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    ideas_demo.load(out)
    demo.load(out)
    demo.load(out)
    assert "(0 new)" in out.getvalue()
    sheet = FactSheet.objects.get(organisation__slug="skinnskatteberg")
    assert sheet.visibility == "public"
    assert [s.title for s in sheet.sections.all()] == [
        "En åldrande befolkning",
        "Hög försörjningskvot",
        "Folkhälsa",
        "Ungas psykiska hälsa",
    ]
    figure = sheet.facts.get()
    assert (figure.value, figure.unit) == (Decimal(31), "%")
    assert Evidence.objects.get(fact=figure).idea.title.startswith("Fokus Skinnskatteberg")
    page = client.get("/organisationer/skinnskatteberg/fakta/").content.decode()
    assert "31 %" in page and "1 idé bygger på detta" in page

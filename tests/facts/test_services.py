"""Fact sheets through their services: members keep them, a new year starts from the last
year's structure, and bad figures are refused with a message that says what to change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from facts import services
from facts.models import Fact, FactSheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def test_a_new_edition_copies_sections_and_figures_without_their_values(owner, public_sheet):
    edition = services.fact_sheet_create(
        actor=owner, organisation=public_sheet.organisation, year=2024
    )
    assert [s.title for s in edition.sections.all()] == ["Folkhälsa"]
    assert [s.text for s in edition.sections.all()] == ["Låga **folkhälsotal**."]
    copied = edition.facts.get()
    assert (copied.label, copied.unit, copied.kpi, copied.value, copied.year) == (
        "Andel 65 år och äldre",
        "%",
        "N00945",
        None,
        2024,
    )
    assert public_sheet.facts.get().value == Decimal("23.9")


def test_a_new_edition_may_start_empty(owner, public_sheet):
    edition = services.fact_sheet_create(
        actor=owner, organisation=public_sheet.organisation, year=2024, copy_from_previous=False
    )
    assert not edition.sections.exists() and not edition.facts.exists()


def test_an_outsider_may_not_start_or_change_a_sheet(outsider, public_sheet):
    with pytest.raises(PermissionDenied):
        services.fact_sheet_create(
            actor=outsider, organisation=public_sheet.organisation, year=2030
        )
    with pytest.raises(PermissionDenied):
        services.fact_update(actor=outsider, fact=public_sheet.facts.get(), value=Decimal(1))
    assert not FactSheet.objects.filter(year=2030).exists()


def test_a_second_sheet_for_the_same_year_is_refused(owner, public_sheet):
    with pytest.raises(ValidationError) as caught:
        services.fact_sheet_create(actor=owner, organisation=public_sheet.organisation, year=2023)
    assert "already has a fact sheet for 2023" in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"label": "  "}, "label", "Give the figure a label"),
        ({"label": "X", "kpi": "65plus"}, "kpi", "capital letter and five digits"),
        ({"label": "X", "kpi": "N00945"}, "kpi", "already has a figure"),
        ({"label": "X", "year": 1200}, "year", "1900 to 2100"),
        ({"label": "X", "source_url": "not a link"}, "source_url", "URL"),
    ],
)
def test_a_bad_figure_is_refused_and_nothing_changes(owner, public_sheet, fields, field, words):
    with pytest.raises(ValidationError) as caught:
        services.fact_add(actor=owner, sheet=public_sheet, **fields)
    assert words in " ".join(caught.value.message_dict[field])
    assert Fact.objects.filter(sheet=public_sheet).count() == 1


def test_a_figure_changed_by_hand_is_the_organisations_own(owner, public_sheet):
    fact = public_sheet.facts.get()
    fact.source_kind = Fact.SourceKind.KOLADA
    fact.save()
    services.fact_update(actor=owner, fact=fact, value=Decimal("24.1"))
    fact.refresh_from_db()
    assert (fact.value, fact.source_kind) == (Decimal("24.1"), "manual")

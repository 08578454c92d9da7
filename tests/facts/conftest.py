"""Fact sheets for the facts tests: Skellefteå's public 2023 sheet and its members-only 2022
sheet, each with a section and a figure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from facts import services
from facts.models import Fact, FactSheet

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def public_sheet(owner: Any, skelleftea: Any) -> FactSheet:
    sheet = services.fact_sheet_create(
        actor=owner, organisation=skelleftea, year=2023, copy_from_previous=False
    )
    services.fact_section_add(
        actor=owner, sheet=sheet, title="Folkhälsa", text="Låga **folkhälsotal**."
    )
    services.fact_add(
        actor=owner,
        sheet=sheet,
        label="Andel 65 år och äldre",
        value=Decimal("23.9"),
        unit="%",
        source="SCB",
        kpi="N00945",
    )
    return sheet


@pytest.fixture
def hidden_sheet(owner: Any, skelleftea: Any) -> FactSheet:
    sheet = services.fact_sheet_create(
        actor=owner,
        organisation=skelleftea,
        year=2022,
        visibility="organisation",
        copy_from_previous=False,
    )
    services.fact_section_add(actor=owner, sheet=sheet, title="Internt underlag Hemligt")
    services.fact_add(
        actor=owner, sheet=sheet, label="Intern siffra Hemlig", value=Decimal(7), kpi="N00945"
    )
    return sheet


def first_fact(sheet: FactSheet) -> Fact:
    return sheet.facts.get()


@pytest.fixture
def browser_as():  # type: ignore[no-untyped-def]
    """A test client signed in (with a session, as a browser is) as the user, or anonymous."""
    from django.test import Client

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make

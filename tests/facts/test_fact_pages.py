"""The fact page /organisationer/{slug}/fakta/ (the sheet by year, sections in Markdown, each
figure with its trend and the county's and Sweden's as SVG with a table) and the members'
pages that start and edit a year's sheet, without JavaScript."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facts import services
from facts.models import Fact, FactSheet
from tests import factories
from tests.facts.conftest import DATA

pytestmark = pytest.mark.django_db

URL = "/organisationer/skelleftea/fakta/"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_shows_sections_figures_and_their_source(client, public_sheet):
    page = text(client.get(URL))
    assert "<h1>Fakta om Skellefteå, 2023</h1>" in page
    assert "<strong>folkhälsotal</strong>" in page
    assert "23,9 %" in page and "Källa: SCB" in page
    assert "<svg" in page and "<table" in page


def test_imported_figures_show_kolada_as_source_with_county_and_sweden(client):
    from django.core.management import call_command

    factories.ensure_reference_data()
    call_command(
        "import_kolada",
        str(DATA / "kolada_2022.json"),
        str(DATA / "kolada_2023.json"),
        "--no-progress",
    )
    page = text(client.get("/organisationer/skinnskatteberg/fakta/"))
    assert "Källa: <a" in page and ">Kolada</a>" in page
    # The trend table: a row per year, a column for the municipality, its county and Sweden.
    assert '<th scope="col" class="number">Skinnskatteberg</th>' in page
    assert "Västmanlands län</th>" in page and "Sverige</th>" in page
    assert (
        '<th scope="row">2022</th><td class="number">30,6</td><td class="number">21,1</td><td class="number">20,2</td>'
        in page
    )
    assert (
        '<th scope="row">2023</th><td class="number">31,2</td><td class="number">21,4</td><td class="number">20,4</td>'
        in page
    )
    assert "?year=2022" in page


def test_a_hidden_sheet_is_404_and_not_listed_for_outsiders(
    client, browser_as, outsider, owner, public_sheet, hidden_sheet
):
    for user in (None, outsider):
        browser = browser_as(user)
        assert browser.get(URL, {"year": 2022}).status_code == 404
        page = browser.get(URL).content.decode()
        assert "Hemlig" not in page and "?year=2022" not in page
    assert "Intern siffra Hemlig" in text(browser_as(owner).get(URL, {"year": 2022}))


def test_a_bad_year_is_404(client, public_sheet):
    assert client.get(URL, {"year": "x"}).status_code == 404
    assert client.get(URL, {"year": 1999}).status_code == 404


def test_an_organisation_without_sheets_says_so(client, skelleftea):
    assert "har inte publicerat något faktablad än" in text(client.get(URL))


def test_the_organisation_page_links_its_facts(client, skelleftea):
    assert 'href="/organisationer/skelleftea/fakta/"' in text(
        client.get("/organisationer/skelleftea/")
    )


def test_the_page_reads_a_constant_number_of_queries_however_many_years(client, owner, skelleftea):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            text(client.get(URL))
        return len(captured)

    for year in (2020, 2021):
        sheet = services.fact_sheet_create(
            actor=owner, organisation=skelleftea, year=year, copy_from_previous=False
        )
        services.fact_add(
            actor=owner, sheet=sheet, label="Invånare", value=Decimal(year), kpi="N01951"
        )
        services.fact_add(actor=owner, sheet=sheet, label="Äldre", value=Decimal(1))
    few = queries()
    for year in range(2022, 2030):
        sheet = services.fact_sheet_create(actor=owner, organisation=skelleftea, year=year)
        Fact.objects.filter(sheet=sheet).update(value=Decimal(3))
    assert queries() == few


def test_members_start_a_new_year_from_the_previous_one(browser_as, owner, outsider, public_sheet):
    create = "/organisationer/skelleftea/fakta/ny/"
    assert browser_as(outsider).get(create).status_code == 403
    member = browser_as(owner)
    assert 'value="2024"' in text(member.get(create))
    response = member.post(
        create, {"year": 2024, "visibility": "public", "copy_from_previous": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisationer/skelleftea/fakta/2024/andra/"
    sheet = FactSheet.objects.get(organisation__slug="skelleftea", year=2024)
    assert [f.label for f in sheet.facts.all()] == ["Andel 65 år och äldre"]
    again = member.post(create, {"year": 2024, "visibility": "public"})
    page = text(again)
    assert "<title>Fel:" in page and "har redan ett faktablad för 2024" in page


def edit_data(sheet: FactSheet, **changes: str) -> dict[str, str]:
    section = sheet.sections.get()
    fact = sheet.facts.get()
    data = {
        "visibility": sheet.visibility,
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "1",
        "sections-0-id": str(section.pk),
        "sections-0-title": section.title,
        "sections-0-text": section.text,
        "sections-1-title": "",
        "sections-1-text": "",
        "facts-TOTAL_FORMS": "2",
        "facts-INITIAL_FORMS": "1",
        "facts-0-id": str(fact.pk),
        "facts-0-label": fact.label,
        "facts-0-value": "23,9",
        "facts-0-unit": fact.unit,
        "facts-0-year": str(fact.year),
        "facts-0-source": fact.source,
        "facts-0-source_url": "",
        "facts-0-kpi": fact.kpi,
        "facts-1-label": "",
    }
    return data | changes


def test_members_edit_sections_and_figures_in_one_form(browser_as, owner, outsider, public_sheet):
    url = "/organisationer/skelleftea/fakta/2023/andra/"
    assert browser_as(outsider).get(url).status_code == 403
    member = browser_as(owner)
    text(member.get(url))
    response = member.post(
        url,
        edit_data(
            public_sheet,
            **{
                "facts-0-value": "24,2",
                "sections-1-title": "Unga",
                "sections-1-text": "Ungas psykiska hälsa.",
                "facts-1-label": "Invånare",
                "facts-1-value": "77 000",
                "visibility": "organisation",
            },
        ),
    )
    page = response.content.decode()
    assert response.status_code == 302, page[
        page.find("error-summary") : page.find("error-summary") + 1500
    ]
    public_sheet.refresh_from_db()
    assert public_sheet.visibility == "organisation"
    assert [s.title for s in public_sheet.sections.all()] == ["Folkhälsa", "Unga"]
    assert [(f.label, f.value) for f in public_sheet.facts.all()] == [
        ("Andel 65 år och äldre", Decimal("24.2")),
        ("Invånare", Decimal("77000")),
    ]


def test_an_edit_with_a_bad_figure_shows_the_error_summary_and_saves_nothing(
    browser_as, owner, public_sheet
):
    url = "/organisationer/skelleftea/fakta/2023/andra/"
    response = browser_as(owner).post(
        url,
        edit_data(
            public_sheet, **{"facts-0-value": "24,2", "facts-1-label": "Ny", "facts-1-kpi": "fel"}
        ),
    )
    page = text(response)
    assert "<title>Fel:" in page and 'class="error-summary"' in page
    assert "Siffra 2, kolada-nyckeltal" in page
    assert public_sheet.facts.get().value == Decimal("23.9")


def test_a_hidden_sheets_edit_page_is_404_to_outsiders(browser_as, outsider, hidden_sheet):
    assert (
        browser_as(outsider).get("/organisationer/skelleftea/fakta/2022/andra/").status_code == 404
    )

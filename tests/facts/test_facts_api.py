"""The facts API: GET/POST /api/v1/organisations/{slug}/facts/ and GET/PATCH/DELETE
/api/v1/facts/{id}/. Public sheets for all, organisation-only sheets for members (404 to
everyone else), writes for members, bad input a 400 that changes nothing."""

from __future__ import annotations

import pytest

from facts.models import Fact, FactSheet

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/skelleftea/facts/"


def test_anyone_reads_a_public_sheet_with_its_sections_and_facts(api, public_sheet):
    response = api.get(URL)
    assert response.status_code == 200
    [sheet] = response.json()
    assert (sheet["year"], sheet["visibility"], sheet["organisation"]) == (
        2023,
        "public",
        "skelleftea",
    )
    assert sheet["sections"][0]["title"] == "Folkhälsa"
    assert "<strong>folkhälsotal</strong>" in sheet["sections"][0]["text_html"]
    fact = sheet["facts"][0]
    assert {k: fact[k] for k in ("label", "value", "unit", "year", "source", "kpi", "ideas")} == {
        "label": "Andel 65 år och äldre",
        "value": 23.9,
        "unit": "%",
        "year": 2023,
        "source": "SCB",
        "kpi": "N00945",
        "ideas": [],
    }
    assert api.get(f"/api/v1/facts/{fact['id']}/").json()["label"] == "Andel 65 år och äldre"


def test_a_hidden_sheet_is_404_to_outsiders_and_listed_for_members(
    api_as, public_sheet, hidden_sheet, owner, outsider
):
    hidden = hidden_sheet.facts.get().pk
    for user in (None, outsider):
        client = api_as(user)
        assert [s["year"] for s in client.get(URL).json()] == [2023]
        assert client.get(URL, {"year": 2022}).json() == []
        assert client.get(f"/api/v1/facts/{hidden}/").status_code == 404
    member = api_as(owner)
    assert [s["year"] for s in member.get(URL).json()] == [2023, 2022]
    assert member.get(f"/api/v1/facts/{hidden}/").status_code == 200


def test_a_member_starts_a_sheet_and_then_adds_to_it(api_as, owner, public_sheet):
    client = api_as(owner)
    body = {
        "year": 2024,
        "copy_from_previous": True,
        "sections": [{"title": "Unga", "text": "Ungas *psykiska* hälsa."}],
        "facts": [
            {"label": "Försörjningskvot", "value": 0.92, "source": "Kolada", "kpi": "N00005"}
        ],
    }
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.json()
    sheet = created.json()
    assert [s["title"] for s in sheet["sections"]] == ["Folkhälsa", "Unga"]
    assert [(f["label"], f["value"]) for f in sheet["facts"]] == [
        ("Andel 65 år och äldre", None),
        ("Försörjningskvot", 0.92),
    ]
    added = client.post(
        URL, {"year": 2024, "facts": [{"label": "Invånare", "value": 77000}]}, format="json"
    )
    assert added.status_code == 200
    assert len(added.json()["facts"]) == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": "nästa år"}, "year"),
        ({"year": 2024, "facts": [{"label": "X", "value": "mycket"}]}, "facts"),
        ({"year": 2024, "facts": [{"label": "X"}, {"label": "Y", "kpi": "fel"}]}, "facts[1]"),
        ({"year": 2024, "visibility": "alla"}, "visibility"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(api_as, owner, body, field):
    response = api_as(owner).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not FactSheet.objects.filter(year=2024).exists()


def test_a_bad_year_in_the_query_is_a_400(api, public_sheet):
    response = api.get(URL, {"year": "i fjol"})
    assert response.status_code == 400 and "year" in response.json()


def test_outsiders_may_not_write(api_as, outsider, public_sheet):
    fact = public_sheet.facts.get()
    assert api_as(None).post(URL, {"year": 2024}, format="json").status_code == 401
    client = api_as(outsider)
    assert client.post(URL, {"year": 2024}, format="json").status_code == 403
    assert client.patch(f"/api/v1/facts/{fact.pk}/", {"value": 1}, format="json").status_code == 403
    assert client.delete(f"/api/v1/facts/{fact.pk}/").status_code == 403
    assert Fact.objects.filter(pk=fact.pk, value=fact.value).exists()


def test_a_member_changes_and_removes_a_fact(api_as, owner, public_sheet):
    client = api_as(owner)
    fact = public_sheet.facts.get()
    changed = client.patch(
        f"/api/v1/facts/{fact.pk}/", {"value": "24.5", "unit": "procent"}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["value"], changed.json()["unit"]) == (24.5, "procent")
    bad = client.patch(f"/api/v1/facts/{fact.pk}/", {"kpi": "x1"}, format="json")
    assert bad.status_code == 400 and "kpi" in bad.json()
    assert client.delete(f"/api/v1/facts/{fact.pk}/").status_code == 204
    assert not Fact.objects.filter(pk=fact.pk).exists()


def test_an_unknown_organisation_is_404(api):
    assert api.get("/api/v1/organisations/finns-inte/facts/").status_code == 404

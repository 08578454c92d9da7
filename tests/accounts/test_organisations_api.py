from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_all_290_municipalities_are_listed_with_skinnskatteberg_in_vastmanland(api) -> None:
    response = api.get("/api/v1/organisations/", {"kind": "municipality", "search": "1904"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    skinnskatteberg = response.json()["results"][0]
    assert skinnskatteberg["name"] == "Skinnskatteberg"
    assert skinnskatteberg["code"] == "1904"
    assert skinnskatteberg["county"] == "19"
    assert skinnskatteberg["county_name"] == "Västmanlands län"
    assert api.get("/api/v1/organisations/", {"kind": "municipality"}).json()["count"] == 290


def test_21_regions_exist(api) -> None:
    response = api.get("/api/v1/organisations/", {"kind": "region"})
    assert response.json()["count"] == 21


def test_county_filter_takes_the_two_digit_lanskod(api) -> None:
    response = api.get(
        "/api/v1/organisations/", {"county": "24", "kind": "municipality", "page_size": 100}
    )
    names = {o["name"] for o in response.json()["results"]}
    assert response.json()["count"] == 15
    assert "Skellefteå" in names


def test_leading_zeros_in_codes_are_kept(api) -> None:
    response = api.get("/api/v1/organisations/", {"search": "0114"})
    assert response.json()["results"][0]["name"] == "Upplands Väsby"


def test_unknown_county_is_a_400_that_says_what_to_use(api) -> None:
    response = api.get("/api/v1/organisations/", {"county": "99"})
    assert response.status_code == 400
    assert "county" in response.json()
    assert "länskod" in response.json()["county"][0]


def test_unknown_kind_is_a_400(api) -> None:
    response = api.get("/api/v1/organisations/", {"kind": "planet"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_organisation_detail_by_slug(api) -> None:
    response = api.get("/api/v1/organisations/skelleftea/")
    assert response.status_code == 200
    assert response.json() == response.json() | {
        "slug": "skelleftea",
        "name": "Skellefteå",
        "kind": "municipality",
        "code": "2482",
        "county": "24",
    }


def test_habo_and_habo_get_distinct_slugs(api) -> None:
    habo = api.get("/api/v1/organisations/", {"search": "0643"}).json()["results"][0]
    haabo = api.get("/api/v1/organisations/", {"search": "0305"}).json()["results"][0]
    assert (habo["name"], haabo["name"]) == ("Habo", "Håbo")
    assert habo["slug"] != haabo["slug"]


def test_unknown_organisation_is_404(api) -> None:
    assert api.get("/api/v1/organisations/atlantis/").status_code == 404


def test_over_long_search_is_a_400(api) -> None:
    response = api.get("/api/v1/organisations/", {"search": "x" * 500})
    assert response.status_code == 400

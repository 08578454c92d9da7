"""GET /api/v1/search/, /search/suggest/, /search/similar/ and /ideas/{id}/similar/."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from ideas.models import Idea
from search import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(owner: User, outsider: User, skelleftea: Any, krokom: Any) -> dict[str, Idea]:
    made = {
        "public": factories.idea(
            organisation=skelleftea,
            created_by=owner,
            title="Ledighetsansökan",
            summary="Vårdnadshavare ansöker om ledighet för elever.",
            category="education",
        ),
        "members": factories.idea(
            organisation=skelleftea,
            created_by=owner,
            title="Ledighet intern rutin",
            visibility="organisation",
        ),
        "krokom": factories.idea(
            organisation=krokom,
            created_by=outsider,
            title="Ansöka om ledighet för elever",
            summary="E-tjänst för vårdnadshavare.",
        ),
    }
    services.reindex_all()
    return made


def test_search_shape_and_labels(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get("/api/v1/search/", {"q": "ledighet"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results", "facets", "query"}
    assert body["count"] == 2
    hit = body["results"][0]
    assert {
        "type",
        "id",
        "title",
        "snippet",
        "url",
        "score",
        "organisation",
        "stage",
        "kind",
    } <= set(hit)
    assert hit["type"] == "idea" and hit["url"].startswith("/")
    assert set(body["facets"]) == {
        "type",
        "kind",
        "stage",
        "organisation",
        "county",
        "category",
        "target_group",
    }
    assert {"value": "idea", "label": "Idé", "count": 2} in body["facets"]["type"]
    organisations = {f["value"]: f["label"] for f in body["facets"]["organisation"]}
    assert organisations == {"skelleftea": "Skellefteå", "krokom": "Krokom"}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hit_rows_are_what_the_hit_serializer_gives(ideas: dict[str, Idea], language: str) -> None:
    from django.utils import translation

    from search.api.serializers import HitSerializer, hits_data

    with translation.override(language):
        hits = services.search_query(user=None, q="ledighet").hits
        hits += services.search_suggest(user=None, q="led")
        assert len(hits) >= 3
        assert hits_data(hits) == HitSerializer(hits, many=True).data


def test_members_find_their_organisation_ideas(
    api_as, ideas: dict[str, Idea], owner: User, outsider: User
) -> None:  # type: ignore[no-untyped-def]
    def ids(user: Any) -> set[int]:
        return {
            h["id"]
            for h in api_as(user).get("/api/v1/search/", {"q": "ledighet"}).json()["results"]
        }

    assert ideas["members"].pk in ids(owner)
    assert ideas["members"].pk not in ids(outsider)
    assert ideas["members"].pk not in ids(None)


def test_facet_filters_repeat_and_combine(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get(
        "/api/v1/search/?q=ledighet&organisation=krokom&organisation=skelleftea&category=education"
    )
    assert response.status_code == 200
    assert [h["id"] for h in response.json()["results"]] == [ideas["public"].pk]


def test_too_long_query_is_400_with_message(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get("/api/v1/search/", {"q": "x" * 1000}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "500 characters" in response.json()["q"][0]
    swedish = api_as(None).get("/api/v1/search/", {"q": "x" * 1000}, HTTP_ACCEPT_LANGUAGE="sv")
    assert "500 tecken" in swedish.json()["q"][0]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": '"ledighet'},
        {"q": "((OR -"},
        {"stage": "no-such-stage"},
        {"county": "x" * 50},
        {"q": "x" * 500},
    ],
)
def test_odd_input_is_200(api_as, ideas: dict[str, Idea], params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get("/api/v1/search/", params)
    assert response.status_code == 200
    if "stage" in params or "county" in params:
        assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "sideways"},
        {"page": "abc"},
        {"page": "0"},
        {"page_size": "1000"},
        {"stage": "x" * 101},
    ],
)
def test_invalid_parameters_are_400(api_as, ideas: dict[str, Idea], params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get("/api/v1/search/", params)
    assert response.status_code == 400
    assert response.json()


def test_page_past_the_end_is_404_json_like_other_lists(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get(
        "/api/v1/search/", {"q": "ledighet", "page": 5}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no page 5: the results have 1."
    # Like the idea list: an empty first page is fine.
    assert api_as(None).get("/api/v1/search/", {"q": "zzzz"}).status_code == 200


def test_paging_links(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    first = api_as(None).get("/api/v1/search/", {"q": "ledighet", "page_size": 1}).json()
    assert first["previous"] is None and "page=2" in first["next"]
    second = api_as(None).get(first["next"]).json()
    assert second["next"] is None and second["previous"]
    assert second["results"][0]["id"] != first["results"][0]["id"]


def test_suggest(api_as, ideas: dict[str, Idea], owner: User) -> None:  # type: ignore[no-untyped-def]
    anonymous = api_as(None).get("/api/v1/search/suggest/", {"q": "ledig"}).json()
    # Titles starting with the prefix first, then titles with a word that starts with it.
    assert [h["title"] for h in anonymous["results"]] == [
        "Ledighetsansökan",
        "Ansöka om ledighet för elever",
    ]
    mine = api_as(owner).get("/api/v1/search/suggest/", {"q": "ledig"}).json()
    assert {h["title"] for h in mine["results"]} == {
        "Ledighetsansökan",
        "Ledighet intern rutin",
        "Ansöka om ledighet för elever",
    }
    assert api_as(None).get("/api/v1/search/suggest/", {"q": "x" * 200}).status_code == 400


def test_similar_of_an_idea(api_as, ideas: dict[str, Idea]) -> None:  # type: ignore[no-untyped-def]
    response = api_as(None).get(f"/api/v1/ideas/{ideas['public'].pk}/similar/")
    assert response.status_code == 200
    body = response.json()
    assert [h["id"] for h in body["results"]] == [ideas["krokom"].pk]
    assert body["organisations"] == 1


def test_similar_of_a_hidden_idea_is_404(
    api_as, ideas: dict[str, Idea], outsider: User, owner: User
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/ideas/{ideas['members'].pk}/similar/"
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 404
    assert api_as(None).get("/api/v1/ideas/999999/similar/").status_code == 404
    assert api_as(owner).get(url).status_code == 200


def test_similar_to_a_title_being_written(api_as, ideas: dict[str, Idea], owner: User) -> None:  # type: ignore[no-untyped-def]
    response = api_as(owner).get(
        "/api/v1/search/similar/", {"title": "Ledighet för elever", "organisation": "skelleftea"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["results"][0]["organisation"] == "krokom"
    assert body["organisations"] == 2
    assert api_as(None).get("/api/v1/search/similar/", {"title": ""}).json()["count"] == 0


def test_schema_documents_the_search_endpoints(api) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/search/",
        "/api/v1/search/suggest/",
        "/api/v1/search/similar/",
        "/api/v1/ideas/{id}/similar/",
    ):
        assert path in paths
    parameters = {p["name"] for p in paths["/api/v1/search/"]["get"]["parameters"]}
    assert {
        "q",
        "type",
        "kind",
        "stage",
        "organisation",
        "county",
        "category",
        "target_group",
        "page",
        "ordering",
    } <= parameters

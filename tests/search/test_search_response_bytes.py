"""GET /api/v1/search/ writes its facets from cached per-value JSON (search.api.renderers,
search.labels.facets_json): the bytes are exactly what rest_framework's JSONRenderer writes
for the labelled facets, in every language, for every caller, whatever the names hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from accounts.models import Organisation, User
from ideas.models import TargetGroup
from search import services
from search.labels import labelled_facets
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(owner: User, outsider: User, skelleftea: Organisation, krokom: Organisation) -> None:
    group, _ = TargetGroup.objects.get_or_create(slug="elever", defaults={"name": "Elever"})
    for organisation, author, visibility in (
        (skelleftea, owner, "public"),
        (skelleftea, owner, "organisation"),
        (krokom, outsider, "public"),
    ):
        idea = factories.idea(
            organisation=organisation,
            created_by=author,
            title="Ledighet",
            summary="Ledighet för elever.",
            visibility=visibility,
            category="education",
        )
        idea.target_groups.add(group)
    services.reindex_all()


def expected_facets(user: Any, language: str, params: dict[str, Any]) -> Any:
    filters = {k: v if isinstance(v, list) else [v] for k, v in params.items() if k != "q"}
    with translation.override(language):
        facets = services.search_query(user=user, q=params.get("q", ""), filters=filters).facets
        return labelled_facets(facets)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "params", [{"q": "ledighet"}, {"q": ""}, {"q": "ledighet", "organisation": "krokom"}]
)
@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_the_body_is_what_the_json_renderer_writes(  # type: ignore[no-untyped-def]
    api_as, indexed: None, owner: User, language: str, params: dict[str, Any], who: str
) -> None:
    user = owner if who == "owner" else None
    response = api_as(user).get("/api/v1/search/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = json.loads(response.content)
    assert response.content == JSONRenderer().render(body)
    assert body["facets"] == expected_facets(user, language, params)
    assert list(body) == ["count", "next", "previous", "results", "facets", "query"]


def test_names_with_quotes_and_line_separators_are_escaped_as_the_renderer_escapes_them(  # type: ignore[no-untyped-def]
    api, indexed: None, skelleftea: Organisation
) -> None:
    skelleftea.name = 'Skellefteå "nya"\u2028kommun\\'
    skelleftea.save()
    response = api.get("/api/v1/search/", {"q": "ledighet"})
    assert b"\\u2028" in response.content and "\u2028".encode() not in response.content
    body = json.loads(response.content)
    assert response.content == JSONRenderer().render(body)
    labels = {v["value"]: v["label"] for v in body["facets"]["organisation"]}
    assert labels["skelleftea"] == 'Skellefteå "nya"\u2028kommun\\'


def test_the_labels_follow_the_language_of_each_request(api, indexed: None) -> None:  # type: ignore[no-untyped-def]
    def type_label(language: str) -> str:
        response = api.get("/api/v1/search/", {"q": "ledighet"}, HTTP_ACCEPT_LANGUAGE=language)
        return str(response.json()["facets"]["type"][0]["label"])

    assert [type_label("sv"), type_label("en"), type_label("sv")] == ["Idé", "Idea", "Idé"]


def test_indented_json_and_the_browsable_api_still_get_labelled_facets(api, indexed: None) -> None:  # type: ignore[no-untyped-def]
    indented = api.get("/api/v1/search/?q=ledighet", HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    body = json.loads(indented.content)
    assert indented.content == JSONRenderer().render(body, "application/json; indent=2")
    assert {"value": "krokom", "label": "Krokom", "count": 1} in body["facets"]["organisation"]
    page = api.get("/api/v1/search/?q=ledighet", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "Krokom" in page.content.decode()

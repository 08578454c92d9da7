"""GET /api/v1/search/ reads a plain, valid query string without the serializer
(search.api.serializers.quick_search_params); anything else still goes through
SearchParamsSerializer, so results and error messages are the serializer's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import QueryDict

from search.api.serializers import SearchParamsSerializer, quick_search_params
from tests import factories

pytestmark = pytest.mark.django_db

PLAIN = [
    "",
    "q=tj%C3%A4nster",
    "q=%20%20l%C3%A4tt%20ledighet%20%20",
    "q=",
    "q=%20%20%20",
    "q=a&q=b",
    "q=" + "x" * 500,
    "organisation=skelleftea&organisation=krokom&county=24",
    "stage=idea&kind=activity&category=education&type=idea&target_group=aldre",
    "stage=%20idea%20",
    "county=" + "9" * 100,
    "ordering=newest",
    "ordering=adoptions&ordering=updated",
    "ordering=",
    "page=3&page_size=50",
    "page=007",
    "page=10000&page_size=100",
    "page=&page_size=",
    "page=2&page=",
    "q=felanm%C3%A4lan&category=environment&category=planning&unknown=1&_=1700000000",
]

NOT_PLAIN = [
    "q=" + "x" * 501,
    "q=a%00b",
    "stage=",
    "stage=%20%20",
    "stage=idea&stage=",
    "county=" + "9" * 101,
    "ordering=random",
    "ordering=%20newest",
    "page=0",
    "page=10001",
    "page_size=101",
    "page=-1",
    "page=2.0",
    "page=%202",
    "page=%D9%A3",
    "page=1e3",
    "page=" + "1" * 30,
    "stage[0]=idea",
    "organisation[0]=krokom&organisation[1]=skelleftea",
]


@pytest.mark.parametrize("query", PLAIN)
def test_a_plain_query_string_reads_as_the_serializer_reads_it(query: str) -> None:
    params = QueryDict(query)
    serializer = SearchParamsSerializer(data=params)
    assert serializer.is_valid(), serializer.errors
    assert quick_search_params(params) == dict(serializer.validated_data)


@pytest.mark.parametrize("query", NOT_PLAIN)
def test_anything_else_is_left_to_the_serializer(query: str) -> None:
    assert quick_search_params(QueryDict(query)) is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "x" * 501, "q"),
        ("stage=", "stage"),
        ("ordering=random", "ordering"),
        ("page=0", "page"),
        ("page_size=101", "page_size"),
        ("county=" + "9" * 101, "county"),
    ],
)
def test_invalid_input_still_gets_the_serializers_400(api, query: str, field: str) -> None:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/v1/search/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    expected = SearchParamsSerializer(data=QueryDict(query))
    assert not expected.is_valid()
    assert set(expected.errors) == {field}
    assert response.json() == json.loads(json.dumps(expected.errors))


def test_forms_only_the_serializer_reads_still_search(api, owner: Any, skelleftea: Any) -> None:  # type: ignore[no-untyped-def]
    from search import services

    idea = factories.idea(
        organisation=skelleftea, created_by=owner, title="Ledighet", summary="Ledighet för elever."
    )
    services.reindex_all()
    for query in ("q=ledighet&page=1.0", "q=ledighet&organisation[0]=skelleftea"):
        response = api.get(f"/api/v1/search/?{query}")
        assert response.status_code == 200, response.content
        assert [h["id"] for h in response.json()["results"]] == [idea.pk]
    assert api.get("/api/v1/search/?q=ledighet&organisation[0]=krokom").json()["count"] == 0

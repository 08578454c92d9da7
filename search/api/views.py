"""Thin search API views: validate the query string, call the search service, serialise."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from hub.api.input import validated
from hub.api.schema import tagged
from ideas.selectors import access_idea
from search import services
from search.api.serializers import (
    HitListSerializer,
    QueryNotesSerializer,
    SearchParamsSerializer,
    SearchResponseSerializer,
    SimilarTextParamsSerializer,
    SuggestParamsSerializer,
    facet_filters,
    hits_data,
)
from search.backends.base import Hit
from search.labels import labelled_facets

NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you; or a page past the end.")
BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
UNAVAILABLE = OpenApiResponse(description="The search engine cannot be reached right now.")

HIT_EXAMPLE = {
    "type": "idea",
    "type_label": "Idé",
    "id": 12,
    "idea_id": 12,
    "title": "Ledighetsansökan",
    "snippet": "Vårdnadshavare <mark>ansöker</mark> om ledighet för sitt barn i en e-tjänst.",
    "url": "/ideer/12/",
    "score": 4.21,
    "organisation": "skelleftea",
    "organisation_name": "Skellefteå",
    "stage": "user_test",
    "kind": "service_concept",
    "created_at": "2025-03-04T09:30:00+01:00",
}
#: The example answer of the views that list hits without facets.
HIT_LIST_EXAMPLE = {"count": 1, "organisations": 1, "results": [HIT_EXAMPLE]}
SEARCH_EXAMPLE = {
    "count": 1,
    "next": None,
    "previous": None,
    "results": [HIT_EXAMPLE],
    "facets": {
        "type": [{"value": "idea", "label": "Idé", "count": 1}],
        "kind": [{"value": "service_concept", "label": "Tjänstekoncept", "count": 1}],
        "stage": [{"value": "user_test", "label": "Test med målgruppen", "count": 1}],
        "organisation": [{"value": "skelleftea", "label": "Skellefteå", "count": 1}],
        "county": [{"value": "24", "label": "Västerbottens län", "count": 1}],
        "category": [{"value": "education", "label": "Utbildning och skola", "count": 1}],
        "target_group": [{"value": "vardnadshavare", "label": "Vårdnadshavare", "count": 1}],
    },
}


def _hits(hits: list[Hit]) -> dict[str, Any]:
    return {
        "count": len(hits),
        "organisations": len({h.organisation for h in hits if h.organisation}),
        "results": hits_data(hits),
    }


@tagged("search")
class SearchView(APIView):
    """Search everything you may open, with facets."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Search",
        description=(
            "Full-text search over ideas, prototypes, test rounds and findings you may open. "
            '`q` takes words (all must match), "quoted phrases", OR between two parts and '
            "-excluded words; Swedish stems, parts of compound words and text typed without "
            "å ä ö are found too. Facet parameters may repeat: values of one facet are ORed, "
            "facets are ANDed. A facet value that does not exist gives an empty result. "
            "Every facet's counts are computed with the other facets' filters. An empty `q` "
            "lists by newest. A page past the end is a 404."
        ),
        parameters=[SearchParamsSerializer],
        responses={
            200: SearchResponseSerializer,
            400: BAD_REQUEST,
            404: NOT_FOUND,
            503: UNAVAILABLE,
        },
        examples=[
            OpenApiExample("Results with facets", value=SEARCH_EXAMPLE, response_only=True),
            OpenApiExample(
                "Too long a query",
                value={"q": ["Håll sökningen under 500 tecken: korta den och försök igen."]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        data = validated(SearchParamsSerializer, request.query_params)
        result = services.search_query(
            user=request.user,
            q=data["q"],
            filters=facet_filters(data),
            page=data["page"],
            page_size=data["page_size"],
            ordering=data["ordering"],
        )
        last_page = max(1, math.ceil(result.count / data["page_size"]))
        if data["page"] > last_page:
            raise exceptions.NotFound(
                _("There is no page %(page)s: the results have %(last)s.")
                % {"page": data["page"], "last": last_page}
            )
        url = request.build_absolute_uri()
        previous = None
        if data["page"] > 1:
            previous = (
                replace_query_param(url, "page", data["page"] - 1)
                if data["page"] > 2
                else remove_query_param(url, "page")
            )
        body = {
            "count": result.count,
            "next": replace_query_param(url, "page", data["page"] + 1)
            if data["page"] < last_page
            else None,
            "previous": previous,
            "results": _hits(result.hits)["results"],
            "facets": labelled_facets(result.facets),
            "query": QueryNotesSerializer(result.notes).data,
        }
        return Response(body)


@tagged("search")
class SuggestView(APIView):
    """Titles as you type."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Suggest titles",
        description="Titles you may open that start with `q`, or have a word that does (2+ characters).",
        parameters=[SuggestParamsSerializer],
        responses={200: HitListSerializer, 400: BAD_REQUEST, 503: UNAVAILABLE},
        examples=[
            OpenApiExample("Suggestions for 'ledig'", value=HIT_LIST_EXAMPLE, response_only=True)
        ],
    )
    def get(self, request: Request) -> Response:
        data = validated(SuggestParamsSerializer, request.query_params)
        hits = services.search_suggest(user=request.user, q=data["q"])
        return Response(_hits(hits))


@tagged("search")
class SimilarTextView(APIView):
    """Ideas like one being written: the idea form's hint while typing a title."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Ideas similar to a title being written",
        description=(
            "Ideas you may see that resemble `title`, other organisations than `organisation` "
            "first. `organisations` says how many organisations already work on something alike."
        ),
        parameters=[SimilarTextParamsSerializer],
        responses={200: HitListSerializer, 400: BAD_REQUEST, 503: UNAVAILABLE},
        examples=[OpenApiExample("Similar ideas", value=HIT_LIST_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        data = validated(SimilarTextParamsSerializer, request.query_params)
        hits = services.search_similar_text(
            user=request.user, title=data["title"], organisation=data["organisation"]
        )
        return Response(_hits(hits))


@tagged("search")
class IdeaSimilarView(APIView):
    """Ideas about the same service, other organisations first."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Similar ideas",
        description=(
            "Ideas you may see that share this idea's most significant words, other "
            "organisations first: who already works on something alike."
        ),
        responses={200: HitListSerializer, 404: NOT_FOUND, 503: UNAVAILABLE},
        examples=[OpenApiExample("Similar ideas", value=HIT_LIST_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = access_idea(request.user, pk)
        hits = services.search_similar(user=request.user, idea=idea)
        return Response(_hits(hits))

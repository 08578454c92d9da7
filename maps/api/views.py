"""The map API: every municipality or county as GeoJSON, with what the caller may see there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ideas.api.filters import IdeaFilter
from ideas.models import Idea
from maps import selectors
from maps.api.serializers import AreaCollectionSerializer, feature_collection

if TYPE_CHECKING:
    from hub.auth import Viewer

BAD_REQUEST = OpenApiResponse(description="A filter value is wrong; the message says which.")

_COUNTS = (
    "Counts only what you may see (the ideas' visibility rule): `ideas`, `adoptions` (ideas "
    "it reuses) and `open_rounds` (test rounds open for sign-up) of the ideas that the idea "
    "list's filters select; `places` is 0 until places are recorded. A wrong filter value "
    "is a 400 naming the filter."
)


def _documented(summary: str, description: str) -> Callable[[Any], Any]:
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            description=description + " " + _COUNTS,
            filters=True,
            responses={200: AreaCollectionSerializer, 400: BAD_REQUEST},
        )
    )


class _AreaMapView(GenericAPIView):
    """The ideas the caller may see, narrowed by the idea list's filters (its filter set,
    through the API's filter backend: a wrong value is a 400), counted per area."""

    permission_classes = [permissions.AllowAny]
    filterset_class = IdeaFilter
    pagination_class = None

    def get_queryset(self) -> QuerySet[Idea]:
        return Idea.objects.visible_to(self.request.user)

    def read_areas(self, user: Viewer, ideas: QuerySet[Idea]) -> list[selectors.Area]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        areas = self.read_areas(request.user, self.filter_queryset(self.get_queryset()))
        return Response(feature_collection(areas))


@_documented(
    "Municipalities on the map",
    "A GeoJSON FeatureCollection with one Feature per municipality (290): its boundary "
    "(WGS 84) and properties. A municipality's `ideas` are those it owns or co-owns.",
)
class MunicipalityMapView(_AreaMapView):
    """Sweden's 290 municipalities as GeoJSON."""

    def read_areas(self, user: Viewer, ideas: QuerySet[Idea]) -> list[selectors.Area]:
        return selectors.municipality_areas(user, ideas)


@_documented(
    "Counties on the map",
    "A GeoJSON FeatureCollection with one Feature per county (21): its boundary (WGS 84) "
    "and properties; `slug` is the county's region. A county's `ideas` are those owned by "
    "its organisations (as `?county=` selects them).",
)
class CountyMapView(_AreaMapView):
    """Sweden's 21 counties as GeoJSON."""

    def read_areas(self, user: Viewer, ideas: QuerySet[Idea]) -> list[selectors.Area]:
        return selectors.county_areas(user, ideas)

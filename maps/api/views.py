"""The map API: every municipality or county as GeoJSON, with what the caller may see there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas.api.filters import IdeaFilter
from ideas.models import Idea
from ideas.selectors import idea_ids_visible_to
from maps import selectors, services
from maps.api import place_schema
from maps.api.filters import PlaceFilter
from maps.api.place_serializers import PlaceSerializer, PlaceWriteSerializer, place_features
from maps.api.serializers import AreaCollectionSerializer, feature_collection
from maps.models import Place

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


@tagged("maps")
@_documented(
    "Municipalities on the map",
    "A GeoJSON FeatureCollection with one Feature per municipality (290): its boundary "
    "(WGS 84) and properties. A municipality's `ideas` are those it owns or co-owns.",
)
class MunicipalityMapView(_AreaMapView):
    """Sweden's 290 municipalities as GeoJSON."""

    def read_areas(self, user: Viewer, ideas: QuerySet[Idea]) -> list[selectors.Area]:
        return selectors.municipality_areas(user, ideas)


@tagged("maps")
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


# --- Places ---------------------------------------------------------------------------


def place_context(user: Viewer, places: list[Place]) -> dict[str, Any]:
    """What PlaceSerializer needs for these places: nearest shops, support verdicts under
    the rules in force today, and which linked ideas the viewer may see."""
    nearest = selectors.nearest_shops(user, places)
    rules = selectors.rules_in_force(timezone.localdate())
    return {
        "nearest": nearest,
        "support": {p.pk: selectors.support_for(p, nearest[p.pk], rules) for p in places},
        # By id: from the linked ideas, which of them the viewer may see (a join from the
        # ideas' side made SQLite walk every visible idea).
        "idea_ids": idea_ids_visible_to(user, (i.pk for p in places for i in p.ideas.all())),
    }


@tagged("maps")
@place_schema.place_viewset
class PlaceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Service points, safety points, shops and meeting places of the municipalities."""

    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Place]:
        return selectors.places_visible_to(self.request.user).prefetch_related(
            Prefetch("ideas", queryset=Idea.objects.only("pk"))
        )

    def _answer(self, place: Place, status_code: int = status.HTTP_200_OK) -> Response:
        place = self.get_queryset().get(pk=place.pk)
        context = place_context(self.request.user, [place])
        return Response(PlaceSerializer(place, context=context).data, status=status_code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        context = place_context(request.user, page)
        return self.get_paginated_response(PlaceSerializer(page, many=True, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(selectors.access_place(request.user, kwargs["pk"]))

    def create(self, request: Request) -> Response:
        serializer = PlaceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["point"] = tuple(data["point"])
        place = services.place_create(actor=signed_in_user(request), **data)
        return self._answer(place, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        place = selectors.access_place(request.user, kwargs["pk"])
        serializer = PlaceWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "point" in data:
            data["point"] = tuple(data["point"])
        services.place_update(actor=signed_in_user(request), place=place, **data)
        return self._answer(place)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        place = selectors.access_place(request.user, kwargs["pk"])
        services.place_delete(actor=signed_in_user(request), place=place)
        return Response(status=status.HTTP_204_NO_CONTENT)


@tagged("maps")
@place_schema.places_geojson
class PlaceGeoJsonView(GenericAPIView):
    """The place list as a GeoJSON FeatureCollection (open data)."""

    permission_classes = [permissions.AllowAny]
    filterset_class = PlaceFilter
    pagination_class = None

    def get_queryset(self) -> QuerySet[Place]:
        return selectors.places_visible_to(self.request.user)

    def get(self, request: Request) -> Response:
        places = list(self.filter_queryset(self.get_queryset()))
        return Response(place_features(places, request.build_absolute_uri("/").rstrip("/")))

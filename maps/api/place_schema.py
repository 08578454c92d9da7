"""The OpenAPI documentation of the place API (kept out of the views)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from maps.api.place_serializers import (
    PlaceCollectionSerializer,
    PlaceSerializer,
    PlaceWriteSerializer,
)

BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
FORBIDDEN = OpenApiResponse(description="Only members of the place's municipality may do this.")
NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you.")
UNAUTHORISED = OpenApiResponse(description="Sign in (or send a token) first.")

_READ = (
    "`nearest`: the three nearest other shops and service points you may see, with the "
    "distance in km and how it was measured (straight_line_sweref99tm: as the crow flies, in "
    "SWEREF 99 TM). `support`: for a shop, whether it meets each support rule in force "
    "today (its nearest other shop is farther than the rule's threshold)."
)

place_viewset = extend_schema_view(
    list=extend_schema(
        summary="List places",
        description="Places you may see: public ones, and your municipality's own. " + _READ,
        responses={200: PlaceSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="A place",
        description=_READ,
        responses={200: PlaceSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a place",
        description=(
            "Members of a municipality add its places. The point must lie in the "
            "municipality (a 400 names it otherwise); functions are from a fixed list."
        ),
        request=PlaceWriteSerializer,
        responses={
            201: PlaceSerializer,
            400: BAD_REQUEST,
            401: UNAUTHORISED,
            403: FORBIDDEN,
        },
    ),
    partial_update=extend_schema(
        summary="Change a place",
        request=PlaceWriteSerializer,
        responses={
            200: PlaceSerializer,
            400: BAD_REQUEST,
            401: UNAUTHORISED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
    destroy=extend_schema(
        summary="Remove a place",
        responses={204: None, 401: UNAUTHORISED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)

places_geojson = extend_schema_view(
    get=extend_schema(
        summary="Places as GeoJSON (open data)",
        description="The place list you may see, with its filters, as a FeatureCollection.",
        filters=True,
        responses={200: PlaceCollectionSerializer, 400: BAD_REQUEST},
    )
)

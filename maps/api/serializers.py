"""The map API's GeoJSON: a FeatureCollection with one Feature per municipality or county.

The serializers document the shape (OpenAPI); `feature_collection` writes it. Plain dicts,
because the 290 features through DRF's fields took about 25 times as long as building them
(some 20 ms of a request whose goal is 50 ms); tests/maps/test_map_api.py holds the two to
the same fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

if TYPE_CHECKING:
    from maps.selectors import Area


class _Constant(serializers.Field):
    """A field whose value is always the same word (GeoJSON's `type` members)."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: Any) -> str:
        return self.value


@extend_schema_field({"type": "string", "enum": ["Feature"]})
class _FeatureType(_Constant):
    def __init__(self) -> None:
        super().__init__("Feature")


@extend_schema_field({"type": "string", "enum": ["FeatureCollection"]})
class _CollectionType(_Constant):
    def __init__(self) -> None:
        super().__init__("FeatureCollection")


@extend_schema_field(
    {
        "type": "object",
        "description": "GeoJSON MultiPolygon in WGS 84: [longitude, latitude], four decimals.",
        "properties": {
            "type": {"type": "string", "enum": ["MultiPolygon"]},
            "coordinates": {"type": "array", "items": {"type": "array"}},
        },
        "required": ["type", "coordinates"],
    }
)
class _Geometry(serializers.DictField):
    pass


class AreaPropertiesSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kommunkod (four digits) or länskod (two).")
    name = serializers.CharField()
    slug = serializers.CharField(
        help_text="The organisation's slug: the municipality's, or the county's region's."
    )
    county = serializers.CharField(help_text="Länskod of the county it lies in.")
    ideas = serializers.IntegerField(source="counts.ideas")
    adoptions = serializers.IntegerField(source="counts.adoptions")
    open_rounds = serializers.IntegerField(source="counts.open_rounds")
    places = serializers.IntegerField(source="counts.places")


class AreaFeatureSerializer(serializers.Serializer):
    type = _FeatureType()
    id = serializers.CharField(source="code")
    geometry = _Geometry(source="boundary.geometry")
    properties = AreaPropertiesSerializer(source="*")


class AreaCollectionSerializer(serializers.Serializer):
    type = _CollectionType()
    features = AreaFeatureSerializer(many=True)


def feature_collection(areas: Iterable[Area]) -> dict[str, Any]:
    """The areas as the GeoJSON FeatureCollection that AreaCollectionSerializer documents."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": area.code,
                "geometry": area.boundary.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "slug": area.slug,
                    "county": area.county,
                    "ideas": area.count("ideas"),
                    "adoptions": area.count("adoptions"),
                    "open_rounds": area.count("open_rounds"),
                    "places": area.count("places"),
                },
            }
            for area in areas
        ],
    }

"""Places in the API: what is read (with the nearest shops and the support rules) and
what is written (checked by maps.services)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation
from hub.api.fields import id_field
from ideas.api.serializers import OrganisationSlugField
from maps.models import Place
from maps.selectors import Nearby, Support


class NearbySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Place.Kind.choices)
    distance_km = serializers.SerializerMethodField()
    method = serializers.CharField(
        help_text="How the distance was measured: straight_line_sweref99tm (fågelvägen, "
        "SWEREF 99 TM)."
    )

    def get_distance_km(self, obj: Nearby) -> float:
        return round(obj.distance_km, 2)


class SupportSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule.name")
    threshold_km = serializers.FloatField(source="rule.threshold_km")
    holds = serializers.BooleanField(
        help_text="True when the nearest other shop is farther than the threshold."
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "number"},
        "minItems": 2,
        "maxItems": 2,
        "description": "[longitude, latitude] in degrees, WGS 84.",
    }
)
class PointField(serializers.ListField):
    child = serializers.FloatField()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_length=2, max_length=2, **kwargs)


class PlaceSerializer(serializers.ModelSerializer):
    """A place as the viewer sees it. Needs `nearest` (place id → list of Nearby),
    `support` (place id → list of Support) and `idea_ids` (the ideas the viewer may see)
    in its context."""

    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    point = serializers.SerializerMethodField()
    ideas = serializers.SerializerMethodField()
    nearest = serializers.SerializerMethodField()
    support = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "id",
            "organisation",
            "kind",
            "name",
            "area",
            "village",
            "point",
            "address",
            "description",
            "functions",
            "agreement_from",
            "agreement_to",
            "ideas",
            "visibility",
            "nearest",
            "support",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(PointField())
    def get_point(self, obj: Place) -> list[float]:
        return [obj.longitude, obj.latitude]

    def get_ideas(self, obj: Place) -> list[int]:
        """Only the linked ideas the viewer may see."""
        return sorted(i.pk for i in obj.ideas.all() if i.pk in self.context["idea_ids"])

    @extend_schema_field(NearbySerializer(many=True))
    def get_nearest(self, obj: Place) -> Any:
        return NearbySerializer(self.context["nearest"].get(obj.pk, []), many=True).data

    @extend_schema_field(SupportSerializer(many=True))
    def get_support(self, obj: Place) -> Any:
        supports: list[Support] = self.context["support"].get(obj.pk, [])
        return SupportSerializer(supports, many=True).data

    def get_url(self, obj: Place) -> str:
        return str(reverse("frontend:place_detail", kwargs={"pk": obj.pk}))


class PlaceWriteSerializer(serializers.Serializer):
    """What a member sends to add or change a place (PATCH: any of these fields)."""

    organisation: serializers.SlugRelatedField[Organisation] = OrganisationSlugField(
        help_text="The municipality's slug."
    )
    kind = serializers.ChoiceField(choices=Place.Kind.choices)
    name = serializers.CharField(max_length=200)
    area = serializers.CharField(max_length=100, required=False, allow_blank=True)
    village = serializers.CharField(max_length=100, required=False, allow_blank=True)
    point = PointField()
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=Place.Function.choices),
        required=False,
        max_length=len(Place.Function.choices),
    )
    agreement_from = serializers.DateField(required=False, allow_null=True)
    agreement_to = serializers.DateField(required=False, allow_null=True)
    ideas = serializers.ListField(child=id_field(), required=False, max_length=100)
    visibility = serializers.ChoiceField(choices=Place.Visibility.choices, required=False)


class PlaceFeatureSerializer(serializers.Serializer):
    """Only for the schema: one place in places.geojson."""

    type = serializers.CharField(default="Feature")
    id = serializers.IntegerField()
    geometry = serializers.DictField(help_text="GeoJSON Point, [longitude, latitude] in WGS 84.")
    properties = serializers.DictField(
        help_text="id, organisation, kind, name, area, village, functions, url."
    )


class PlaceCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(default="FeatureCollection")
    features = PlaceFeatureSerializer(many=True)


def place_features(places: list[Place], base_url: str) -> dict[str, Any]:
    """The places as a GeoJSON FeatureCollection (points in WGS 84), for open data."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": place.pk,
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": {
                    "id": place.pk,
                    "organisation": place.organisation.slug,
                    "kind": place.kind,
                    "name": place.name,
                    "area": place.area,
                    "village": place.village,
                    "functions": place.functions,
                    "url": base_url + place.get_absolute_url(),
                },
            }
            for place in places
        ],
    }

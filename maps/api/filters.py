"""Filters of the place list (and places.geojson)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import County, Organisation
from hub.api.filters import FilterSet
from maps.models import Place

BBOX_HELP = _(
    "Four numbers, minlon,minlat,maxlon,maxlat in degrees (WGS 84), such as "
    "14.0,63.0,15.5,64.0: the places inside that box."
)


class BBoxField(forms.CharField):
    """minlon,minlat,maxlon,maxlat → a tuple of four floats, or a message saying what is wrong."""

    def clean(self, value: Any) -> tuple[float, float, float, float] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = value.split(",")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            numbers = []
        if len(parts) != 4 or len(numbers) != 4:
            raise ValidationError(BBOX_HELP, code="invalid")
        min_lon, min_lat, max_lon, max_lat = numbers
        if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
            raise ValidationError(
                _(
                    "The box must run from west to east (-180 to 180) and south to north "
                    "(-90 to 90), the smaller number first: minlon,minlat,maxlon,maxlat."
                ),
                code="invalid",
            )
        return min_lon, min_lat, max_lon, max_lat


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, qs: QuerySet[Place], value: Any) -> QuerySet[Place]:
        if not value:
            return qs
        min_lon, min_lat, max_lon, max_lat = value
        return qs.filter(
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
        )


class PlaceFilter(FilterSet):
    """Filters of the place list: organisation, county, kind and a bounding box."""

    default_ordering = ("name", "id")

    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        error_messages={
            "invalid_choice": format_lazy(
                _("No organisation has this slug. See {url} for the slugs."),
                url=reverse_lazy("organisation-list"),
            )
        },
        help_text=_("Slug of the municipality."),
    )
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        field_name="organisation__county",
        error_messages={
            "invalid_choice": _("Unknown county code. Use a two-digit länskod such as 01 or 24.")
        },
        help_text=_("Two-digit county code (länskod)."),
    )
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices)
    bbox = BBoxFilter(help_text=BBOX_HELP)

    class Meta:
        model = Place
        fields = ["organisation", "county", "kind"]

"""The map page, /karta/: Sweden at a glance. Every municipality shaded by what the idea
list's filters select (ideas, reuse or open test rounds) as a server-drawn SVG, every one a
link, with the same numbers in tables. No script: a GET form chooses the filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from frontend.forms_maps import MEASURE_CHOICES, MapFilter
from frontend.templatetags.maps_tags import area_label
from ideas.models import Idea
from maps import drawing, selectors


def country_map(request: HttpRequest) -> HttpResponse:
    filterset = MapFilter(
        request.GET, queryset=Idea.objects.visible_to(request.user), request=request
    )
    valid = filterset.is_valid()
    # A wrong value: the form says which, and the map shows nothing rather than everything.
    ideas = filterset.qs if valid else filterset.queryset.none()
    measure = filterset.chosen_measure()
    county = filterset.form.cleaned_data.get("county") if valid else None
    key = county.code if county else drawing.COUNTRY

    areas = selectors.municipality_areas(request.user, ideas)
    if county:
        areas = [a for a in areas if a.county == county.code]
    classes = drawing.shades(max((a.count(measure) for a in areas), default=0))
    paths = drawing.municipality_paths(key)
    shapes = [
        {
            "area": area,
            "url": reverse("frontend:organisation_detail", kwargs={"slug": area.slug}),
            "label": area_label(area, measure),
            "d": paths[area.code],
            "shade": drawing.shade_of(area.count(measure), classes).index,
        }
        for area in areas
    ]
    context: dict[str, Any] = {
        "form": filterset.form,
        "filtered": bool(request.GET.dict().keys() - {"measure"}),
        "measure": measure,
        "measure_label": dict(MEASURE_CHOICES)[measure],
        "county": county,
        "frame": drawing.frame_for(key),
        "shapes": shapes,
        "classes": classes,
        "with_any": sum(1 for a in areas if a.count(measure)),
        "table": sorted(shapes, key=lambda s: (-s["area"].count(measure), s["area"].name)),
        "counties": selectors.county_areas(request.user, ideas),
    }
    return render(request, "frontend/maps/country_map.html", context)

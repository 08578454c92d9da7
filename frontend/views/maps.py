"""The map page, /karta/ (Sweden at a glance), and a place's page, /platser/<id>/.

/karta/: every municipality shaded by what the idea list's filters select (ideas, reuse,
open test rounds) or by its places, as a server-drawn SVG, every one a link, with the same
numbers in tables. No script: a GET form chooses the filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_is_member
from frontend.forms_maps import MEASURE_CHOICES, MapFilter
from frontend.templatetags.maps_tags import area_label
from ideas.models import Idea
from ideas.selectors import idea_ids_visible_to
from maps import drawing, selectors
from maps.models import Place


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

    counts = selectors.counts_per_organisation(request.user, ideas)
    areas = selectors.municipality_areas(request.user, ideas, counts)
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
        "counties": selectors.county_areas(request.user, ideas, counts),
    }
    return render(request, "frontend/maps/country_map.html", context)


def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A place: what it offers, the nearest other shops (straight line, SWEREF 99 TM) and,
    for a shop, whether it meets each support rule in force today."""
    place = selectors.access_place(request.user, pk)
    nearest = selectors.nearest_shops(request.user, [place], n=5)[place.pk]
    rules = selectors.rules_in_force(timezone.localdate())
    frame, paths = drawing.surroundings(place.organisation.code)
    shown = [n for n in nearest if n.distance_km * 1000 < frame.scale * drawing.SIZE]
    others = {
        p.pk: p
        for p in selectors.places_visible_to(request.user).filter(pk__in=[n.id for n in shown])
    }
    markers = [
        {"place": others[n.id], "xy": frame.point(others[n.id].easting, others[n.id].northing)}
        for n in shown
        if n.id in others
    ]
    return render(
        request,
        "frontend/maps/place_detail.html",
        {
            "place": place,
            "nearest": nearest,
            "support": selectors.support_for(place, nearest, rules),
            "rules": rules,
            "ideas": Idea.objects.filter(
                pk__in=idea_ids_visible_to(request.user, place.ideas.values_list("pk", flat=True))
            ).select_related("organisation"),
            "functions": _functions(place),
            "frame": frame,
            "paths": [d for code, d in paths.items() if code != place.organisation.code],
            "own": paths[place.organisation.code],
            "here": frame.point(place.easting, place.northing),
            "markers": markers,
            "can_manage": user_is_member(request.user, place.organisation),
        },
    )


def _functions(place: Place) -> list[dict[str, Any]]:
    """The checklist: a safety point's six functions, present or missing, then the others
    the place offers."""
    listed = list(Place.SAFETY_FUNCTIONS) if place.kind == Place.Kind.SAFETY_POINT else []
    listed += [f for f in place.functions if f not in listed]
    return [
        {"label": Place.Function(f).label, "present": f in place.functions}
        for f in listed
        if f in Place.Function.values
    ]

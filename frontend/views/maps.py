"""The map page, /karta/ (Sweden at a glance), a place's page, /platser/<id>/, and the
pages where members of a municipality add, change and remove its places.

/karta/: every municipality shaded by what the idea list's filters select (ideas, reuse,
open test rounds) or by its places, as a server-drawn SVG, every one a link, with the same
numbers in tables. No script: a GET form chooses the filters.

The place forms are plain HTML posts: they fetch with maps.selectors (404 for a place the
person may not see, 403 with the reason for one they may not manage) and write through
maps.services, like the API, which check the point and the rest."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from frontend.access import fetch_for_change
from frontend.errors import errors_on
from frontend.forms_maps import MEASURE_CHOICES, MapFilter, PlaceForm
from frontend.templatetags.maps_tags import area_label
from hub.auth import signed_in_user
from ideas.models import Idea
from ideas.selectors import idea_ids_visible_to
from maps import drawing, selectors, services, tiles
from maps.models import Place
from proposals.selectors import citable_places


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
            "can_manage": selectors.can_manage_places(request.user, place.organisation),
            # A proposal is public: it may be about a public place only (the same rule).
            "can_propose": citable_places().filter(pk=place.pk).exists(),
            "tiles": tiles.background(place.longitude, place.latitude),
        },
    )


@login_required
def place_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A member adds a place to their municipality (other organisations have no places)."""
    user = signed_in_user(request)
    organisation = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.MUNICIPALITY)
    selectors.require_manage_places(user, organisation)
    form = PlaceForm(
        request.POST or None,
        organisation=organisation,
        ideas=selectors.linkable_ideas(user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            place = services.place_create(
                actor=user, organisation=organisation, **form.service_data()
            )
            messages.success(request, _("The place was added."))
            return redirect(place)
    return render(
        request,
        "frontend/maps/place_form.html",
        {
            "form": form,
            "organisation": organisation,
            "place": None,
            "map": _picker_map(organisation, None),
        },
    )


@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, place = fetch_for_change(
        request, selectors.access_place, pk, selectors.require_manage_place
    )
    form = PlaceForm(
        request.POST or None,
        initial=PlaceForm.initial_for(place),
        organisation=place.organisation,
        ideas=selectors.linkable_ideas(user, place.organisation, place),
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.place_update(actor=user, place=place, **form.service_data())
            messages.success(request, _("The place was saved."))
            return redirect(place)
    return render(
        request,
        "frontend/maps/place_form.html",
        {
            "form": form,
            "organisation": place.organisation,
            "place": place,
            "map": _picker_map(place.organisation, place),
        },
    )


@login_required
def place_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (the page shows what would go), removes on the page's POST."""
    user, place = fetch_for_change(
        request, selectors.access_place, pk, selectors.require_manage_place
    )
    if request.method == "POST":
        name, organisation = place.name, place.organisation
        services.place_delete(actor=user, place=place)
        messages.success(request, _("“%(name)s” was removed.") % {"name": name})
        return redirect(organisation)
    return render(request, "frontend/maps/place_delete.html", {"place": place})


def _picker_map(organisation: Organisation, place: Place | None) -> dict[str, Any]:
    """The municipality among its neighbours, for the place form's map (the dialogue page's
    drawing, frontend/maps/_picker_map.html), with the place's point when it has one."""
    frame, paths = drawing.surroundings(organisation.code)
    current = None
    if place is not None:
        u, v = frame.point(place.easting, place.northing)
        current = (round(u, 1), round(v, 1))
    return {
        "frame": frame,
        "others": [d for code, d in paths.items() if code != organisation.code],
        "own": paths[organisation.code],
        "current": current,
    }


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

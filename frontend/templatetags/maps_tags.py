"""Template helpers for the maps: the words for a count, and the small maps on the idea and
organisation pages (each an SVG with a list of the same organisations as links)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from maps import drawing
from maps.boundaries import municipalities, neighbours
from maps.drawing import Shade
from maps.models import Place
from maps.selectors import STRAIGHT_LINE, can_manage_places, places_visible_to

register = template.Library()


@register.simple_tag
def measure_text(measure: str, count: int) -> str:
    """“3 ideas”, “reuses 1 idea”, “2 open test rounds”."""
    if measure == "adoptions":
        text = ngettext("reuses %(count)s idea", "reuses %(count)s ideas", count)
    elif measure == "open_rounds":
        text = ngettext("%(count)s open test round", "%(count)s open test rounds", count)
    elif measure == "places":
        text = ngettext("%(count)s place", "%(count)s places", count)
    else:
        text = ngettext("%(count)s idea", "%(count)s ideas", count)
    return text % {"count": count}


@register.simple_tag
def map_status(measure: str, count: int, total: int) -> str:
    """“12 of 290 municipalities have ideas you may see.”"""
    if measure == "adoptions":
        text = ngettext(
            "%(count)s of %(total)s municipalities reuses ideas you may see.",
            "%(count)s of %(total)s municipalities reuse ideas you may see.",
            count,
        )
    elif measure == "open_rounds":
        text = ngettext(
            "%(count)s of %(total)s municipalities has test rounds open for sign-up.",
            "%(count)s of %(total)s municipalities have test rounds open for sign-up.",
            count,
        )
    elif measure == "places":
        text = ngettext(
            "%(count)s of %(total)s municipalities has places on the map.",
            "%(count)s of %(total)s municipalities have places on the map.",
            count,
        )
    else:
        text = ngettext(
            "%(count)s of %(total)s municipalities has ideas you may see.",
            "%(count)s of %(total)s municipalities have ideas you may see.",
            count,
        )
    return text % {"count": count, "total": total}


@register.simple_tag
def area_label(area: Any, measure: str) -> str:
    """“Krokom: 3 ideas”: a municipality's name on the map, with its number."""
    return _("%(name)s: %(what)s") % {
        "name": area.name,
        "what": measure_text(measure, area.count(measure)),
    }


@register.filter
def shade_range(shade: Shade) -> str:
    """“0”, “1”, “2–3”: the values a shade stands for."""
    if shade.low == shade.high:
        return str(shade.low)
    return f"{shade.low}–{shade.high}"


def _shape_of(organisation: Organisation) -> str:
    """An organisation's path on the country map: a municipality's boundary, a region's
    county; nothing for others (agencies have no area of their own)."""
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        return drawing.municipality_paths(drawing.COUNTRY).get(organisation.code, "")
    if organisation.kind == Organisation.Kind.REGION and organisation.county_id:
        return drawing.county_paths().get(organisation.county_id, "")
    return ""


@register.inclusion_tag("frontend/maps/_idea_map.html", takes_context=True)
def idea_map(context: dict[str, Any], idea: Any, adoptions: Any) -> dict[str, Any]:
    """Where an idea is: its owner, co-owners and the organisations that reuse it (the
    adoptions the viewer may see), and the places it is about, on a small map of Sweden
    with their list."""
    frame = drawing.frame_for(drawing.COUNTRY)
    places = list(places_visible_to(context["request"].user).filter(ideas=idea))
    groups = [
        ("owner", _("Owns it"), [(idea.organisation, "")]),
        ("co-owner", _("Owns it together"), [(o, "") for o in idea.co_organisations.all()]),
        (
            "adopter",
            _("Reuses it"),
            [(a.organisation, a.get_status_display()) for a in adoptions],
        ),
    ]
    rows = []
    marks = []
    for role, label, organisations in groups:
        if not organisations:
            continue
        entries = []
        for organisation, status in organisations:
            shape = _shape_of(organisation)
            entries.append({"organisation": organisation, "status": status, "drawn": bool(shape)})
            if shape:
                marks.append({"role": role, "d": shape})
        rows.append({"role": role, "label": label, "entries": entries})
    # Drawn last is on top: the owner over those who reuse it.
    marks.reverse()
    return {
        "idea": idea,
        "rows": rows,
        "marks": marks,
        "frame": frame,
        "counties": drawing.county_paths().values(),
        "places": [{"place": p, "xy": frame.point(p.easting, p.northing)} for p in places],
    }


@register.inclusion_tag("frontend/maps/_organisation_map.html", takes_context=True)
def organisation_map(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """The organisation's own area and its places: a municipality among its neighbours, a
    region's county with its municipalities; nothing for an organisation without an area."""
    user = context["request"].user
    if (
        organisation.kind == Organisation.Kind.MUNICIPALITY
        and organisation.code in municipalities()
    ):
        frame, paths = drawing.surroundings(organisation.code)
        others = neighbours()[organisation.code]
        own = paths[organisation.code]
    elif organisation.kind == Organisation.Kind.REGION and organisation.county_id:
        key = organisation.county_id
        frame, paths = drawing.frame_for(key), drawing.municipality_paths(key)
        others = tuple(paths)
        own = ""
    else:
        return {"organisation": organisation, "frame": None}
    listed = Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, code__in=others
    ).order_by("name")
    places = list(
        places_visible_to(user).filter(organisation=organisation)
        if own
        else places_visible_to(user).filter(organisation__county_id=organisation.county_id)
    )
    return {
        "organisation": organisation,
        "frame": frame,
        "own": own,
        "others": [paths[code] for code in others],
        "listed": listed,
        "is_region": not own,
        "places": [{"place": p, "xy": frame.point(p.easting, p.northing)} for p in places],
        "can_add_place": bool(own) and can_manage_places(user, organisation),
    }


@register.filter
def distance_method(method: str) -> str:
    """How a distance was measured, in words."""
    if method == STRAIGHT_LINE:
        return _("as the crow flies, SWEREF 99 TM")
    return method


@register.filter
def xy(point: tuple[float, float], index: int) -> str:
    """One coordinate of an SVG point, with a dot for decimals whatever the language."""
    return f"{point[index]:.1f}"


@register.filter
def place_kind(kind: str) -> str:
    """A place kind's name."""
    return str(Place.Kind(kind).label) if kind in Place.Kind.values else kind

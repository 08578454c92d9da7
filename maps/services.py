"""Writes of places: members of the municipality add, change and remove its places. Every
rule about a place's data is checked here, for the API, the pages and the demo alike."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import shapely
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import user_is_member
from ideas.models import Idea
from ideas.selectors import idea_ids_visible_to
from maps.boundaries import municipalities, to_sweref
from maps.models import Place

#: How far (metres) outside its municipality's boundary a place may lie: the boundaries are
#: generalised for maps, so a shop on the shore may fall just outside the drawn coastline.
BOUNDARY_TOLERANCE_M = 500.0

_FIELDS = (
    "kind",
    "name",
    "area",
    "village",
    "address",
    "description",
    "agreement_from",
    "agreement_to",
    "visibility",
)


def _require_member(actor: User, organisation: Organisation) -> None:
    if not user_is_member(actor, organisation):
        raise PermissionDenied(
            _("Only members of %(organisation)s can manage its places.")
            % {"organisation": organisation.name}
        )


def _check_point(
    organisation: Organisation, longitude: float, latitude: float
) -> tuple[float, float]:
    """The point in SWEREF 99 TM, after checking it is a coordinate and lies in the
    organisation's municipality (within BOUNDARY_TOLERANCE_M of its boundary)."""
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(
            {
                "point": _(
                    "Give the point as [longitude, latitude] in degrees (WGS 84): longitude "
                    "-180 to 180, latitude -90 to 90."
                )
            }
        )
    boundary = municipalities().get(organisation.code)
    if organisation.kind != Organisation.Kind.MUNICIPALITY or boundary is None:
        raise ValidationError(
            {
                "organisation": _("Places belong to a municipality; %(name)s is not one.")
                % {"name": organisation.name}
            }
        )
    easting, northing = to_sweref(longitude, latitude)
    distance = boundary.shape.distance(shapely.Point(easting, northing))
    if not distance <= BOUNDARY_TOLERANCE_M:  # written so that NaN is outside too
        raise ValidationError(
            {
                "point": _(
                    "The point lies outside %(municipality)s, %(km)s km from its boundary. "
                    "Check the coordinates: longitude first, then latitude."
                )
                % {"municipality": organisation.name, "km": f"{distance / 1000:.1f}"}
            }
        )
    return easting, northing


def point_in_municipality(
    *, organisation: Organisation, longitude: float, latitude: float
) -> tuple[float, float]:
    """The point in SWEREF 99 TM if it lies in the organisation's municipality (the same
    check as a place's: a ValidationError on "point" naming the distance otherwise); for
    other apps that place things on a municipality's map (dialogue contributions)."""
    return _check_point(organisation, longitude, latitude)


def _check_functions(functions: Sequence[str]) -> list[str]:
    unknown = [f for f in functions if f not in Place.Function.values]
    if unknown:
        raise ValidationError(
            {
                "functions": _("Unknown functions: %(unknown)s. Use: %(known)s.")
                % {
                    "unknown": ", ".join(map(str, unknown)),
                    "known": ", ".join(Place.Function.values),
                }
            }
        )
    return list(dict.fromkeys(functions))


def _check_ideas(actor: User, ids: Sequence[int]) -> list[Idea]:
    """The ideas to link: each one the actor may see; an id they may not see is answered
    like one that does not exist."""
    wanted = list(dict.fromkeys(ids))
    found = {i.pk: i for i in Idea.objects.visible_to(actor).filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            {"ideas": _("No idea has the id %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [found[pk] for pk in wanted]


def _save(place: Place) -> None:
    place.name = " ".join(place.name.split())
    if not place.name:
        raise ValidationError({"name": _("Give the place a name.")})
    if place.agreement_from and place.agreement_to and place.agreement_to < place.agreement_from:
        raise ValidationError(
            {"agreement_to": _("The service agreement cannot end before it starts.")}
        )
    place.full_clean(exclude=["organisation", "created_by", "ideas"])
    place.save()


@transaction.atomic
def place_create(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    name: str,
    point: tuple[float, float],
    area: str = "",
    village: str = "",
    address: str = "",
    description: str = "",
    functions: Sequence[str] = (),
    agreement_from: datetime.date | None = None,
    agreement_to: datetime.date | None = None,
    ideas: Sequence[int] = (),
    visibility: str = Place.Visibility.PUBLIC,
) -> Place:
    """Add a place to a municipality (its members), at a point inside it."""
    _require_member(actor, organisation)
    longitude, latitude = point
    easting, northing = _check_point(organisation, longitude, latitude)
    place = Place(
        organisation=organisation,
        kind=kind,
        name=name,
        area=area,
        village=village,
        longitude=longitude,
        latitude=latitude,
        easting=easting,
        northing=northing,
        address=address,
        description=description,
        functions=_check_functions(functions),
        agreement_from=agreement_from,
        agreement_to=agreement_to,
        visibility=visibility,
        created_by=actor,
    )
    linked = _check_ideas(actor, ideas)
    _save(place)
    place.ideas.set(linked)
    return place


@transaction.atomic
def place_update(*, actor: User, place: Place, **changes: Any) -> Place:
    """Change a place (members of its municipality); a new point is checked like a new
    place's; it stays with its municipality."""
    _require_member(actor, place.organisation)
    unknown = set(changes) - {*_FIELDS, "point", "functions", "ideas", "organisation"}
    if unknown:
        raise TypeError(f"place_update() got unexpected fields {sorted(unknown)}")
    if changes.pop("organisation", place.organisation) != place.organisation:
        raise ValidationError(
            {"organisation": _("A place stays with its municipality: add a new one instead.")}
        )
    for field in _FIELDS:
        if field in changes:
            setattr(place, field, changes[field])
    if "point" in changes:
        place.longitude, place.latitude = changes["point"]
        place.easting, place.northing = _check_point(
            place.organisation, place.longitude, place.latitude
        )
    if "functions" in changes:
        place.functions = _check_functions(changes["functions"])
    linked = _check_ideas(actor, changes["ideas"]) if "ideas" in changes else None
    _save(place)
    if linked is not None:
        # Links to ideas the actor may not see stay as they are: they are not theirs to drop.
        current = list(place.ideas.values_list("pk", flat=True))
        seen = idea_ids_visible_to(actor, current)
        place.ideas.set([*linked, *(pk for pk in current if pk not in seen)])
    return place


@transaction.atomic
def place_delete(*, actor: User, place: Place) -> None:
    """Remove a place (members of its municipality)."""
    _require_member(actor, place.organisation)
    place.delete()

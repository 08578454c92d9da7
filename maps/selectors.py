"""Reads for the maps: what each municipality and county has, counting only what the viewer
may see.

Every count starts from `ideas`: the ideas the viewer may see (`Idea.objects.visible_to`,
the one rule), narrowed by the idea list's filters (`ideas.api.filters.IdeaFilter`). Each
measure is one grouped query over all organisations at once, never a query per
municipality; municipalities and counties are then summed from the same rows.

- ideas: a municipality's own and co-owned ideas (as its page lists them); a county's are
  the ideas owned by its organisations (municipalities, region, others), as `?county=` picks
  them, so an idea counts once per county.
- adoptions: the ideas an organisation records that it reuses (any status).
- open_rounds: test rounds open for sign-up of the ideas an organisation owns.
- places: the places of a municipality the viewer may see (public ones, and its internal
  ones to its members); the idea filters do not apply to them.

Places: who sees them (`places_visible_to`), and the distances between them, measured in
SWEREF 99 TM (metres on Sweden's national grid), never in degrees.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import County, Organisation
from accounts.selectors import user_is_member, user_organisation_ids
from ideas.models import Idea
from maps.boundaries import Boundary, counties, municipalities
from maps.models import Place, SupportRule
from prototypes.models import open_for_sign_up_q

if TYPE_CHECKING:
    from hub.auth import Viewer

#: What a map can show, in the order tables list them.
MEASURES = ("ideas", "adoptions", "open_rounds", "places")


@dataclass
class Area:
    """A municipality or county on a map, with what it has."""

    code: str
    name: str
    #: The organisation page's slug: the municipality's, or the county's region's.
    slug: str
    #: The county code (länskod); a county's own code for a county.
    county: str
    county_name: str
    boundary: Boundary
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, measure: str) -> int:
        return self.counts.get(measure, 0)


#: Each measure's count per organisation id (owned ideas; co-owned ones are apart).
PerOrganisation = dict[str, Counter[int]]


def counts_per_organisation(user: Viewer, ideas: QuerySet[Idea]) -> PerOrganisation:
    """Each measure's count per organisation id, one grouped query per measure: what both
    maps are summed from (a page with both passes it to each).

    Each count joins from the ideas (`ideas.filter(<relation>...)`), never asks
    `idea_id IN (<the visible ideas>)`: SQLite built the list of some 80,000 visible ideas
    for each count that way (50-75 ms each at 100,000 ideas; docs/benchmarks.md)."""
    ideas = ideas.order_by()  # an order would join the GROUP BY
    owned = Counter(dict(ideas.values_list("organisation_id").annotate(n=Count("pk"))))
    adoptions = Counter(
        dict(
            ideas.filter(adoptions__isnull=False)
            .values_list("adoptions__organisation_id")
            .annotate(n=Count("adoptions"))
        )
    )
    # A round open for sign-up is published: whoever sees its idea sees it
    # (prototypes.selectors.rounds_visible_to), so the ideas' rule is the whole rule here.
    open_rounds = Counter(
        dict(
            ideas.filter(open_for_sign_up_q("prototypes__rounds__", "prototypes__"))
            .values_list("organisation_id")
            .annotate(n=Count("prototypes__rounds"))
        )
    )
    places = Counter(
        dict(
            places_visible_to(user)
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("pk"))
        )
    )
    return {"ideas": owned, "adoptions": adoptions, "open_rounds": open_rounds, "places": places}


def _co_owned(ideas: QuerySet[Idea]) -> Counter[int]:
    """Ideas each organisation co-owns (never its own: the services keep the owner out)."""
    return Counter(
        dict(
            ideas.order_by()
            .filter(co_organisations__isnull=False)
            .values_list("co_organisations")
            .annotate(n=Count("pk"))
        )
    )


def municipality_areas(
    user: Viewer, ideas: QuerySet[Idea], counts: PerOrganisation | None = None
) -> list[Area]:
    """Every municipality with a boundary, by county and name, with its counts."""
    per_org = dict(counts if counts is not None else counts_per_organisation(user, ideas))
    per_org["ideas"] = per_org["ideas"] + _co_owned(ideas)
    boundaries = municipalities()
    areas = []
    rows = Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, code__in=list(boundaries)
    ).values_list("pk", "code", "name", "slug", "county_id", "county__name")
    for pk, code, name, slug, county, county_name in rows:
        own = {measure: per_org[measure][pk] for measure in per_org}
        areas.append(Area(code, name, slug, county or "", county_name or "", boundaries[code], own))
    areas.sort(key=lambda a: (a.county, a.name))
    return areas


def county_areas(
    user: Viewer, ideas: QuerySet[Idea], counts: PerOrganisation | None = None
) -> list[Area]:
    """Every county, by code, with the counts of all its organisations."""
    per_org = counts if counts is not None else counts_per_organisation(user, ideas)
    county_of = dict(
        Organisation.objects.filter(county__isnull=False).values_list("pk", "county_id")
    )
    regions = dict(
        Organisation.objects.filter(kind=Organisation.Kind.REGION).values_list("county_id", "slug")
    )
    sums: dict[str, Counter[str]] = {}
    for measure, by_org in per_org.items():
        for pk, n in by_org.items():
            if pk in county_of:
                sums.setdefault(county_of[pk], Counter())[measure] += n
    boundaries = counties()
    areas = []
    for code, name in County.objects.filter(code__in=list(boundaries)).values_list("code", "name"):
        own = {measure: sums.get(code, Counter())[measure] for measure in per_org}
        areas.append(Area(code, name, regions.get(code, ""), code, name, boundaries[code], own))
    return areas


# --- Places ---------------------------------------------------------------------------

#: How every distance is measured (the only way yet; road distances, as Tillväxtverket's
#: analyses use, would be a second method with its own name here).
STRAIGHT_LINE = "straight_line_sweref99tm"


def places_visible_to(user: Viewer) -> QuerySet[Place]:
    """Public places to everyone; a municipality's internal places to its members."""
    mine = Q(organisation_id__in=user_organisation_ids(user))
    return Place.objects.filter(Q(visibility=Place.Visibility.PUBLIC) | mine).select_related(
        "organisation", "organisation__county"
    )


def access_place(user: Viewer, pk: int | str) -> Place:
    """The place if the user may see it, else 404 (as for one that does not exist)."""
    place = places_visible_to(user).filter(pk=pk).first()
    if place is None:
        raise Http404
    return place


def can_manage_places(user: Viewer, organisation: Organisation) -> bool:
    """Members of a municipality (any role) add, change and remove its places."""
    return user_is_member(user, organisation)


def require_manage_places(user: Viewer, organisation: Organisation) -> None:
    """Refuse (403, with the reason) unless the user may manage the organisation's places
    (`can_manage_places`): the one check the services and the pages make."""
    if not can_manage_places(user, organisation):
        raise PermissionDenied(
            _("Only members of %(organisation)s can manage its places.")
            % {"organisation": organisation.name}
        )


def require_manage_place(user: Viewer, place: Place) -> None:
    """`require_manage_places` for the place's municipality."""
    require_manage_places(user, place.organisation)


def linkable_ideas(
    user: Viewer, organisation: Organisation, place: Place | None = None
) -> QuerySet[Idea]:
    """The ideas a member may link to the organisation's places on its pages: the ones the
    organisation owns or co-owns that the user may see, and those the place already links
    (linked through the API) that they may see, by title."""
    mine = Q(organisation=organisation) | Q(co_organisations=organisation)
    if place is not None:
        mine |= Q(places=place)
    return Idea.objects.visible_to(user).filter(mine).distinct().order_by("title", "pk")


@dataclass(frozen=True)
class Nearby:
    """Another shop near a place, and how far it is (unrounded: rules compare this)."""

    id: int
    name: str
    kind: str
    distance_km: float
    method: str = STRAIGHT_LINE


def nearest_shops(user: Viewer, places: Sequence[Place], n: int = 3) -> dict[int, list[Nearby]]:
    """For each place, the `n` nearest other shops and service points the user may see,
    nearest first: straight-line distances in SWEREF 99 TM, for all places in one query."""
    rows = list(
        places_visible_to(user)
        .filter(kind__in=Place.SHOP_KINDS)
        .order_by("pk")
        .values_list("pk", "name", "kind", "easting", "northing")
    )
    if not rows:
        return {place.pk: [] for place in places}
    ids = np.array([row[0] for row in rows])
    xy = np.array([(row[3], row[4]) for row in rows])
    found: dict[int, list[Nearby]] = {}
    for place in places:
        distances = np.hypot(xy[:, 0] - place.easting, xy[:, 1] - place.northing)
        distances[ids == place.pk] = np.inf  # not itself
        k = min(n, len(rows))
        # The k smallest without sorting them all, then in order (ties by id).
        chosen = np.argpartition(distances, k - 1)[:k] if k < len(rows) else np.arange(k)
        chosen = chosen[np.lexsort((ids[chosen], distances[chosen]))]
        found[place.pk] = [
            Nearby(rows[i][0], rows[i][1], rows[i][2], float(distances[i]) / 1000)
            for i in chosen
            if np.isfinite(distances[i])
        ]
    return found


@dataclass(frozen=True)
class Support:
    """Whether a shop meets a support rule: its nearest other shop is farther than the
    rule's threshold (or there is none)."""

    rule: SupportRule
    holds: bool


def rules_in_force(day: datetime.date) -> list[SupportRule]:
    """The support rules valid on `day`."""
    return list(SupportRule.objects.in_force(day))


def support_for(
    place: Place, nearest: Sequence[Nearby], rules: Sequence[SupportRule]
) -> list[Support]:
    """Each rule's verdict for a shop (nothing for places that are not shops)."""
    if not place.is_shop:
        return []
    closest = nearest[0].distance_km if nearest else None
    return [Support(rule, closest is None or closest > float(rule.threshold_km)) for rule in rules]

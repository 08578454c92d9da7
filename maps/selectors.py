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
- places: service and safety points (not yet recorded: always 0).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from accounts.models import County, Organisation
from ideas.models import Adoption, Idea
from maps.boundaries import Boundary, counties, municipalities
from prototypes.selectors import rounds_visible_to

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


def _per_organisation(user: Viewer, ideas: QuerySet[Idea]) -> dict[str, Counter[int]]:
    """Each measure's count per organisation id (owned ideas only; co-owned ones apart)."""
    ideas = ideas.order_by()  # an order would join the GROUP BY
    owned = Counter(dict(ideas.values_list("organisation_id").annotate(n=Count("pk"))))
    adoptions = Counter(
        dict(
            Adoption.objects.filter(idea__in=ideas)
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("pk"))
        )
    )
    open_rounds = Counter(
        dict(
            rounds_visible_to(user)
            .open_for_sign_up()
            .filter(prototype__idea__in=ideas)
            .order_by()
            .values_list("prototype__idea__organisation_id")
            .annotate(n=Count("pk"))
        )
    )
    return {"ideas": owned, "adoptions": adoptions, "open_rounds": open_rounds}


def _co_owned(ideas: QuerySet[Idea]) -> Counter[int]:
    """Ideas each organisation co-owns (never its own: the services keep the owner out)."""
    through = Idea.co_organisations.through
    return Counter(
        dict(
            through.objects.filter(idea__in=ideas.order_by())
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("pk"))
        )
    )


def municipality_areas(user: Viewer, ideas: QuerySet[Idea]) -> list[Area]:
    """Every municipality with a boundary, by county and name, with its counts."""
    per_org = _per_organisation(user, ideas)
    per_org["ideas"] = per_org["ideas"] + _co_owned(ideas)
    boundaries = municipalities()
    areas = []
    rows = Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, code__in=list(boundaries)
    ).values_list("pk", "code", "name", "slug", "county_id", "county__name")
    for pk, code, name, slug, county, county_name in rows:
        counts = {measure: per_org[measure][pk] for measure in per_org}
        counts["places"] = 0
        areas.append(
            Area(code, name, slug, county or "", county_name or "", boundaries[code], counts)
        )
    areas.sort(key=lambda a: (a.county, a.name))
    return areas


def county_areas(user: Viewer, ideas: QuerySet[Idea]) -> list[Area]:
    """Every county, by code, with the counts of all its organisations."""
    per_org = _per_organisation(user, ideas)
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
        counts = {measure: sums.get(code, Counter())[measure] for measure in per_org}
        counts["places"] = 0
        areas.append(Area(code, name, regions.get(code, ""), code, name, boundaries[code], counts))
    return areas

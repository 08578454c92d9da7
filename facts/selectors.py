"""Reads of facts: who sees which fact sheet (the one rule, `sheets_visible_to`), a sheet's
figures over the years with the county's and Sweden's, and the ideas that cite a fact.

Trends: a figure's series is the same key figure (`kpi`), or for figures without one the
same label, in the organisation's sheets the viewer may see, by the year each figure
describes. The county's series is the same key figure in the sheets of the county's region
(Kolada's county ids, "00" + the county code, are imported into the region's sheets);
Sweden's is `NationalFigure` (Kolada's "Riket", id 0000). A page reads all of it in a
constant number of queries, however many years and figures there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation
from accounts.selectors import user_organisation_ids
from facts.models import Fact, FactSheet, NationalFigure
from ideas.models import Evidence, Idea

if TYPE_CHECKING:
    from hub.auth import Viewer


def sheets_visible_to(user: Viewer) -> QuerySet[FactSheet]:
    """The one visibility rule of facts: public sheets to everyone, an organisation's own
    sheets to its members. Everything else is 404."""
    mine = Q(organisation_id__in=user_organisation_ids(user))
    return FactSheet.objects.filter(Q(visibility=FactSheet.Visibility.PUBLIC) | mine)


def facts_visible_to(user: Viewer) -> QuerySet[Fact]:
    """The facts of the sheets the user may see."""
    return Fact.objects.filter(sheet__in=sheets_visible_to(user))


def access_fact(user: Viewer, pk: int | str) -> Fact:
    """The fact if the user may see it, else 404 (as for one that does not exist)."""
    fact = (
        facts_visible_to(user).select_related("sheet", "sheet__organisation").filter(pk=pk).first()
    )
    if fact is None:
        raise Http404
    return fact


def organisation_sheets(user: Viewer, organisation: Organisation) -> QuerySet[FactSheet]:
    """The organisation's sheets the user may see, newest year first."""
    return sheets_visible_to(user).filter(organisation=organisation).order_by("-year")


def sheet_for(user: Viewer, organisation: Organisation, year: int | None) -> FactSheet | None:
    """The year's sheet (404 when the user may not see it or it does not exist), or without
    a year the newest the user may see (None when there is none)."""
    sheets = organisation_sheets(user, organisation).select_related("organisation")
    if year is None:
        return sheets.first()
    sheet = sheets.filter(year=year).first()
    if sheet is None:
        raise Http404
    return sheet


def sheet_contents(sheet: FactSheet) -> FactSheet:
    """The sheet with its sections and facts loaded (two queries)."""
    sheet.loaded_sections = list(sheet.sections.all())  # type: ignore[attr-defined]
    sheet.loaded_facts = list(sheet.facts.all())  # type: ignore[attr-defined]
    return sheet


def citing_idea_ids(user: Viewer, fact_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each fact, the ideas the user may see whose evidence cites it (one query)."""
    wanted = set(fact_ids)
    found: dict[int, list[int]] = {pk: [] for pk in wanted}
    if not wanted:
        return found
    rows = (
        Evidence.objects.filter(fact_id__in=wanted, idea__in=Idea.objects.visible_to(user))
        .order_by("fact_id", "idea_id")
        .values_list("fact_id", "idea_id")
        .distinct()
    )
    for fact_id, idea_id in rows:
        found[fact_id].append(idea_id)
    return found


def citing_ideas(user: Viewer, fact_ids: Iterable[int]) -> dict[int, list[Idea]]:
    """For each fact, the ideas (title and link) the user may see that cite it (two queries)."""
    by_fact = citing_idea_ids(user, fact_ids)
    ids = {pk for pks in by_fact.values() for pk in pks}
    ideas = {i.pk: i for i in Idea.objects.filter(pk__in=ids).only("pk", "title")}
    return {fact: [ideas[pk] for pk in pks if pk in ideas] for fact, pks in by_fact.items()}


def visible_fact_ids(user: Viewer, ids: Iterable[int | None]) -> set[int]:
    """Which of these fact ids the user may see (one query)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    return set(facts_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


# --- Trends -------------------------------------------------------------------------------


@dataclass
class Trend:
    """A figure over the years: {year: value} for the organisation, its county and Sweden."""

    own: dict[int, Decimal] = field(default_factory=dict)
    county: dict[int, Decimal] = field(default_factory=dict)
    country: dict[int, Decimal] = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted({*self.own, *self.county, *self.country})


def _key(kpi: str, label: str) -> str:
    return f"kpi:{kpi}" if kpi else f"label:{label.casefold()}"


def trends(user: Viewer, sheet: FactSheet, facts: list[Fact]) -> dict[int, Trend]:
    """Each fact's trend (by fact id): three queries for the whole sheet."""
    organisation = sheet.organisation
    keys = {fact.pk: _key(fact.kpi, fact.label) for fact in facts}
    kpis = sorted({fact.kpi for fact in facts if fact.kpi})
    labels = sorted({fact.label for fact in facts if not fact.kpi})
    series: dict[str, dict[int, Decimal]] = defaultdict(dict)
    own = (
        Fact.objects.filter(sheet__in=organisation_sheets(user, organisation), value__isnull=False)
        .filter(Q(kpi__in=kpis) | Q(kpi="", label__in=labels))
        # Older sheets first: a figure repeated in a later sheet wins (it may be corrected).
        .order_by("sheet__year", "pk")
        .values_list("kpi", "label", "year", "value")
    )
    for kpi, label, year, value in own:
        if value is not None:
            series[_key(kpi, label)][year] = value
    county: dict[str, dict[int, Decimal]] = defaultdict(dict)
    if kpis and organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.county_id:
        region_facts = (
            Fact.objects.filter(
                sheet__in=sheets_visible_to(user).filter(
                    organisation__kind=Organisation.Kind.REGION,
                    organisation__county_id=organisation.county_id,
                ),
                kpi__in=kpis,
                value__isnull=False,
            )
            .order_by("sheet__year", "pk")
            .values_list("kpi", "year", "value")
        )
        for kpi, year, value in region_facts:
            if value is not None:
                county[kpi][year] = value
    country: dict[str, dict[int, Decimal]] = defaultdict(dict)
    if kpis:
        for kpi, year, value in NationalFigure.objects.filter(kpi__in=kpis).values_list(
            "kpi", "year", "value"
        ):
            country[kpi][year] = value
    return {
        fact.pk: Trend(
            own=dict(sorted(series.get(keys[fact.pk], {}).items())),
            county=dict(sorted(county.get(fact.kpi, {}).items())) if fact.kpi else {},
            country=dict(sorted(country.get(fact.kpi, {}).items())) if fact.kpi else {},
        )
        for fact in facts
    }

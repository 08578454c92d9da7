"""Writes of facts: members of an organisation keep its fact sheets (a sheet per year, its
sections and figures); the Kolada import (facts.kolada) fills figures in bulk. Every rule
about a fact's data is checked here, for the API, the pages, the importer and the demo."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import user_is_member
from facts.models import Fact, FactSection, FactSheet
from search import indexing

#: A Kolada key figure id: a letter and five digits (N00005, U00405).
KPI_PATTERN = re.compile(r"[A-Z][0-9]{5}")
FACT_FIELDS = ("label", "value", "unit", "year", "source", "source_url", "kpi")
SECTION_FIELDS = ("title", "text", "order")


class SectionData(TypedDict, total=False):
    title: str
    text: str


class FactData(TypedDict, total=False):
    label: str
    value: Decimal | None
    unit: str
    year: int
    source: str
    source_url: str
    kpi: str


def _require_member(actor: User, organisation: Organisation) -> None:
    if not user_is_member(actor, organisation):
        raise PermissionDenied(
            _("Only members of %(organisation)s can edit its facts.")
            % {"organisation": organisation.name}
        )


def _index(sheet_ids: Sequence[int]) -> None:
    # Bulk writes (the import, copying a sheet) send no model signals: queue the sheets'
    # search documents here, with the write (indexed after it commits).
    indexing.index_on_commit({"fact": list(sheet_ids)})


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": _("Give a year from 1900 to 2100.")})


# --- Sheets -------------------------------------------------------------------------------


@transaction.atomic
def fact_sheet_create(
    *,
    actor: User,
    organisation: Organisation,
    year: int,
    visibility: str = FactSheet.Visibility.PUBLIC,
    copy_from_previous: bool = True,
) -> FactSheet:
    """Start the year's fact sheet (members). With `copy_from_previous`, the newest earlier
    sheet's sections and figures come along, the figures without their values."""
    _require_member(actor, organisation)
    _check_year(year)
    if FactSheet.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(organisation)s already has a fact sheet for %(year)s.")
                % {"organisation": organisation.name, "year": year}
            }
        )
    if visibility not in FactSheet.Visibility.values:
        raise ValidationError(
            {
                "visibility": _("Choose one of: %(values)s.")
                % {"values": ", ".join(FactSheet.Visibility.values)}
            }
        )
    sheet = FactSheet.objects.create(organisation=organisation, year=year, visibility=visibility)
    previous = (
        FactSheet.objects.filter(organisation=organisation, year__lt=year).order_by("-year").first()
    )
    if copy_from_previous and previous is not None:
        FactSection.objects.bulk_create(
            FactSection(sheet=sheet, title=s.title, text=s.text, order=s.order)
            for s in previous.sections.all()
        )
        Fact.objects.bulk_create(
            Fact(
                sheet=sheet,
                label=f.label,
                value=None,
                unit=f.unit,
                year=year,
                source=f.source,
                source_url=f.source_url,
                kpi=f.kpi,
                source_kind=f.source_kind,
                order=f.order,
            )
            for f in previous.facts.all()
        )
    _index([sheet.pk])
    return sheet


@transaction.atomic
def fact_sheet_update(*, actor: User, sheet: FactSheet, visibility: str) -> FactSheet:
    """Change who sees the sheet (members)."""
    _require_member(actor, sheet.organisation)
    sheet.visibility = visibility
    sheet.full_clean(exclude=["organisation"])
    sheet.save()
    return sheet


@transaction.atomic
def fact_sheet_delete(*, actor: User, sheet: FactSheet) -> None:
    """Remove a year's sheet with its sections and figures (members). Evidence that cited
    one of its figures stays, without the figure."""
    _require_member(actor, sheet.organisation)
    sheet.delete()


@transaction.atomic
def fact_sheet_add(
    *,
    actor: User,
    organisation: Organisation,
    year: int,
    visibility: str | None = None,
    copy_from_previous: bool = False,
    sections: Sequence[SectionData] = (),
    facts: Sequence[FactData] = (),
) -> tuple[FactSheet, bool]:
    """Add sections and figures to the year's sheet, starting it if there is none (then
    from the previous year's structure if `copy_from_previous`). Returns the sheet and
    whether it was created. All or nothing: one bad figure changes nothing."""
    _require_member(actor, organisation)
    sheet = FactSheet.objects.filter(organisation=organisation, year=year).first()
    created = sheet is None
    if sheet is None:
        sheet = fact_sheet_create(
            actor=actor,
            organisation=organisation,
            year=year,
            visibility=visibility or FactSheet.Visibility.PUBLIC,
            copy_from_previous=copy_from_previous,
        )
    elif visibility is not None and visibility != sheet.visibility:
        fact_sheet_update(actor=actor, sheet=sheet, visibility=visibility)
    for index, section in enumerate(sections):
        try:
            fact_section_add(actor=actor, sheet=sheet, **section)
        except ValidationError as error:
            raise ValidationError({f"sections[{index}]": _messages(error)}) from error
    for index, fact in enumerate(facts):
        try:
            fact_add(actor=actor, sheet=sheet, **fact)
        except ValidationError as error:
            raise ValidationError({f"facts[{index}]": _messages(error)}) from error
    return sheet, created


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {m}" for field, msgs in error.message_dict.items() for m in msgs]
    return list(error.messages)


# --- Sections -----------------------------------------------------------------------------


def _save_section(section: FactSection) -> FactSection:
    section.title = " ".join(section.title.split())
    if not section.title:
        raise ValidationError({"title": _("Give the section a title.")})
    section.full_clean(exclude=["sheet"])
    section.save()
    return section


@transaction.atomic
def fact_section_add(
    *, actor: User, sheet: FactSheet, title: str, text: str = "", order: int | None = None
) -> FactSection:
    """Add a section of text to a sheet (members); last unless `order` is given."""
    _require_member(actor, sheet.organisation)
    if order is None:
        order = (sheet.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    return _save_section(
        FactSection(sheet=sheet, title=title or "", text=(text or "").strip(), order=order)
    )


@transaction.atomic
def fact_section_update(*, actor: User, section: FactSection, **changes: Any) -> FactSection:
    """Change a section's title, text or order (members)."""
    _require_member(actor, section.sheet.organisation)
    unknown = set(changes) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"fact_section_update() got unexpected fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(section, name, value.strip() if name == "text" else value)
    return _save_section(section)


@transaction.atomic
def fact_section_delete(*, actor: User, section: FactSection) -> None:
    """Remove a section (members)."""
    _require_member(actor, section.sheet.organisation)
    section.delete()


# --- Facts --------------------------------------------------------------------------------


def _save_fact(fact: Fact) -> Fact:
    fact.label = " ".join(fact.label.split())
    fact.kpi = (fact.kpi or "").strip().upper()
    if not fact.label:
        raise ValidationError({"label": _("Give the figure a label.")})
    if fact.kpi and not KPI_PATTERN.fullmatch(fact.kpi):
        raise ValidationError(
            {
                "kpi": _(
                    "A Kolada key figure id is a capital letter and five digits, such as "
                    "N00005; “%(kpi)s” is not one."
                )
                % {"kpi": fact.kpi}
            }
        )
    _check_year(fact.year)
    if fact.kpi and (
        Fact.objects.filter(sheet=fact.sheet, kpi=fact.kpi).exclude(pk=fact.pk).exists()
    ):
        raise ValidationError(
            {
                "kpi": _("This sheet already has a figure for the key figure %(kpi)s.")
                % {"kpi": fact.kpi}
            }
        )
    fact.full_clean(exclude=["sheet"])
    fact.save()
    return fact


@transaction.atomic
def fact_add(
    *,
    actor: User,
    sheet: FactSheet,
    label: str,
    value: Decimal | None = None,
    unit: str = "",
    year: int | None = None,
    source: str = "",
    source_url: str = "",
    kpi: str = "",
    order: int | None = None,
) -> Fact:
    """Add a figure to a sheet (members); it describes the sheet's year unless `year` says
    otherwise."""
    _require_member(actor, sheet.organisation)
    if order is None:
        order = (sheet.facts.aggregate(n=Max("order"))["n"] or 0) + 1
    return _save_fact(
        Fact(
            sheet=sheet,
            label=label or "",
            value=value,
            unit=(unit or "").strip(),
            year=sheet.year if year is None else year,
            source=(source or "").strip(),
            source_url=(source_url or "").strip(),
            kpi=kpi or "",
            order=order,
        )
    )


@transaction.atomic
def fact_update(*, actor: User, fact: Fact, **changes: Any) -> Fact:
    """Change a figure (members of its organisation). A figure changed by hand is the
    organisation's own, no longer Kolada's, until the next import sets it again."""
    _require_member(actor, fact.sheet.organisation)
    unknown = set(changes) - {*FACT_FIELDS, "order"}
    if unknown:
        raise TypeError(f"fact_update() got unexpected fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(fact, name, value.strip() if isinstance(value, str) and name != "label" else value)
    if {"value", "source"} & set(changes):
        fact.source_kind = Fact.SourceKind.MANUAL
    return _save_fact(fact)


@transaction.atomic
def fact_delete(*, actor: User, fact: Fact) -> None:
    """Remove a figure (members). Evidence that cited it stays, without the figure."""
    _require_member(actor, fact.sheet.organisation)
    fact.delete()

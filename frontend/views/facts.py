"""An organisation's fact page, /organisationer/<slug>/fakta/ (?year=): its fact sheet of a
year, each figure with its trend over the years beside the county's and Sweden's, drawn as
SVG bar charts with their tables; and the members' pages to start and edit a year's sheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.selectors import user_is_member
from facts import selectors, services
from facts.models import Fact, FactSection, FactSheet
from facts.selectors import Trend
from frontend.charts import Bar, bar_rows
from frontend.errors import add_errors
from frontend.forms_facts import FactFormSet, SectionFormSet, SheetCreateForm, SheetForm
from frontend.templatetags.facts_tags import plain_number
from hub.auth import signed_in_user
from proposals.selectors import citable_facts

#: The series of a trend chart, in the order each year's bars are drawn.
SERIES = (("own", "bar", True), ("county", "bar-county", False), ("country", "bar-country", False))


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if not raw:
        return None
    if not raw.isdigit() or not 1900 <= int(raw) <= 2100:
        raise Http404
    return int(raw)


def trend_chart(trend: Trend, names: dict[str, str]) -> dict[str, Any]:
    """The geometry of one figure's chart: a group of bars per year (the organisation's
    hatched, the county's and Sweden's plain), on a scale that includes zero."""
    values = [float(v) for s in (trend.own, trend.county, trend.country) for v in s.values()]
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1
    series = [(getattr(trend, key), css, hatched) for key, css, hatched in SERIES]
    shown = [(points, css, hatched) for points, css, hatched in series if points]
    bars = []
    for year in trend.years():
        for index, (points, css, hatched) in enumerate(shown):
            value = points.get(year)
            bars.append(
                Bar(
                    None if value is None else float(value),
                    plain_number(value),
                    label=str(year) if index == 0 else "",
                    css=css,
                    hatched=hatched,
                    gap=8 if index == 0 else 0,
                )
            )
    left, width = 70, 440
    top = 40
    rows, bottom = bar_rows(
        bars, top=top, row=16, height=13, left=left, width=width, low=low, high=high
    )
    ticks = sorted({low, 0.0, high / 2 if high > 0 else low / 2, high})
    return {
        "left": left,
        "width": width,
        "bars": rows,
        "grid_top": top - 6,
        "bars_bottom": bottom,
        "axis": [
            {"x": round(left + (t - low) / (high - low) * width, 1), "label": plain_number(t)}
            for t in ticks
        ],
        "axis_label_y": bottom + 16,
        "height": bottom + 28,
        "legend": [
            {"name": names[key], "css": css, "hatched": hatched, "x": 8 + i * 210}
            for i, (key, css, hatched) in enumerate(SERIES)
            if getattr(trend, key)
        ],
        # The table twin: a row per year, a column per series drawn.
        "years": [
            {"year": year, "values": [points.get(year) for points, _css, _h in shown]}
            for year in trend.years()
        ],
    }


def fact_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("county"), slug=slug)
    sheet = selectors.sheet_for(request.user, organisation, _year(request))
    years = list(
        selectors.organisation_sheets(request.user, organisation).values_list("year", flat=True)
    )
    context: dict[str, Any] = {
        "organisation": organisation,
        "sheet": sheet,
        "years": years,
        "can_edit": user_is_member(request.user, organisation),
        "next_year": (max(years) + 1) if years else None,
    }
    if sheet is not None:
        selectors.sheet_contents(sheet)
        facts: list[Fact] = sheet.loaded_facts  # type: ignore[attr-defined]
        trends = selectors.trends(request.user, sheet, facts)
        cited = selectors.citing_ideas(request.user, [f.pk for f in facts])
        # A proposal may build on a figure of a public sheet (proposals.selectors' rule).
        citable = set(
            citable_facts().filter(pk__in=[f.pk for f in facts]).values_list("pk", flat=True)
        )
        county = organisation.county.name if organisation.county else _("The county")
        names = {"own": organisation.name, "county": county, "country": _("Sweden")}
        for index, fact in enumerate(facts):
            fact.chart = trend_chart(trends[fact.pk], names)  # type: ignore[attr-defined]
            fact.chart["pattern"] = f"fact-hatch-{index}"  # type: ignore[attr-defined]
            fact.citing = cited.get(fact.pk, [])  # type: ignore[attr-defined]
            fact.citable = fact.pk in citable  # type: ignore[attr-defined]
        context |= {"sections": sheet.loaded_sections, "facts": facts}  # type: ignore[attr-defined]
    return render(request, "frontend/facts/fact_sheet.html", context)


@login_required
def fact_sheet_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a year's sheet (members), by default from the previous year's structure."""
    user = signed_in_user(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    if not user_is_member(user, organisation):
        raise PermissionDenied
    latest = selectors.organisation_sheets(user, organisation).first()
    form = SheetCreateForm(
        request.POST or None, initial={"year": latest.year + 1 if latest else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.fact_sheet_create(
                actor=user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The fact sheet for %(year)s was started.") % {"year": sheet.year}
            )
            return redirect("frontend:fact_sheet_edit", slug=organisation.slug, year=sheet.year)
    return render(
        request,
        "frontend/facts/sheet_create.html",
        {"organisation": organisation, "form": form, "latest": latest},
    )


def _section_initial(section: FactSection) -> dict[str, Any]:
    return {"id": section.pk, "title": section.title, "text": section.text}


def _fact_initial(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.pk,
        "label": fact.label,
        "value": fact.value,
        "unit": fact.unit,
        "year": fact.year,
        "source": fact.source,
        "source_url": fact.source_url,
        "kpi": fact.kpi,
    }


def _save_rows(user: Any, sheet: FactSheet, sections: Any, facts: Any) -> bool:
    """Apply the formsets through the services; a service's error goes on its row. Returns
    whether everything was saved (the caller rolls back otherwise)."""
    own_sections = {s.pk: s for s in sheet.sections.all()}
    own_facts = {f.pk: f for f in sheet.facts.all()}
    ok = True
    for form in sections.forms:
        data = form.cleaned_data
        if not data or not form.has_changed():
            continue
        section = own_sections.get(data.get("id") or 0)
        try:
            if data.get("DELETE"):
                if section is not None:
                    services.fact_section_delete(actor=user, section=section)
            elif section is not None:
                services.fact_section_update(
                    actor=user, section=section, title=data["title"], text=data["text"]
                )
            else:
                services.fact_section_add(
                    actor=user, sheet=sheet, title=data["title"], text=data["text"]
                )
        except ValidationError as error:
            add_errors(form, error)
            ok = False
    for form in facts.forms:
        data = form.cleaned_data
        if not data or not form.has_changed():
            continue
        fact = own_facts.get(data.get("id") or 0)
        fields = {k: data[k] for k in services.FACT_FIELDS}
        if fields["year"] is None:
            fields["year"] = sheet.year
        try:
            if data.get("DELETE"):
                if fact is not None:
                    services.fact_delete(actor=user, fact=fact)
            elif fact is not None:
                changed = {k: v for k, v in fields.items() if getattr(fact, k) != v}
                if changed:
                    services.fact_update(actor=user, fact=fact, **changed)
            else:
                services.fact_add(actor=user, sheet=sheet, **fields)
        except ValidationError as error:
            add_errors(form, error)
            ok = False
    return ok


@login_required
def fact_sheet_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Edit a year's sheet (members): who sees it, its sections and its figures."""
    user = signed_in_user(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    sheet = selectors.sheet_for(user, organisation, year)
    if sheet is None:  # with a year, sheet_for answers 404 rather than None; for the types
        raise Http404
    if not user_is_member(user, organisation):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = SheetForm(data, initial={"visibility": sheet.visibility})
    sections = SectionFormSet(
        data, prefix="sections", initial=[_section_initial(s) for s in sheet.sections.all()]
    )
    facts = FactFormSet(data, prefix="facts", initial=[_fact_initial(f) for f in sheet.facts.all()])
    if data is not None and form.is_valid() and sections.is_valid() and facts.is_valid():
        with transaction.atomic():
            try:
                services.fact_sheet_update(
                    actor=user, sheet=sheet, visibility=form.cleaned_data["visibility"]
                )
            except ValidationError as error:
                add_errors(form, error)
            saved = not form.errors and _save_rows(user, sheet, sections, facts)
            if not saved:
                transaction.set_rollback(True)
        if saved:
            messages.success(request, _("The fact sheet was saved."))
            url = reverse("frontend:fact_sheet", kwargs={"slug": organisation.slug})
            return redirect(f"{url}?year={sheet.year}")
    return render(
        request,
        "frontend/facts/sheet_edit.html",
        {
            "organisation": organisation,
            "sheet": sheet,
            "form": form,
            "sections": sections,
            "facts": facts,
            "failed": data is not None,
        },
    )

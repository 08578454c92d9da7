"""Kolada's key figures into fact sheets: read the API v2 `values` JSON (from a file, or
fetched), map Kolada's municipality ids to the hub's organisations, and write the figures
in bulk, idempotently (a second run of the same data changes nothing).

The documented shape (https://github.com/Hypergene/kolada, API v2)::

    {"values": [{"kpi": "N01951", "municipality": "1980", "period": 2023,
                 "values": [{"gender": "T", "status": "", "value": 12.3}, ...]}, ...]}

Ids: a municipality is its four-digit kommunkod ("1904"); a county's region is "00" and
the two-digit länskod ("0019", imported into the region's sheet, what a municipality's page
compares with); "0000" is Sweden (Riket), kept as `NationalFigure`. Only the total
(gender "T") is imported; a value with a status (such as "Missing") or without a value is
skipped and reported, as is an id the hub does not know.

Fetching uses the standard library (urllib): a GET per page of one documented URL, so
the importer needs no client package (koladapy, the maintained one on PyPI, speaks API v3).
"""

from __future__ import annotations

import json
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max

from accounts.models import Organisation
from facts.models import KOLADA, Fact, FactSheet, NationalFigure
from facts.services import KPI_PATTERN
from search import indexing

API = "https://api.kolada.se/v2"
COUNTRY = "0000"
TOTAL = "T"
PLACES = Decimal("0.0001")


def source_url(kpi: str, municipality: str, period: int) -> str:
    """The API address of one figure (where it can be checked)."""
    return f"{API}/data/kpi/{kpi}/municipality/{municipality}/year/{period}"


@dataclass(frozen=True)
class Skipped:
    """A value the import left out, and why."""

    reason: str
    kpi: str = ""
    municipality: str = ""
    period: Any = None


@dataclass
class ImportReport:
    """What an import did: figures created, changed and already as they were; sheets
    started; figures for Sweden; and what it skipped, with the reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sheets_created: int = 0
    national: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_by_reason(self) -> Counter[str]:
        return Counter(s.reason for s in self.skipped)


# Reasons a value is skipped (the report counts them by these words).
UNKNOWN_MUNICIPALITY = "unknown municipality"
MISSING_VALUE = "missing value"
STATUS = "status not OK"
NO_TOTAL = "no total (gender T)"
BAD_ROW = "malformed row"


class KoladaFormatError(ValueError):
    """The file is not Kolada API v2 `values` JSON."""


def read_values(payload: Any) -> list[dict[str, Any]]:
    """The rows of a Kolada `values` document, after checking its outer shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaFormatError(
            'Not Kolada API v2 JSON: expected an object with a "values" list, such as '
            '{"values": [{"kpi": "N01951", "municipality": "1980", "period": 2023, '
            '"values": [{"gender": "T", "status": "", "value": 12.3}]}]}.'
        )
    return payload["values"]


def read_file(path: str) -> list[dict[str, Any]]:
    """The rows of a Kolada `values` JSON file."""
    with open(path, encoding="utf-8") as handle:
        try:
            payload = json.load(handle)
        except json.JSONDecodeError as error:
            raise KoladaFormatError(f"{path} is not JSON: {error}") from error
    return read_values(payload)


def fetch_values(
    kpis: Iterable[str], year: int, *, timeout: float = 30.0, opener: Any = None
) -> list[dict[str, Any]]:
    """The year's values of these key figures for every municipality and region, from the
    API, following its `next_page` links."""
    open_url = opener or urllib.request.urlopen
    url: str | None = f"{API}/data/kpi/{','.join(kpis)}/year/{year}"
    rows: list[dict[str, Any]] = []
    while url:
        if not url.startswith(API + "/"):
            raise KoladaFormatError(f"Kolada sent a next page outside its API: {url}")
        with open_url(url, timeout=timeout) as response:  # noqa: S310 - fixed https URL
            payload = json.load(response)
        rows.extend(read_values(payload))
        url = payload.get("next_page")
    return rows


@dataclass(frozen=True)
class _Figure:
    kpi: str
    municipality: str
    period: int
    value: Decimal


def _total(row: dict[str, Any], report: ImportReport) -> _Figure | None:
    kpi, municipality, period = row.get("kpi"), row.get("municipality"), row.get("period")

    def skip(reason: str) -> None:
        report.skipped.append(Skipped(reason, str(kpi or ""), str(municipality or ""), period))

    if (
        not isinstance(kpi, str)
        or not KPI_PATTERN.fullmatch(kpi)
        or not isinstance(municipality, str)
        or not isinstance(period, int)
        or isinstance(period, bool)
        or not 1900 <= period <= 2100
        or not isinstance(row.get("values"), list)
    ):
        skip(BAD_ROW)
        return None
    totals = [v for v in row["values"] if isinstance(v, dict) and v.get("gender") == TOTAL]
    if not totals:
        skip(NO_TOTAL)
        return None
    total = totals[0]
    if total.get("status"):
        skip(f"{STATUS}: {total['status']}")
        return None
    raw = total.get("value")
    if raw is None or isinstance(raw, bool):
        skip(MISSING_VALUE)
        return None
    try:
        value = Decimal(str(raw)).quantize(PLACES)
    except (InvalidOperation, ValueError):
        skip(BAD_ROW)
        return None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 16:
        skip(BAD_ROW)
        return None
    return _Figure(kpi, municipality, period, value)


def _organisations() -> dict[str, int]:
    """Kolada id -> organisation id: municipalities by kommunkod, regions by "00" + länskod."""
    ids: dict[str, int] = {}
    for pk, kind, code in (
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION]
        )
        .exclude(code="")
        .values_list("pk", "kind", "code")
    ):
        ids[code if kind == Organisation.Kind.MUNICIPALITY else f"00{code}"] = pk
    return ids


@transaction.atomic
def kolada_values_import(
    *,
    rows: Iterable[dict[str, Any]],
    labels: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Write Kolada values into the fact sheets of their year (started, public, where there
    is none), one figure per key figure and sheet, marked with the source "Kolada". A
    figure already as Kolada has it is left alone, so a second run changes nothing.
    `labels` names key figures (kpi -> title) for new figures; `progress(n)` is told of
    every n rows read."""
    report = ImportReport()
    labels = labels or {}
    organisations = _organisations()
    figures: dict[tuple[int, str, int], _Figure] = {}
    national: dict[tuple[str, int], Decimal] = {}
    read = 0
    for row in rows:
        read += 1
        if progress is not None and read % 100 == 0:
            progress(100)
        figure = _total(row, report) if isinstance(row, dict) else None
        if figure is None:
            if not isinstance(row, dict):
                report.skipped.append(Skipped(BAD_ROW))
            continue
        if figure.municipality == COUNTRY:
            national[(figure.kpi, figure.period)] = figure.value
        elif figure.municipality in organisations:
            figures[(organisations[figure.municipality], figure.kpi, figure.period)] = figure
        else:
            report.skipped.append(
                Skipped(UNKNOWN_MUNICIPALITY, figure.kpi, figure.municipality, figure.period)
            )
    if progress is not None and read % 100:
        progress(read % 100)

    # Sheets: one query for those there are, one bulk insert for the rest.
    wanted = {(org, period) for org, _kpi, period in figures}
    periods = {period for _org, period in wanted}
    sheets = {
        (s.organisation_id, s.year): s
        for s in FactSheet.objects.filter(
            year__in=periods, organisation_id__in={org for org, _p in wanted}
        )
    }
    new_sheets = [
        FactSheet(organisation_id=org, year=period)
        for org, period in sorted(wanted)
        if (org, period) not in sheets
    ]
    for sheet in FactSheet.objects.bulk_create(new_sheets, batch_size=1000):
        sheets[(sheet.organisation_id, sheet.year)] = sheet
    report.sheets_created = len(new_sheets)
    if new_sheets and any(s.pk is None for s in new_sheets):  # a database without RETURNING
        sheets = {
            (s.organisation_id, s.year): s
            for s in FactSheet.objects.filter(
                year__in=periods, organisation_id__in={org for org, _p in wanted}
            )
        }

    # Figures: one query for those there are; bulk insert and bulk update the rest.
    sheet_ids = [s.pk for s in sheets.values() if (s.organisation_id, s.year) in wanted]
    kpis = {kpi for _org, kpi, _p in figures}
    existing = {
        (f.sheet_id, f.kpi): f for f in Fact.objects.filter(sheet_id__in=sheet_ids, kpi__in=kpis)
    }
    next_order: dict[int, int] = defaultdict(int)
    for sheet_id, top in (
        Fact.objects.filter(sheet_id__in=sheet_ids)
        .order_by()
        .values_list("sheet_id")
        .annotate(top=Max("order"))
    ):
        next_order[sheet_id] = top or 0
    to_create: list[Fact] = []
    to_update: list[Fact] = []
    touched: set[int] = {s.pk for s in new_sheets}
    for (org, kpi, period), figure in sorted(figures.items()):
        sheet = sheets[(org, period)]
        url = source_url(kpi, figure.municipality, period)
        fact = existing.get((sheet.pk, kpi))
        if fact is None:
            next_order[sheet.pk] += 1
            to_create.append(
                Fact(
                    sheet=sheet,
                    label=labels.get(kpi, "")[:200] or kpi,
                    value=figure.value,
                    year=period,
                    source=KOLADA,
                    source_url=url,
                    kpi=kpi,
                    source_kind=Fact.SourceKind.KOLADA,
                    order=next_order[sheet.pk],
                )
            )
            touched.add(sheet.pk)
            continue
        current = (fact.value, fact.year, fact.source, fact.source_url, fact.source_kind)
        if current == (figure.value, period, KOLADA, url, Fact.SourceKind.KOLADA):
            report.unchanged += 1
            continue
        fact.value, fact.year, fact.source, fact.source_url = figure.value, period, KOLADA, url
        fact.source_kind = Fact.SourceKind.KOLADA
        to_update.append(fact)
        touched.add(sheet.pk)
    Fact.objects.bulk_create(to_create, batch_size=1000)
    Fact.objects.bulk_update(
        to_update, ["value", "year", "source", "source_url", "source_kind"], batch_size=1000
    )
    report.created, report.updated = len(to_create), len(to_update)

    # Sweden's figures.
    known = {
        (n.kpi, n.year): n
        for n in NationalFigure.objects.filter(
            kpi__in={k for k, _y in national}, year__in={y for _k, y in national}
        )
    }
    NationalFigure.objects.bulk_create(
        [
            NationalFigure(kpi=k, year=y, value=v)
            for (k, y), v in national.items()
            if (k, y) not in known
        ]
    )
    changed = []
    for key, value in national.items():
        if key in known and known[key].value != value:
            known[key].value = value
            changed.append(known[key])
    NationalFigure.objects.bulk_update(changed, ["value"])
    report.national = len(national)
    if touched:
        # Bulk writes send no model signals: the sheets' search documents are queued here.
        indexing.index_on_commit({"fact": sorted(touched)})
    return report

"""Open data about public ideas: CSV, JSON and Excel exports and publiccode.yml.

Only public ideas are exported; the three exports write the same rows (`export_row`), each
in its own way. publiccode.yml follows the publiccode.yml standard (version 0.4) so
catalogues such as Developers Italia's and the EU's can read it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import yaml
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from hub.csv_cells import csv_cell
from ideas.models import Adoption, Idea, Stage

EXPORT_FIELDS = [
    "id",
    "kind",
    "title",
    "summary",
    "organisation",
    "organisation_name",
    "co_organisations",
    "county",
    "stage",
    "category",
    "tags",
    "target_groups",
    "results",
    "lessons_learned",
    "repository_url",
    "adoption_count",
    "follower_count",
    "created_at",
    "updated_at",
    "url",
]


def export_row(idea: Idea, base_url: str) -> dict[str, Any]:
    """One public idea as a flat record of typed values: lists as lists (the CSV and Excel
    join them with "; "), times as aware datetimes."""
    return {
        "id": idea.pk,
        "kind": idea.kind,
        "title": idea.title,
        "summary": idea.summary,
        "organisation": idea.organisation.slug,
        "organisation_name": idea.organisation.name,
        "co_organisations": [o.slug for o in idea.co_organisations.all()],
        "county": idea.organisation.county_id or "",
        "stage": idea.stage,
        "category": idea.category,
        "tags": [t.name for t in idea.tags.all()],
        "target_groups": [t.name for t in idea.target_groups.all()],
        "results": idea.results,
        "lessons_learned": idea.lessons_learned,
        "repository_url": idea.repository_url,
        "adoption_count": idea.adoption_count,
        "follower_count": idea.follower_count,
        "created_at": idea.created_at,
        "updated_at": idea.updated_at,
        "url": base_url + idea.get_absolute_url(),
    }


def _text_value(value: Any) -> Any:
    """A value for the text formats: times in ISO 8601 with their offset."""
    return value.isoformat() if isinstance(value, datetime) else value


def _csv_value(value: Any) -> Any:
    return csv_cell("; ".join(value) if isinstance(value, list) else _text_value(value))


def export_csv(ideas: Iterable[Idea], base_url: str) -> str:
    """The ideas as CSV with a header row (UTF-8, comma separated, RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for idea in ideas:
        writer.writerow({k: _csv_value(v) for k, v in export_row(idea, base_url).items()})
    return buffer.getvalue()


def export_json(ideas: Iterable[Idea], base_url: str) -> str:
    """The ideas as `{"count": n, "ideas": [...]}`, lists as JSON lists."""
    rows = [{k: _text_value(v) for k, v in export_row(idea, base_url).items()} for idea in ideas]
    return json.dumps(
        {"count": len(rows), "ideas": rows}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _xlsx_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    if isinstance(value, datetime):
        # Excel has no time zones: the time as read in Sweden, to the second.
        local = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
        cell = WriteOnlyCell(sheet, value=local)
        cell.number_format = _XLSX_DATE_FORMAT
        return cell
    if not isinstance(value, str | list):
        return WriteOnlyCell(sheet, value=value)  # numbers stay numbers
    # The CSV's text, and always a string cell: openpyxl would otherwise store text that
    # starts with "=" as a formula. Control characters an .xlsx cannot hold are dropped.
    text = ILLEGAL_CHARACTERS_RE.sub("", _csv_value(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def export_xlsx(ideas: Iterable[Idea], base_url: str) -> bytes:
    """The ideas as an Excel workbook with the CSV's header and rows: numbers as numbers,
    times as dates, text (å, ä, ö as written) that no spreadsheet runs as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ideas")
    sheet.freeze_panes = "A2"
    header = []
    for name in EXPORT_FIELDS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for idea in ideas:
        row = export_row(idea, base_url)
        sheet.append([_xlsx_cell(sheet, row[name]) for name in EXPORT_FIELDS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DEVELOPMENT_STATUS = {
    Stage.TARGET_GROUPS: "concept",
    Stage.INSIGHTS: "concept",
    Stage.ANALYSIS: "concept",
    Stage.CONCEPT: "concept",
    Stage.PROTOTYPE: "development",
    Stage.USER_TEST: "beta",
    Stage.LAUNCH: "stable",
    Stage.FOLLOW_UP: "stable",
    Stage.DISCONTINUED: "obsolete",
}


def publiccode(idea: Idea, base_url: str, adopters: QuerySet[Adoption]) -> dict[str, Any]:
    """The idea's software described in publiccode.yml 0.4; usedBy lists who adopted it."""
    long_description = "\n\n".join(p for p in (idea.summary, idea.body) if p).strip()
    maintenance: dict[str, Any] = {"type": "none"}
    if idea.contact_name:
        contact: dict[str, str] = {"name": idea.contact_name}
        if idea.contact_email:
            contact["email"] = idea.contact_email
        maintenance = {"type": "internal", "contacts": [contact]}
    document: dict[str, Any] = {
        "publiccodeYmlVersion": "0.4",
        "name": idea.title,
        "url": idea.repository_url,
        "landingURL": base_url + idea.get_absolute_url(),
        "platforms": ["web"],
        "developmentStatus": DEVELOPMENT_STATUS[Stage(idea.stage)],
        "softwareType": "standalone/web",
        "description": {
            "sv": {
                "shortDescription": Truncator(idea.summary or idea.title).chars(150),
                "longDescription": long_description or idea.title,
                "features": [t.name for t in idea.tags.all()] or [idea.get_kind_display()],
            }
        },
        "legal": {
            "license": idea.software_licence or "NOASSERTION",
            "mainCopyrightOwner": idea.organisation.name,
            "repoOwner": idea.organisation.name,
        },
        "maintenance": maintenance,
        "localisation": {"localisationReady": False, "availableLanguages": ["sv"]},
        "usedBy": [a.organisation.name for a in adopters],
    }
    return document


def publiccode_yaml(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)

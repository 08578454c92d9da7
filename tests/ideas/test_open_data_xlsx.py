"""Open data as an Excel workbook: `GET /api/v1/ideas/export.xlsx` holds the CSV's header and
rows (public ideas, the list's filters), as a real .xlsx read back with openpyxl: text with
å, ä and ö as written, numbers as numbers, times as dates, and no cell that Excel runs as a
formula."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _sheet(response) -> Worksheet:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content)).active  # type: ignore[return-value]


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]  # type: ignore[arg-type]


def test_xlsx_export_is_an_excel_file_to_download(api, public_idea):
    response = api.get("/api/v1/ideas/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="delahub-ideas.xlsx"'
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_xlsx_export_has_the_csv_header_and_rows(api, public_idea, make_idea):
    make_idea(title="Aktiva seniorer", kind="activity", tags=["hälsa", "äldre"])
    csv_rows = list(csv.reader(io.StringIO(api.get("/api/v1/ideas/export.csv").content.decode())))
    sheet = _sheet(api.get("/api/v1/ideas/export.xlsx"))
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert list(xlsx_rows[0]) == csv_rows[0]  # the same columns, in the same order
    assert len(xlsx_rows) == len(csv_rows) == 3
    for xlsx_row, csv_row in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        record = dict(zip(csv_rows[0], xlsx_row, strict=True))
        expected = dict(zip(csv_rows[0], csv_row, strict=True))
        for column in ("created_at", "updated_at"):
            # The CSV's ISO 8601 time, shown in Swedish time (Excel has no time zones).
            aware = datetime.fromisoformat(expected.pop(column))
            local = aware.astimezone(STOCKHOLM).replace(tzinfo=None, microsecond=0)
            assert record.pop(column) == local
        assert {k: "" if v is None else str(v) for k, v in record.items()} == expected


def test_xlsx_export_keeps_swedish_letters_numbers_and_dates_typed(api, make_idea, owner):
    idea = make_idea(
        title="Återbruk för äldre på öarna",
        summary="Ökad delaktighet – även i Ängelholm",
        tags=["återbruk"],
    )
    sheet = _sheet(api.get("/api/v1/ideas/export.xlsx"))
    (record,) = _records(sheet)
    assert record["title"] == "Återbruk för äldre på öarna"
    assert record["summary"] == "Ökad delaktighet – även i Ängelholm"
    assert record["tags"] == "återbruk"
    assert record["id"] == idea.pk
    assert record["adoption_count"] == 0
    assert sheet["A2"].data_type == "n"
    created = sheet.cell(row=2, column=list(record).index("created_at") + 1)
    assert created.is_date
    assert isinstance(record["created_at"], datetime)
    assert record["created_at"] == idea.created_at.astimezone(STOCKHOLM).replace(
        tzinfo=None, microsecond=0
    )


def test_xlsx_formulas_stay_text_and_are_neutralised_like_the_csv(api, api_as, owner):
    hostile = '=HYPERLINK("http://evil.example/","Klicka här")'
    data = {
        "kind": "activity",
        "title": hostile,
        "summary": "+46 70 123 45 67",
        "results": "\n=cmd|' /C calc'!A0",
        "lessons_learned": " @SUM(A1)",
    }
    assert api_as(owner).post("/api/v1/ideas/", data).status_code == 201
    response = api.get("/api/v1/ideas/export.xlsx")
    sheet = _sheet(response)
    (record,) = _records(sheet)
    csv_record = next(csv.DictReader(io.StringIO(api.get("/api/v1/ideas/export.csv").text)))
    for column in ("title", "summary", "results", "lessons_learned"):
        assert record[column] == csv_record[column]
        assert str(record[column]).startswith("'"), column
    assert record["title"] == "'" + hostile
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # In the file itself: no formula element anywhere (Excel would run one).
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name)
            assert b"<f " not in archive.read(name)


def test_xlsx_export_drops_control_characters_excel_cannot_hold(api, api_as, owner):
    data = {"kind": "activity", "title": "Kontroll", "results": "före\x01\x07efter"}
    assert api_as(owner).post("/api/v1/ideas/", data).status_code == 201
    (record,) = _records(_sheet(api.get("/api/v1/ideas/export.xlsx")))
    assert record["results"] == "föreefter"


def test_xlsx_export_holds_public_ideas_only_even_for_members(
    api_as, public_idea, organisation_idea, draft_idea, colleague, owner
):
    for persona in (colleague, owner):
        records = _records(_sheet(api_as(persona).get("/api/v1/ideas/export.xlsx")))
        assert [r["id"] for r in records] == [public_idea.pk]


def test_xlsx_export_takes_the_list_filters(api, make_idea):
    make_idea(title="A", kind="activity")
    make_idea(title="B")
    records = _records(_sheet(api.get("/api/v1/ideas/export.xlsx?kind=activity")))
    assert [r["title"] for r in records] == ["A"]
    bad = api.get("/api/v1/ideas/export.xlsx?kind=nope")
    assert bad.status_code == 400
    assert "kind" in bad.json()


def test_xlsx_export_of_no_ideas_has_the_header_row(api):
    rows = list(_sheet(api.get("/api/v1/ideas/export.xlsx")).iter_rows(values_only=True))
    assert len(rows) == 1
    assert rows[0][:3] == ("id", "kind", "title")


def test_idea_list_links_the_excel_export_next_to_the_csv(client):
    html = client.get("/ideer/").content.decode()
    csv_link = html.index('href="/api/v1/ideas/export.csv"')
    xlsx_link = html.index('href="/api/v1/ideas/export.xlsx"')
    assert 0 < xlsx_link - csv_link < 300

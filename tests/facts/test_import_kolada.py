"""`manage.py import_kolada`: Kolada API v2 JSON files (written from the documented `values`
shape) into the fact sheets, idempotently, with a progress bar and a report of what it
skipped and why. No network: --fetch is tested with an opener that serves files."""

from __future__ import annotations

import io
import json
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation
from facts import kolada
from facts.models import KOLADA, Fact, FactSheet, NationalFigure
from tests import factories
from tests.facts.conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    factories.ensure_reference_data()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_kolada", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_import_puts_each_figure_in_its_years_sheet_marked_kolada():
    out, _err = run(str(DATA / "kolada_2023.json"), "--labels", str(DATA / "kpi_titles.json"))
    sheet = FactSheet.objects.get(organisation__slug="skinnskatteberg", year=2023)
    assert sheet.visibility == "public"
    facts = {f.kpi: f for f in sheet.facts.all()}
    assert set(facts) == {"N00945", "N00005"}
    over_65 = facts["N00945"]
    assert (over_65.value, over_65.year, over_65.source, over_65.source_kind) == (
        Decimal("31.2"),  # the total (T), not the women's or men's value
        2023,
        KOLADA,
        "kolada",
    )
    assert over_65.label == "Invånare 65 år och äldre, andel (%)"
    assert over_65.source_url.endswith("/data/kpi/N00945/municipality/1904/year/2023")
    assert "4 figures added, 0 changed, 0 already up to date, 3 fact sheets started" in out


def test_county_ids_go_to_the_region_and_0000_to_sweden():
    run(str(DATA / "kolada_2023.json"))
    region = Fact.objects.get(
        sheet__organisation__kind="region", sheet__organisation__code="19", kpi="N00945"
    )
    assert region.value == Decimal("21.4")
    assert NationalFigure.objects.get(kpi="N00945", year=2023).value == Decimal("20.4")


def test_a_second_run_changes_nothing():
    run(str(DATA / "kolada_2023.json"))
    before = list(Fact.objects.order_by("pk").values())
    sheets = list(FactSheet.objects.order_by("pk").values())
    out, _err = run(str(DATA / "kolada_2023.json"))
    assert list(Fact.objects.order_by("pk").values()) == before
    assert list(FactSheet.objects.order_by("pk").values()) == sheets
    assert "0 figures added, 0 changed, 4 already up to date, 0 fact sheets started" in out


def test_a_new_value_updates_the_figure_instead_of_adding_one():
    run(str(DATA / "kolada_2023.json"))
    rows = kolada.read_file(str(DATA / "kolada_2023.json"))
    rows[0]["values"][2]["value"] = 31.9
    report = kolada.kolada_values_import(rows=rows)
    assert (report.created, report.updated) == (0, 1)
    assert Fact.objects.get(
        sheet__organisation__slug="skinnskatteberg", kpi="N00945"
    ).value == Decimal("31.9")


def test_the_report_says_what_was_skipped_and_why():
    out, _err = run(str(DATA / "kolada_2023.json"))
    assert "3 skipped" in out
    assert "skipped (unknown municipality): 1, e.g. N00005 9999 2023" in out
    assert "skipped (missing value): 1, e.g. N00005 2482 2023" in out
    assert "skipped (status not OK: Missing): 1, e.g. N00005 2309 2023" in out
    assert not Fact.objects.filter(sheet__organisation__slug="krokom").exists()


def test_malformed_rows_are_skipped_not_fatal():
    factories.ensure_reference_data()
    report = kolada.kolada_values_import(
        rows=[
            {"kpi": "N00945", "municipality": "1904", "period": "2023", "values": []},
            {
                "kpi": "N00945",
                "municipality": "1904",
                "period": 2023,
                "values": [{"gender": "K", "value": 1}],
            },
            "not a row",  # type: ignore[list-item]
        ]
    )
    assert report.skipped_by_reason() == {"malformed row": 2, "no total (gender T)": 1}
    assert not Fact.objects.exists()


def test_the_command_shows_a_progress_bar():
    _out, err = run(str(DATA / "kolada_2023.json"))
    assert "Kolada" in err and "8/8" in err


def test_a_file_that_is_not_kolada_json_is_refused_with_the_shape_it_needs():
    with pytest.raises(CommandError, match='expected an object with a "values" list'):
        run(str(DATA / "not_kolada.json"))
    with pytest.raises(CommandError, match="Name one or more Kolada JSON files"):
        run()


def test_fetch_follows_the_apis_next_page_links():
    first = json.loads((DATA / "kolada_2023.json").read_text())
    second = json.loads((DATA / "kolada_2022.json").read_text())
    pages = {
        f"{kolada.API}/data/kpi/N00945,N00005/year/2023": {
            **first,
            "next_page": f"{kolada.API}/data/kpi/N00945,N00005/year/2023?page=2",
        },
        f"{kolada.API}/data/kpi/N00945,N00005/year/2023?page=2": second,
    }
    asked: list[str] = []

    def opener(url: str, timeout: float) -> io.BytesIO:
        asked.append(url)
        return io.BytesIO(json.dumps(pages[url]).encode())

    rows = kolada.fetch_values(["N00945", "N00005"], 2023, opener=opener)
    assert len(rows) == 11 and len(asked) == 2


def test_a_year_for_290_municipalities_and_50_key_figures_imports_within_a_minute():
    factories.ensure_reference_data()
    codes = list(Organisation.objects.filter(kind="municipality").values_list("code", flat=True))
    assert len(codes) == 290
    rows = [
        {
            "kpi": f"N{k:05d}",
            "municipality": code,
            "period": 2023,
            "values": [{"gender": "T", "status": "", "value": k + i / 10}],
        }
        for k in range(1, 51)
        for i, code in enumerate(codes)
    ]
    started = time.perf_counter()
    report = kolada.kolada_values_import(rows=rows)
    took = time.perf_counter() - started
    assert report.created == 290 * 50 and report.sheets_created == 290
    assert took < 60, f"{took:.1f} s"
    again = kolada.kolada_values_import(rows=rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 290 * 50)

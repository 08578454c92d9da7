#!/usr/bin/env python3
"""Facts benchmark: 20 years of fact sheets for every municipality (and the regions and
Sweden, to compare with), then

- `manage.py import_kolada`'s import (facts.kolada.kolada_values_import) of one year's file
  for all 290 municipalities and 50 key figures, first run and a second (idempotent) run,
  including queueing and indexing the sheets' search documents (goal: under a minute);
- the fact page /organisationer/{slug}/fakta/ through the full request cycle (test client)
  as a visitor and as a member, newest year and an old one: p50/p95 (goal p95 <= 50 ms) and
  the SQL queries per page (goal: the same for a municipality with 1 year as with 20).

Not a test: nothing asserts. Besides wall-clock times it reports CPU time per request.

    .venv/bin/python bench/facts.py                       # 20 years x 10 key figures
    .venv/bin/python bench/facts.py --years 5 --kpis 5 --requests 20
    DATABASE_URL=postgres://… .venv/bin/python bench/facts.py
The last line is `BENCH_RESULT {json}` for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, setup_django  # noqa: E402

FIRST_YEAR = 2005


def kolada_rows(codes: list[str], kpis: int, year: int, rng: random.Random) -> list[dict]:
    """One year of Kolada API v2 `values` rows for these ids and key figures N00001…"""
    return [
        {
            "kpi": f"N{k:05d}",
            "municipality": code,
            "period": year,
            "values": [
                {"gender": "T", "status": "", "value": round(rng.uniform(0, 100), 1)},
                {"gender": "K", "status": "", "value": round(rng.uniform(0, 100), 1)},
            ],
        }
        for k in range(1, kpis + 1)
        for code in codes
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--years", type=int, default=20, help="years of history (default 20)")
    parser.add_argument("--kpis", type=int, default=10, help="key figures per year of history")
    parser.add_argument("--import-kpis", type=int, default=50, help="key figures imported")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()

    setup_django(args.workdir, prefix="facts-", database="facts.sqlite3")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm

    from accounts.models import Membership, Organisation, User
    from facts import kolada
    from facts.models import Fact, FactSection, FactSheet

    # Index in the importing thread, right after its commit: the import's time includes it.
    settings.SEARCH_INDEX_IN_BACKGROUND = False
    rng = random.Random(args.seed)
    municipalities = list(
        Organisation.objects.filter(kind="municipality").values_list("code", flat=True)
    )
    regions = [
        f"00{code}"
        for code in Organisation.objects.filter(kind="region").values_list("code", flat=True)
    ]
    codes = municipalities + regions + [kolada.COUNTRY]
    last = FIRST_YEAR + args.years - 1
    done = set(FactSheet.objects.values_list("year", flat=True).distinct())
    for year in tqdm(range(FIRST_YEAR, last + 1), desc="Generating years", unit=" years"):
        if year not in done:
            kolada.kolada_values_import(rows=kolada_rows(codes, args.kpis, year, rng))
    # A few sections of text on every sheet, as a knowledge base has.
    if not FactSection.objects.exists():
        FactSection.objects.bulk_create(
            [
                FactSection(
                    sheet_id=pk, title=title, text=f"**{title}**: en text om läget.", order=i
                )
                for pk in FactSheet.objects.values_list("pk", flat=True)
                for i, title in enumerate(("Befolkning", "Folkhälsa", "Ungas psykiska hälsa"))
            ],
            batch_size=2000,
        )

    result: dict[str, object] = {
        "benchmark": "facts: import_kolada and the fact page",
        "database": connection.vendor,
        "years": args.years,
        "history_kpis": args.kpis,
    }
    # The import of a year's file: 290 municipalities x 50 key figures (and regions, Sweden).
    year = last + 1
    rows = kolada_rows(municipalities, args.import_kpis, year, rng)
    FactSheet.objects.filter(year=year).delete()
    for run in ("first", "second"):
        started = time.perf_counter()
        report = kolada.kolada_values_import(rows=rows)
        took = time.perf_counter() - started
        result[f"import_{run}_s"] = round(took, 2)
        result[f"import_{run}_created"] = report.created
        result[f"import_{run}_unchanged"] = report.unchanged
        print(
            f"  import ({run} run): {len(rows):,} values in {took:.2f} s: {report.created} "
            f"added, {report.updated} changed, {report.unchanged} unchanged"
        )
    result["import_values"] = len(rows)
    result["facts"] = Fact.objects.count()
    result["sheets"] = FactSheet.objects.count()

    # One municipality with a single year: the query count must not grow with the years.
    single = Organisation.objects.get(slug="ale")
    FactSheet.objects.filter(organisation=single).exclude(year=year).delete()
    member = User.objects.filter(email="member@skelleftea.example").first()
    if member is None:
        member = User.objects.create_user("member@skelleftea.example", "bench-password-123")
        Membership.objects.create(
            user=member, organisation=Organisation.objects.get(slug="skelleftea")
        )
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    cases = {
        "page_newest_anonymous": (anonymous, "/organisationer/skelleftea/fakta/", {}),
        "page_newest_member": (signed_in, "/organisationer/skelleftea/fakta/", {}),
        "page_old_year_anonymous": (
            anonymous,
            "/organisationer/skelleftea/fakta/",
            {"year": str(FIRST_YEAR)},
        ),
        "page_one_year_anonymous": (anonymous, "/organisationer/ale/fakta/", {}),
        "api_sheets_year_anonymous": (
            anonymous,
            "/api/v1/organisations/skelleftea/facts/",
            {"year": str(year)},
        ),
    }

    def fetch(client: Client, path: str, params: dict[str, str]) -> bytes:
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:300]
        return bytes(response.content)

    print(f"\n{result['sheets']} sheets, {result['facts']} facts")
    for name, (client, path, params) in cases.items():
        for _ in range(5):
            fetch(client, path, params)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            body = fetch(client, path, params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch(client, path, params)
        result[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
        result[f"{name}_cpu_p95_ms"] = round(percentile(cpu, 95), 1)
        result[f"{name}_queries"] = len(queries.captured_queries)
        result[f"{name}_bytes"] = len(body)
        print(
            f"  {name:28} p50 {result[f'{name}_p50_ms']:>7} ms  p95 {result[f'{name}_p95_ms']:>7} ms"
            f"  (CPU p95 {result[f'{name}_cpu_p95_ms']})  {len(queries.captured_queries)} queries"
            f"  {len(body):,} bytes"
        )
    print("BENCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Proposals benchmark: the citizen proposal list (GET /api/v1/proposals/, unfiltered and
filtered by municipality, county and status, and the /forslag/ page) over N proposals
(default 100,000) spread over every municipality, through the full request cycle (test
client: middleware, the visibility rule, the filters, serialisation), as an anonymous
visitor and as a member of a municipality. Prints p50/p95 per request (goal: p95 <= 50 ms)
and the SQL queries per request (goal: the same with 1 proposal as with N). Not a test:
nothing asserts. Besides wall-clock times it reports the process's CPU time per request.

    .venv/bin/python bench/proposals.py                  # 100,000 proposals, SQLite
    .venv/bin/python bench/proposals.py --n 5000 --requests 40
    DATABASE_URL=postgres://… .venv/bin/python bench/proposals.py
The last line is `BENCH_RESULT {json}` for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="proposals (default 100000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()

    setup_django(args.workdir, prefix="proposals-", database="proposals.sqlite3")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from tqdm import tqdm

    from accounts.models import Membership, Organisation, User
    from proposals.models import Proposal, Status

    rng = random.Random(args.seed)
    municipalities = list(Organisation.objects.filter(kind="municipality"))
    authors = [
        User.objects.filter(email=f"resident{i}@bench.example").first()
        or User.objects.create_user(f"resident{i}@bench.example", "bench-password-123")
        for i in range(50)
    ]
    member = User.objects.filter(email="member@skelleftea.example").first()
    skelleftea = Organisation.objects.get(slug="skelleftea")
    if member is None:
        member = User.objects.create_user("member@skelleftea.example", "bench-password-123")
        Membership.objects.create(user=member, organisation=skelleftea)
    now = timezone.now()
    existing = Proposal.objects.count()
    with tqdm(total=max(0, args.n - existing), desc="Generating proposals", unit=" rows") as bar:
        made = existing
        while made < args.n:
            batch, dates = [], []
            for i in range(min(5000, args.n - made)):
                created = now - datetime.timedelta(days=rng.uniform(0, 2000))
                dates.append(created)
                status = rng.choice([Status.SUBMITTED, Status.CONSIDERING] + [Status.ANSWERED] * 2)
                answered = status == Status.ANSWERED
                hidden = rng.random() < 0.01
                batch.append(
                    Proposal(
                        organisation=rng.choice(municipalities),
                        author=rng.choice(authors),
                        show_name=rng.random() < 0.3,
                        title=f"Förslag {made + i}",
                        body="Ett förslag från en invånare.",
                        body_html="<p>Ett förslag från en invånare.</p>",
                        status=status,
                        answer_kind=rng.choice(["accepted", "declined"]) if answered else "",
                        answer="Svar." if answered else "",
                        answer_html="<p>Svar.</p>" if answered else "",
                        answered_at=created + datetime.timedelta(days=rng.uniform(1, 120))
                        if answered
                        else None,
                        withdrawn_at=now if rng.random() < 0.02 and not answered else None,
                        hidden_at=now if hidden else None,
                        me_too_count=rng.randint(0, 40),
                    )
                )
            # created_at is auto_now_add: set afterwards, so the list order is realistic.
            rows = Proposal.objects.bulk_create(batch)
            for row, created in zip(rows, dates, strict=True):
                row.created_at = created
            Proposal.objects.bulk_update(rows, ["created_at"], batch_size=1000)
            made += len(batch)
            bar.update(len(batch))
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    county = skelleftea.county_id or "24"
    cases = {
        "api_list_anonymous": (anonymous, "/api/v1/proposals/", {}),
        "api_list_member": (signed_in, "/api/v1/proposals/", {}),
        "api_list_municipality": (anonymous, "/api/v1/proposals/", {"organisation": "krokom"}),
        "api_list_county_status": (
            anonymous,
            "/api/v1/proposals/",
            {"county": county, "status": "answered"},
        ),
        "api_list_member_filtered": (
            signed_in,
            "/api/v1/proposals/",
            {"organisation": "skelleftea", "status": "submitted"},
        ),
        "page_forslag_anonymous": (anonymous, "/forslag/", {}),
        "page_forslag_filtered": (anonymous, "/forslag/", {"county": county, "status": "answered"}),
    }

    def fetch(client: Client, path: str, params: dict[str, str]) -> bytes:
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:300]
        return bytes(response.content)

    result: dict[str, object] = {
        "benchmark": "proposals: the citizen proposal list",
        "proposals": Proposal.objects.count(),
        "database": connection.vendor,
    }
    print(f"\n{result['proposals']} proposals on {connection.vendor}")
    for name, (client, path, params) in cases.items():
        for _ in range(5):
            fetch(client, path, params)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            fetch(client, path, params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch(client, path, params)
        result[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
        result[f"{name}_cpu_p95_ms"] = round(percentile(cpu, 95), 1)
        result[f"{name}_queries"] = len(queries.captured_queries)
        print(
            f"  {name:28} p50 {result[f'{name}_p50_ms']:>7} ms  p95 {result[f'{name}_p95_ms']:>7} ms"
            f"  (CPU p95 {result[f'{name}_cpu_p95_ms']})  {len(queries.captured_queries)} queries"
        )
    print("BENCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

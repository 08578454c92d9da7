#!/usr/bin/env python3
"""API benchmark: the idea list endpoint (20 rows a page) over N public ideas (default
100,000) in a throwaway database, through the full Django request cycle (test client:
middleware, authentication, filtering, pagination, serialisation, JSON rendering), against
the same 20 rows read with `.values()` and dumped with `json.dumps` — the floor any API over
this table pays. Prints requests/s, p50/p95 for both, their ratio (goal >= 0.6) and the
number of SQL queries per page for 20 rows and for 1 row (goal: the same). Not a test:
nothing asserts timings.

    .venv/bin/python bench/api.py                 # 100,000 ideas, SQLite in a temp dir
    .venv/bin/python bench/api.py --n 20000 --requests 200
    DATABASE_URL=postgres://… .venv/bin/python bench/api.py

The last line is `BENCH_RESULT {json}` for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_author, generate_ideas, percentile, setup_django  # noqa: E402

WORDS = [
    "e-tjänst för bygglov",
    "ledighetsansökan",
    "sophämtningsabonnemang",
    "trygghetslarm",
    "skolskjuts",
    "felanmälan",
    "färdtjänst",
    "medborgardialog",
    "bostadsanpassning",
    "matsedel i skolan",
]
GROUPS = ["Äldre", "Vårdnadshavare", "Elever", "Företagare", "Invånare"]
TAGS = ["e-tjänst", "självservice", "mobil", "tillgänglighet", "samverkan"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="public ideas (default 100000)")
    parser.add_argument("--requests", type=int, default=300, help="timed pages per side")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()

    setup_django(args.workdir, prefix="api-", database="api.sqlite3")
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection
    from django.db.models.signals import m2m_changed, post_save
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import Organisation
    from ideas.models import Category, Idea, Stage, Tag, TargetGroup

    # Generating 100,000 rows is set-up, not what is measured: bulk inserts without the
    # search index signals (search has its own benchmark).
    post_save.receivers, m2m_changed.receivers = [], []
    rng = random.Random(args.seed)
    organisations = list(Organisation.objects.filter(kind="municipality"))
    author = bench_author()
    tags = [Tag.objects.get_or_create(name=t, defaults={"slug": t})[0] for t in TAGS]
    groups = [
        TargetGroup.objects.get_or_create(name=g, defaults={"slug": g.lower()})[0] for g in GROUPS
    ]
    now = timezone.now()

    def idea(number: int) -> Idea:
        subject = rng.choice(WORDS)
        body = f"Vi bygger en enklare {subject}. Invånarna har varit med från början."
        return Idea(
            kind=rng.choice(["service_concept", "activity"]),
            title=f"{subject.capitalize()} {number}",
            summary=f"Kortare väg till {subject} för invånare och handläggare.",
            body=body,
            body_html=f"<p>{body}</p>",
            organisation=rng.choice(organisations),
            category=rng.choice(Category.values),
            stage=rng.choice(Stage.values[:8]),
            visibility="public",
            created_by=author,
            links=[{"title": "Prototyp", "url": "https://example.se/p"}],
        )

    def tag_and_date(first: int, created: list[Idea]) -> None:
        Idea.tags.through.objects.bulk_create(
            [Idea.tags.through(idea_id=x.pk, tag_id=rng.choice(tags).pk) for x in created]
        )
        Idea.target_groups.through.objects.bulk_create(
            [
                Idea.target_groups.through(idea_id=x.pk, targetgroup_id=rng.choice(groups).pk)
                for x in created
            ]
        )
        for offset, x in enumerate(created):  # spread over the past like real ideas
            x.created_at = now - timedelta(minutes=first + offset)
        Idea.objects.bulk_update(created, ["created_at"])

    generate_ideas(args.n, Idea.objects.filter(visibility="public").count(), idea, tag_and_date)
    total = Idea.objects.filter(visibility="public").count()
    pages = max(1, min(total // 20, 5000))
    client = Client()

    def api_page(page: int) -> bytes:
        response = client.get("/api/v1/ideas/", {"page": page})
        assert response.status_code == 200, response.content[:300]
        return response.content

    fields = [
        "id", "kind", "title", "summary", "body", "body_html", "organisation__slug",
        "stage", "visibility", "category", "links", "adoption_count", "follower_count",
        "comment_count", "created_at", "updated_at",
    ]  # fmt: skip

    def values_page(page: int) -> bytes:
        rows = list(
            Idea.objects.visible_to(None)
            .order_by("-created_at", "-id")
            .values(*fields)[(page - 1) * 20 : page * 20]
        )
        return json.dumps({"count": total, "results": rows}, cls=DjangoJSONEncoder).encode()

    def timed(fetch, order: list[int]) -> list[float]:  # type: ignore[no-untyped-def]
        times = []
        for page in order:
            started = time.perf_counter()
            fetch(page)
            times.append((time.perf_counter() - started) * 1000)
        return times

    order = [rng.randint(1, pages) for _ in range(args.requests)]
    for page in order[:20]:  # warm both paths (connections, caches, imports)
        api_page(page), values_page(page)
    api_ms, values_ms = [], []
    for half in (order[: len(order) // 2], order[len(order) // 2 :]):  # interleaved halves
        api_ms += timed(api_page, half)
        values_ms += timed(values_page, half)

    # Detail, not the goal: the same comparison at the first and at the deepest page, since
    # the random pages' mean hides that the two paths scale differently with the offset.
    depth = {}
    for name, page in (("first", 1), ("last", pages)):
        depth[name] = (
            percentile(timed(api_page, [page] * 20), 50),
            percentile(timed(values_page, [page] * 20), 50),
        )

    with CaptureQueriesContext(connection) as twenty:
        api_page(1)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/ideas/", {"page_size": 1})
    result = {
        "benchmark": "api: idea list, 20 rows",
        "ideas": total,
        "database": connection.vendor,
        "api_rps": round(1000 / statistics.mean(api_ms), 1),
        "api_p50_ms": round(percentile(api_ms, 50), 2),
        "api_p95_ms": round(percentile(api_ms, 95), 2),
        "values_rps": round(1000 / statistics.mean(values_ms), 1),
        "values_p50_ms": round(percentile(values_ms, 50), 2),
        "values_p95_ms": round(percentile(values_ms, 95), 2),
        "ratio": round(statistics.mean(values_ms) / statistics.mean(api_ms), 2),
        "api_first_page_p50_ms": round(depth["first"][0], 2),
        "values_first_page_p50_ms": round(depth["first"][1], 2),
        "api_last_page_p50_ms": round(depth["last"][0], 2),
        "values_last_page_p50_ms": round(depth["last"][1], 2),
        "queries_20_rows": len(twenty.captured_queries),
        "queries_1_row": len(one.captured_queries),
    }
    print(f"\nidea list, {total} public ideas, {args.requests} random pages each")
    print(
        f"  API     {result['api_rps']:>8} req/s  p50 {result['api_p50_ms']} ms  p95 {result['api_p95_ms']} ms"
    )
    print(
        f"  values  {result['values_rps']:>8} req/s  p50 {result['values_p50_ms']} ms  p95 {result['values_p95_ms']} ms"
    )
    print(f"  ratio API/values (req/s) {result['ratio']}  (goal >= 0.6)")
    for name, page in (("first", 1), ("last", pages)):
        api_p50, values_p50 = depth[name]
        print(
            f"  page {page} ({name}) p50: API {api_p50:.2f} ms, values {values_p50:.2f} ms"
            f" (ratio {values_p50 / api_p50:.2f})"
        )
    print(
        f"  queries per page: {result['queries_20_rows']} for 20 rows, {result['queries_1_row']} for 1 row"
    )
    print("BENCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

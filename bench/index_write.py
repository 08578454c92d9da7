#!/usr/bin/env python3
"""Write latency when a write re-indexes: N ideas indexed in a throwaway database, then
PATCH /api/v1/ideas/<id>/ (a new title) through the DRF test client, R times on ideas picked
at random. Prints p50/p95 of the write itself and of the time until its document is indexed
("indexed after": the queue of documents waiting to be indexed is empty again; each title is
then checked to be searchable). Not a test: nothing asserts timings.

Each write waits until the previous one is indexed and then pauses 20 ms (a person who
edits, then reads), so the numbers are those of a write on an idle site; `--burst` sends the
writes back to back instead, as a busy site would, and reports the time until the last of
them is indexed.

    .venv/bin/python bench/index_write.py --n 3000
    DATABASE_URL=postgres://… .venv/bin/python bench/index_write.py --n 3000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, setup_django  # noqa: E402

SUBJECTS = ["bygglov", "hemtjänst", "förskola", "skolskjuts", "bibliotek", "snöröjning"]
GROUPS = ["äldre", "vårdnadshavare", "elever", "företagare", "invånare"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=3000, help="ideas to index (default 3000)")
    parser.add_argument("--writes", type=int, default=200, help="PATCH requests (default 200)")
    parser.add_argument("--burst", action="store_true", help="send the writes back to back")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the SQLite database here")
    args = parser.parse_args()

    os.environ["THROTTLE_USER"] = os.environ["THROTTLE_WRITE"] = "100000000/minute"
    workdir = setup_django(args.workdir, prefix="delahub-bench-", database="bench.sqlite3")
    from django.db import connection
    from rest_framework.test import APIClient

    from accounts.models import Membership, Organisation, User
    from ideas.models import Idea
    from search import services
    from search.models import DirtyDocument

    rng = random.Random(args.seed)
    organisation = Organisation.objects.get(slug="skelleftea")
    author = User.objects.filter(email="bench-writer@example.se").first()
    if author is None:
        author = User.objects.create_user("bench-writer@example.se", "bench-password-123")
        Membership.objects.create(user=author, organisation=organisation)
    missing = args.n - Idea.objects.count()
    if missing > 0:
        Idea.objects.bulk_create(
            Idea(
                kind="service_concept",
                title=f"{rng.choice(SUBJECTS).capitalize()} för {rng.choice(GROUPS)}",
                summary="Vi vill göra det enklare för invånarna.",
                body="Tjänsten testades med invånare i tre omgångar.",
                organisation=organisation,
                created_by=author,
                visibility="public",
            )
            for _ in range(missing)
        )
    indexed = services.reindex_all()
    print(f"indexed {indexed} documents")
    ids = list(Idea.objects.values_list("pk", flat=True))
    client = APIClient()
    client.force_authenticate(author)

    def searchable(title: str) -> bool:
        hits = services.search_query(user=author, q=f'"{title}"', page_size=5).hits
        return any(hit.title == title for hit in hits)

    def wait_indexed(since: float) -> float:
        """Milliseconds from `since` until nothing waits to be indexed."""
        deadline = since + 60
        while DirtyDocument.objects.exists():
            if time.perf_counter() > deadline:
                raise SystemExit("documents still waiting to be indexed after 60 s")
            time.sleep(0.002)
        return (time.perf_counter() - since) * 1000

    def patch(i: int) -> tuple[str, float, float]:
        title = f"Ändrad rubrik nummer {i} xq{i}"
        t0 = time.perf_counter()
        response = client.patch(f"/api/v1/ideas/{rng.choice(ids)}/", {"title": title})
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, response.content[:300]
        return title, t0, elapsed

    for i in range(5):  # warm-up
        title, t0, _ = patch(100_000 + i)
        wait_indexed(t0)
    write_ms: list[float] = []
    visible_ms: list[float] = []
    started = time.perf_counter()
    if args.burst:
        last = ""
        for i in range(args.writes):
            last, _, elapsed = patch(i)
            write_ms.append(elapsed)
        visible_ms.append(wait_indexed(started))
        assert searchable(last), last
    else:
        for i in range(args.writes):
            title, t0, elapsed = patch(i)
            write_ms.append(elapsed)
            visible_ms.append(wait_indexed(t0))
            assert searchable(title), title
            time.sleep(0.02)
    w50, w95 = percentile(write_ms, 50), percentile(write_ms, 95)
    mode = "burst" if args.burst else "one at a time"
    print(f"{args.writes} PATCHes ({mode}) on {connection.vendor}, {indexed} documents")
    print(f"write             p50 {w50:7.2f} ms   p95 {w95:7.2f} ms")
    if args.burst:
        print(f"all indexed after {visible_ms[0]:.0f} ms (from the first write)")
    else:
        v50, v95 = percentile(visible_ms, 50), percentile(visible_ms, 95)
        print(f"indexed after     p50 {v50:7.2f} ms   p95 {v95:7.2f} ms")
    print(f"work directory (delete when done): {workdir}")
    result = {
        "benchmark": f"index after write ({mode})",
        "documents": indexed,
        "database": connection.vendor,
        "write_p50_ms": round(w50, 2),
        "write_p95_ms": round(w95, 2),
        "indexed_after_ms": [round(percentile(visible_ms, p), 2) for p in (50, 95)],
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

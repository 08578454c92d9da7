#!/usr/bin/env python3
"""Search benchmark: N realistic Swedish ideas in a throwaway database, indexed, then a fixed
query mix sent through the search API (Django test client, full request cycle) and straight
to the backend. Prints p50/p95 for both and their ratio. Not a test: nothing asserts timings.

    .venv/bin/python bench/search.py --n 100000          # SQLite file in a temporary directory
    DATABASE_URL=postgres://… .venv/bin/python bench/search.py --n 20000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_author, generate_ideas, percentile, setup_django  # noqa: E402

SUBJECTS = [
    "e-tjänst",
    "ansökan",
    "bygglov",
    "sophämtning",
    "sophämtningsabonnemang",
    "ledighetsansökan",
    "äldreomsorg",
    "hemtjänst",
    "förskola",
    "skolskjuts",
    "bibliotek",
    "simhall",
    "parkering",
    "felanmälan",
    "trygghetslarm",
    "färdtjänst",
    "vattenmätare",
    "snöröjning",
    "medborgardialog",
    "kulturskola",
    "fritidsgård",
    "bredband",
    "serviceplan",
    "servicepunkt",
    "matsedel",
    "bostadsanpassning",
    "försörjningsstöd",
    "vigsel",
    "avfallsinsamling",
    "elevhälsa",
]
VERBS = [
    "Digital",
    "Enklare",
    "Ny",
    "Samordnad",
    "Mobil",
    "Tillgänglig",
    "Självservice för",
    "Smart",
]
GROUPS = [
    "äldre",
    "vårdnadshavare",
    "elever",
    "företagare",
    "nyanlända",
    "seniorer",
    "invånare",
    "personal",
]
SENTENCES = [
    "Vi har intervjuat {g} för att förstå behoven kring {s}.",
    "Tjänsten gör det möjligt att hantera {s} utan att ringa kommunen.",
    "Prototypen testades med {g} i tre omgångar och ändrades efter varje test.",
    "Erfarenheterna visar att {s} blir enklare när {g} får vara med från början.",
    "Kommunen samarbetar med grannkommuner om {s} för att dela kostnader.",
    "Resultatet blev färre samtal till kundtjänsten och nöjdare {g}.",
    "Nästa steg är att införa tjänsten för {s} i hela kommunen.",
    "Lärdomar: börja smått, testa tidigt och låt {g} avgöra vad som fungerar.",
]
QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    ("tjänster", {}),
    ("ansökningar", {}),
    ("abonnemang", {}),
    ('"digital ansökan"', {}),
    ("äldre hemtjänst", {}),
    ("aldre", {}),
    ("förskola OR skolskjuts", {}),
    ("bygglov -parkering", {}),
    ("trygghetslarm seniorer", {}),
    ("", {"county": ["24"]}),
    ("snöröjning", {"kind": ["activity"]}),
    ("felanmälan", {"category": ["environment", "planning"]}),
]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="ideas to generate (default 100000)")
    parser.add_argument("--rounds", type=int, default=20, help="times each query runs (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the SQLite database here and reuse the ideas already generated in it",
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="skip reindexing when the index already holds every idea (same code version only)",
    )
    args = parser.parse_args()

    workdir = setup_django(args.workdir, prefix="delahub-bench-", database="bench.sqlite3")
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from tqdm import tqdm

    from accounts.models import Organisation
    from ideas.models import Category, Idea, Stage
    from search import services, thesaurus
    from search.backends.base import SearchQuery

    rng = random.Random(args.seed)
    organisations = list(Organisation.objects.filter(kind="municipality"))
    author = bench_author()
    now = timezone.now()

    def idea(_number: int) -> Idea:
        subject, group = rng.choice(SUBJECTS), rng.choice(GROUPS)
        body = " ".join(
            rng.choice(SENTENCES).format(s=rng.choice(SUBJECTS), g=rng.choice(GROUPS))
            for _ in range(rng.randint(3, 7))
        )
        return Idea(
            kind=rng.choice(["service_concept", "activity"]),
            title=f"{rng.choice(VERBS)} {subject} för {group}",
            summary=rng.choice(SENTENCES).format(s=subject, g=group),
            body=body,
            body_html=f"<p>{body}</p>",
            organisation=rng.choice(organisations),
            category=rng.choice(Category.values),
            stage=rng.choice([s for s in Stage.values if s != "discontinued"]),
            visibility=rng.choices(["public", "organisation", "draft"], [85, 10, 5])[0],
            created_by=author,
            adoption_count=rng.choice([0, 0, 0, 1, 2, 5]),
        )

    generate_ideas(args.n, Idea.objects.count(), idea)
    backend = services.get_backend()
    if args.reuse_index and backend.count() >= Idea.objects.count():
        print(f"reusing the index of {backend.count()} documents")
    else:
        Idea.objects.update(created_at=now)  # one moment; ordering ties fall back to id
        started = time.perf_counter()
        with tqdm(desc="Indexing", unit=" documents") as bar:
            indexed = services.reindex_all(progress=bar)
        index_seconds = time.perf_counter() - started
        print(f"indexed {indexed} documents in {index_seconds:.1f} s")

    client = Client()
    access = ("public",)
    api_times: list[float] = []
    engine_times: list[float] = []
    per_query: dict[str, tuple[list[float], list[float]]] = {}
    counts = {}
    for q, filters in QUERIES:  # warm-up, and the counts for the record
        counts[q or str(filters)] = backend.search(
            SearchQuery(q=q, filters=filters, access=access, thesaurus=thesaurus.current())
        ).count
        client.get("/api/v1/search/", {"q": q, **filters})
    for _ in range(args.rounds):
        for q, filters in QUERIES:
            label = q or str(filters)
            t0 = time.perf_counter()
            response = client.get("/api/v1/search/", {"q": q, **filters})
            api_times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content[:300]
            t0 = time.perf_counter()
            # What the service hands the engine: the query, the access and the thesaurus.
            backend.search(
                SearchQuery(q=q, filters=filters, access=access, thesaurus=thesaurus.current())
            )
            engine_times.append((time.perf_counter() - t0) * 1000)
            mine = per_query.setdefault(label, ([], []))
            mine[0].append(api_times[-1])
            mine[1].append(engine_times[-1])
    print("query counts:", counts)
    print(f"{'query':32} {'matches':>8} {'API p50':>8} {'p95':>7} {'engine p50':>10} {'p95':>7}")
    for label, (api, engine) in per_query.items():
        print(
            f"{label:32} {counts[label]:8} {percentile(api, 50):8.2f} {percentile(api, 95):7.2f} "
            f"{percentile(engine, 50):10.2f} {percentile(engine, 95):7.2f}"
        )
    api50, api95 = percentile(api_times, 50), percentile(api_times, 95)
    eng50, eng95 = percentile(engine_times, 50), percentile(engine_times, 95)
    print(f"queries: {len(QUERIES)} × {args.rounds} rounds, anonymous (public access)")
    print(
        f"API     p50 {api50:7.2f} ms   p95 {api95:7.2f} ms   mean {statistics.fmean(api_times):7.2f} ms"
    )
    print(
        f"engine  p50 {eng50:7.2f} ms   p95 {eng95:7.2f} ms   mean {statistics.fmean(engine_times):7.2f} ms"
    )
    print(f"ratio API/engine: p50 {api50 / eng50:.2f}   p95 {api95 / eng95:.2f}")
    # What the API adds to the same query (each API request minus the engine call after it).
    added = [a - e for a, e in zip(api_times, engine_times, strict=True)]
    print(
        f"API minus engine, same query: p50 {percentile(added, 50):.2f} ms   p95 {percentile(added, 95):.2f} ms"
    )
    added50 = percentile(added, 50)
    goal = 20 if connection.vendor == "sqlite" else 50
    print(
        f"goals (100k ideas): API p95 <= {goal} ms on {connection.vendor}: "
        f"{'met' if api95 <= goal else 'NOT met'}; API adds <= 5 ms p50: "
        f"{'met' if added50 <= 5 else 'NOT met'}"
    )
    print(f"work directory (delete when done): {workdir}")
    result = {
        "benchmark": f"search: {connection.vendor}, query mix",
        "ideas": args.n,
        "database": connection.vendor,
        "api_p50_ms": round(api50, 2),
        "api_p95_ms": round(api95, 2),
        "engine_p50_ms": round(eng50, 2),
        "engine_p95_ms": round(eng95, 2),
        "ratio_p95": round(api95 / eng95, 2),
        "added_p50_ms": round(added50, 2),
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)  # for bench/run_all.py
    return 0


if __name__ == "__main__":
    sys.exit(main())

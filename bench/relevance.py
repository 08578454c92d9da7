#!/usr/bin/env python3
"""Search relevance on a judged set: the ideas in bench/relevance/ideas.yaml are created as
public ideas in a throwaway database, indexed, and every query in bench/relevance/queries.yaml
goes through the search API (Django test client, anonymous, type=idea, page_size=20).
Prints per query category and overall nDCG@10, recall@20 and MRR, and how many of the
"nothing" queries returned nothing. Not a test: no threshold is asserted.

    .venv/bin/python bench/relevance.py                  # SQLite FTS5, temporary directory
    DATABASE_URL=postgres://… .venv/bin/python bench/relevance.py
                      # PostgreSQL: a throwaway database on that server, dropped afterwards
    ELASTICSEARCH_URL=http://… .venv/bin/python bench/relevance.py
                      # Elasticsearch: a throwaway index alias, deleted afterwards
    .venv/bin/python bench/relevance.py --verbose        # top 5 and misses per query
    .venv/bin/python bench/relevance.py --json           # the whole result as JSON on stdout

nDCG@10: gains 2^grade − 1 discounted by log2(rank + 1), divided by the same sum over the
judged grades in their best order. recall@20: share of the judged ideas (grade ≥ 1) among the
first 20 results. MRR: mean of 1 / rank of the first result graded 2 or 3 (0 when none is in
the first 20). "nothing" queries have no judged idea and count only as returned-nothing.

The judged set, its records and its checks: bench/relevance_set.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import sys
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NotRequired, TypedDict
from urllib.parse import urlsplit

from relevance_set import CATEGORIES, IdeaRecord, QueryRecord, load_set, project_set_problems

HERE = Path(__file__).resolve().parent
NDCG_AT = 10
RECALL_AT = 20
VERBOSE_TOP = 5
AUTHOR_EMAIL = "relevance@example.se"


class QueryResult(TypedDict):
    q: str
    category: str
    count: int
    ndcg10: float | None
    recall20: float | None
    rr: float | None
    top: list[tuple[str, int]]
    missed: list[str]
    status: int
    notes: NotRequired[dict[str, Any]]  # what search said about the query (the API's "query")


# --- Metrics -------------------------------------------------------------------------------


def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades, start=1))


def ndcg(ranked: Sequence[str], relevant: Mapping[str, int], k: int = NDCG_AT) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg([relevant.get(key, 0) for key in ranked[:k]]) / ideal if ideal else 0.0


def recall(ranked: Sequence[str], relevant: Mapping[str, int], k: int = RECALL_AT) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Mapping[str, int], minimum: int = 2) -> float:
    for rank, key in enumerate(ranked, start=1):
        if relevant.get(key, 0) >= minimum:
            return 1 / rank
    return 0.0


def score(query: QueryRecord, ranked: list[str], count: int, status: int) -> QueryResult:
    relevant = query["relevant"]
    judged = bool(relevant)
    return {
        "q": query["q"],
        "category": query["category"],
        "count": count,
        "ndcg10": ndcg(ranked, relevant) if judged else None,
        "recall20": recall(ranked, relevant) if judged else None,
        "rr": reciprocal_rank(ranked, relevant) if judged else None,
        "top": [(key, relevant.get(key, 0)) for key in ranked[:NDCG_AT]],
        "missed": sorted(
            (key for key in relevant if key not in ranked[:RECALL_AT]),
            key=lambda key: (-relevant[key], key),
        ),
        "status": status,
    }


def _mean(values: Sequence[float | None]) -> float:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else 0.0


def summarise(results: Sequence[QueryResult]) -> dict[str, Any]:
    """Per category and overall means; overall leaves the nothing queries out."""
    categories: dict[str, dict[str, Any]] = {}
    for category in CATEGORIES:
        mine = [r for r in results if r["category"] == category]
        if category == "nothing":
            empty = sum(1 for r in mine if r["count"] == 0)
            categories[category] = {
                "queries": len(mine),
                "returned_nothing": empty,
                "returned_nothing_share": round(empty / len(mine), 4) if mine else 0.0,
            }
        else:
            categories[category] = {
                "queries": len(mine),
                "ndcg10": _mean([r["ndcg10"] for r in mine]),
                "recall20": _mean([r["recall20"] for r in mine]),
                "mrr": _mean([r["rr"] for r in mine]),
            }
    judged = [r for r in results if r["category"] != "nothing"]
    overall = {
        "queries": len(judged),
        "ndcg10": _mean([r["ndcg10"] for r in judged]),
        "recall20": _mean([r["recall20"] for r in judged]),
        "mrr": _mean([r["rr"] for r in judged]),
    }
    errors = [r["q"] for r in results if r["status"] != 200]
    return {"overall": overall, "categories": categories, "errors": errors}


# --- The engine under test -----------------------------------------------------------------


@contextlib.contextmanager
def throwaway_postgres(url: str) -> Iterator[None]:
    """Point DATABASE_URL at a new database on the same server and drop it afterwards, so a
    run never meets the data of another run (or of the database it was given)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "delahub"
    name = f"{base}_relevance_{uuid.uuid4().hex[:8]}"[:63]
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        os.environ["DATABASE_URL"] = url


@contextlib.contextmanager
def throwaway_elasticsearch_alias(url: str) -> Iterator[None]:
    """Index under an alias of this run's own, searchable at once; deleted afterwards."""
    prefix = f"delahub-relevance-{uuid.uuid4().hex[:10]}"
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = prefix
    os.environ["ELASTICSEARCH_REFRESH"] = "true"
    try:
        yield
    finally:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(url)
        for index in client.indices.get(index=f"{prefix}*").body:
            client.indices.delete(index=index)


def backend_name() -> str:
    if os.environ.get("ELASTICSEARCH_URL"):
        return "elasticsearch"
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "postgresql"
    return "sqlite"


def create_ideas(ideas: Sequence[IdeaRecord]) -> dict[int, str]:
    """Create every idea as a public idea of its organisation through the ideas service;
    returns idea id -> key."""
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from ideas.models import Idea
    from ideas.services import idea_create

    organisations = {o.slug: o for o in Organisation.objects.all()}
    author = User.objects.create_user(AUTHOR_EMAIL, f"relevance-{uuid.uuid4().hex}")
    Membership.objects.bulk_create(
        Membership(user=author, organisation=organisations[slug], role=Membership.Role.MEMBER)
        for slug in sorted({idea["organisation"] for idea in ideas})
    )
    author = User.objects.get(pk=author.pk)  # membership is cached on the user object
    keys: dict[int, str] = {}
    for idea in ideas:
        created = idea_create(
            actor=author,
            organisation=organisations[idea["organisation"]],
            kind=idea["kind"],
            title=idea["title"],
            summary=idea["summary"],
            body=idea["body"],
            category=idea["category"],
            stage=idea["stage"],
            visibility=Idea.Visibility.PUBLIC,
            tags=idea["tags"],
        )
        keys[created.pk] = idea["key"]
    # One moment for all: ties in score are then broken by id, not by how fast this ran.
    Idea.objects.update(created_at=timezone.now())
    return keys


def run_queries(queries: Sequence[QueryRecord], keys: Mapping[int, str]) -> list[QueryResult]:
    from django.test import Client

    client = Client()
    results = []
    for query in queries:
        params: dict[str, str | int] = {"q": query["q"], "type": "idea", "page_size": RECALL_AT}
        response = client.get("/api/v1/search/", params)
        ranked: list[str] = []
        notes: dict[str, Any] = {}
        count = 0
        if response.status_code == 200:
            body = response.json()
            count = int(body["count"])
            ranked = [keys.get(hit["id"], f"?{hit['id']}") for hit in body["results"]]
            notes = body.get("query") or {}
        result = score(query, ranked, count, response.status_code)
        result["notes"] = {k: v for k, v in notes.items() if v and k != "expanded"}
        results.append(result)
    return results


# --- Report --------------------------------------------------------------------------------


def report(summary: Mapping[str, Any], results: Sequence[QueryResult], *, verbose: bool) -> None:
    if verbose:
        for r in results:
            metrics = (
                f"nDCG@10 {r['ndcg10']:.3f}  recall@20 {r['recall20']:.2f}  RR {r['rr']:.2f}"
                if r["ndcg10"] is not None
                else "nothing query"
            )
            status = "" if r["status"] == 200 else f"  HTTP {r['status']}"
            print(f"\n[{r['category']}] {r['q']!r}: {r['count']} results  {metrics}{status}")
            top = ", ".join(f"{key} ({grade})" for key, grade in r["top"][:VERBOSE_TOP])
            print(f"  top {VERBOSE_TOP}: {top or '—'}")
            if r.get("notes"):
                print(f"  search said: {r['notes']}")
            if r["missed"]:
                print(f"  missed (not in the first {RECALL_AT}): {', '.join(r['missed'])}")
        print()
    print(f"{'category':15} {'queries':>7} {'nDCG@10':>8} {'recall@20':>10} {'MRR':>6}")
    for category, row in summary["categories"].items():
        if category == "nothing":
            continue
        print(
            f"{category:15} {row['queries']:7} {row['ndcg10']:8.3f} {row['recall20']:10.3f} "
            f"{row['mrr']:6.3f}"
        )
    overall = summary["overall"]
    print(
        f"{'overall':15} {overall['queries']:7} {overall['ndcg10']:8.3f} "
        f"{overall['recall20']:10.3f} {overall['mrr']:6.3f}"
    )
    nothing = summary["categories"]["nothing"]
    print(
        f"nothing queries that returned nothing: {nothing['returned_nothing']} of "
        f"{nothing['queries']} ({nothing['returned_nothing_share']:.0%})"
    )
    if summary["errors"]:
        print(f"queries answered with an error (scored as no results): {summary['errors']}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="top 5 and misses per query")
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    args = parser.parse_args()

    ideas, queries = load_set()
    backend = backend_name()
    url = os.environ.get("DATABASE_URL", "")
    database = (
        throwaway_postgres(url)
        if url.startswith(("postgres://", "postgresql://"))
        else contextlib.nullcontext()
    )
    engine = (
        throwaway_elasticsearch_alias(os.environ["ELASTICSEARCH_URL"])
        if backend == "elasticsearch"
        else contextlib.nullcontext()
    )
    workdir: Path | None = None
    # With --json, stdout carries the JSON document alone; everything else goes to stderr.
    chatter = contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext()
    try:
        with database, engine, chatter:
            sys.path.insert(0, str(HERE))
            from common import setup_django

            workdir = setup_django(
                None,
                prefix="delahub-relevance-",
                database="relevance.sqlite3",
                elasticsearch=backend == "elasticsearch",
            )
            from django.core.management import call_command

            problems = project_set_problems(ideas, queries)
            if problems:
                print("The judged set has problems:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 2
            print(f"search backend: {backend}; {len(ideas)} ideas, {len(queries)} queries")
            keys = create_ideas(ideas)
            call_command("search_reindex", "--no-progress")
            results = run_queries(queries, keys)
            summary = summarise(results)
            # The ideas' writes woke this process's indexing thread: it ends before the
            # database and its files go (or it meets them gone, with a traceback).
            from search.indexing import index_worker_stop

            index_worker_stop()
            if not args.json:
                report(summary, results, verbose=args.verbose)
    finally:
        if workdir is not None:  # Django is set up: let go of the database, then the files
            from django.db import connections

            connections.close_all()
            shutil.rmtree(workdir, ignore_errors=True)
    document = {
        "benchmark": f"relevance: {backend}",
        "backend": backend,
        "ideas": len(ideas),
        **summary,
        "queries": results,
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    line = {
        "benchmark": f"relevance: {backend}",
        "queries": summary["overall"]["queries"],
        "ndcg10": summary["overall"]["ndcg10"],
        "recall20": summary["overall"]["recall20"],
        "mrr": summary["overall"]["mrr"],
        "nothing_empty": summary["categories"]["nothing"]["returned_nothing_share"],
        **{
            f"ndcg10_{category}": row["ndcg10"]
            for category, row in summary["categories"].items()
            if category != "nothing"
        },
    }
    print("BENCH_RESULT " + json.dumps(line), flush=True)  # for bench/run_all.py
    return 0


if __name__ == "__main__":
    sys.exit(main())

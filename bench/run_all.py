#!/usr/bin/env python3
"""`make bench`: every benchmark, one summary table, results appended to docs/benchmarks.md.

Each benchmark is its own script (run alone for details, see its docstring) and ends with a
`BENCH_RESULT {json}` line; this runner collects those lines, prints one table and appends a
dated section (commit, machine, the exact command) to docs/benchmarks.md.

    .venv/bin/python bench/run_all.py              # full sizes (slow: tens of minutes)
    .venv/bin/python bench/run_all.py --quick      # small sizes, to check the suite runs
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"

# (script, full-size arguments, quick arguments)
SUITE: list[tuple[str, list[str], list[str]]] = [
    ("bench/search.py", [], ["--n", "5000", "--rounds", "3"]),  # then on PostgreSQL too
    ("bench/api.py", [], ["--n", "5000", "--requests", "60"]),
    ("bench/maps.py", [], ["--n", "5000", "--places", "500", "--requests", "20"]),
    ("bench/facts.py", [], ["--years", "5", "--kpis", "5", "--requests", "20"]),
    ("bench/proposals.py", [], ["--n", "5000", "--requests", "20"]),
    (
        "bench/dialogues.py",
        [],
        ["--n", "2000", "--requests", "20", "--clients", "100", "--posts", "5"],
    ),
    ("bench/meetings.py", [], ["--people", "50", "--capacity", "10", "--requests", "10"]),
    ("bench/ws_fanout.py", [], ["--clients", "200", "--posts", "10"]),
    ("bench/ws_idle.py", [], ["--connections", "500", "--rounds", "3", "--churn", "100"]),
]
SEARCH = "bench/search.py"


@contextlib.contextmanager
def postgresql() -> Iterator[str]:
    """DATABASE_URL of a PostgreSQL to benchmark on: the one set in the environment, else a
    throwaway cluster on a free loopback port (the test runner's, scripts/run_tests.py)."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        yield os.environ["DATABASE_URL"]
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    import run_tests
    from servers import PostgreSQL

    run_tests.ensure_packages()
    base = Path(tempfile.mkdtemp(prefix="delahub-bench-pg-"))
    os.chmod(base, 0o755)  # noqa: S103 - the postgres user must reach its cluster inside
    server = PostgreSQL(base)
    try:
        url = server.start().rsplit("/", 1)[0]
        import psycopg

        with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE delahub_bench")
        yield f"{url}/delahub_bench"
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


# Search relevance on the judged set (bench/relevance/), once per search backend.
RELEVANCE = "bench/relevance.py"
# What each result is judged by: key, comparison, goal (relevance: none, it is a measurement).
GOALS: dict[str, list[tuple[str, str, float]]] = {
    # The embedded backend (SQLite) within 20 ms, PostgreSQL within 50 ms and 3× SQLite,
    # the API adding at most 5 ms p50 to the engine (issue 14).
    "search": [("api_p95_ms", "<=", 20.0), ("added_p50_ms", "<=", 5.0)],
    "search-postgresql": [("api_p95_ms", "<=", 50.0), ("added_p50_ms", "<=", 5.0)],
    "search-ratio": [("postgresql_over_sqlite_p95", "<=", 3.0)],
    "api": [("ratio", ">=", 0.6)],
    "proposals": [
        (f"{case}_p95_ms", "<=", 50.0)
        for case in ("api_list_anonymous", "api_list_member", "api_list_county_status")
    ],
    "ws_fanout": [("p99_ms", "<=", 200.0)],
    "dialogues_live": [("p99_ms", "<=", 200.0)],
    "dialogues": [
        ("page_anonymous_p95_ms", "<=", 100.0),
        ("geojson_anonymous_p95_ms", "<=", 100.0),
        ("summary_anonymous_p95_ms", "<=", 100.0),
    ],
    # 200 people registering for one meeting at once: never overbooked (true = 1).
    "meetings": [("never_overbooked", ">=", 1.0)],
    "ws_idle": [("rss_mib_total", "<=", 1536.0), ("churn_growth_pct", "<=", 5.0)],
}


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "diff", "--quiet"], cwd=ROOT).returncode != 0
    return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def relevance_environments() -> list[tuple[str, dict[str, str]]]:
    """The search backends besides PostgreSQL this environment offers, each with the
    environment that selects it: SQLite always; Elasticsearch when ELASTICSEARCH_URL is set."""
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    found = [("SQLite", base)]
    # PostgreSQL: run next to the scale benchmark, on the same server (see main()).
    if os.environ.get("ELASTICSEARCH_URL"):
        found.append(
            ("Elasticsearch", {**base, "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"]})
        )
    return found


def run(
    script: str, args: list[str], env: dict[str, str] | None = None
) -> tuple[list[dict[str, object]], str]:
    """Run one benchmark; its output streams through, its BENCH_RESULT lines are returned."""
    command = [sys.executable, script, *args]
    print(f"\n=== {' '.join(command)}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, env=env
    )
    results = []
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith("BENCH_RESULT "):
            results.append(json.loads(line.removeprefix("BENCH_RESULT ")))
    code = process.wait()
    status = f"exit {code} after {time.monotonic() - started:.0f} s"
    if code != 0 or not results:
        status += "" if results else ", no BENCH_RESULT line"
    return results, status


def verdicts(result: dict[str, object]) -> list[str]:
    name = str(result.get("benchmark", ""))
    kind = name.split(":")[0]
    if name.startswith("search: postgresql"):
        kind = "search-postgresql"
    lines = []
    for key, op, goal in GOALS.get(kind, []):
        value = result.get(key)
        if not isinstance(value, int | float):
            continue
        ok = value <= goal if op == "<=" else value >= goal
        lines.append(f"{key} {value} (goal {op} {goal}): {'met' if ok else 'NOT met'}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the suite runs")
    parser.add_argument(
        "--no-write", action="store_true", help="do not append to docs/benchmarks.md"
    )
    args = parser.parse_args()

    rows: list[tuple[str, dict[str, object] | None, str]] = []
    for script, full, quick in SUITE:
        results, status = run(script, quick if args.quick else full)
        rows.extend((script, r, status) for r in results) if results else rows.append(
            (script, None, status)
        )
        if script == SEARCH and results:
            # The same scale benchmark on PostgreSQL, in the same run, and how they compare.
            with postgresql() as url:
                pg_env = {**os.environ, "DATABASE_URL": url}
                pg_results, pg_status = run(script, quick if args.quick else full, pg_env)
                # Relevance on PostgreSQL too (bench/relevance.py makes its own database).
                print("\n--- search relevance on PostgreSQL", flush=True)
                rel_results, rel_status = run(RELEVANCE, [], pg_env)
            rows.extend(
                (RELEVANCE, r, rel_status) for r in rel_results
            ) if rel_results else rows.append((f"{RELEVANCE} (PostgreSQL)", None, rel_status))
            rows.extend((script, r, pg_status) for r in pg_results) if pg_results else rows.append(
                (f"{script} (PostgreSQL)", None, pg_status)
            )
            if pg_results:
                ratio = float(pg_results[0]["api_p95_ms"]) / float(results[0]["api_p95_ms"])  # type: ignore[arg-type]
                rows.append(
                    (
                        script,
                        {
                            "benchmark": "search-ratio: PostgreSQL / SQLite, API p95",
                            "postgresql_over_sqlite_p95": round(ratio, 2),
                        },
                        "computed",
                    )
                )
    for label, env in relevance_environments():
        print(f"\n--- search relevance on {label}", flush=True)
        results, status = run(RELEVANCE, [], env)
        rows.extend((RELEVANCE, r, status) for r in results) if results else rows.append(
            (f"{RELEVANCE} ({label})", None, status)
        )

    table = ["| benchmark | result | goals | run |", "|---|---|---|---|"]
    for script, result, status in rows:
        if result is None:
            table.append(f"| `{script}` | — | — | {status} |")
            continue
        shown = ", ".join(f"{k} {v}" for k, v in result.items() if k != "benchmark")
        table.append(
            f"| {result.get('benchmark', script)} | {shown} | {'; '.join(verdicts(result)) or '—'} | {status} |"
        )
    print("\n" + "\n".join(table))
    if not args.no_write:
        command = "make bench" if not args.quick else ".venv/bin/python bench/run_all.py --quick"
        section = [
            "",
            f"## `{command}` — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"- Commit {commit()} · machine: {machine()}",
            f"- Command: `{command}` (each line's script can be run alone for details)",
            "",
            *table,
            "",
        ]
        with DOC.open("a", encoding="utf-8") as doc:
            doc.write("\n".join(section))
        print(f"\nAppended to {DOC.relative_to(ROOT)}")
    return 0 if all(result is not None for _, result, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

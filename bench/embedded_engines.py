#!/usr/bin/env python3
"""The embedded search engine, decided on evidence (issue 14): the project's columnar store
and tantivy (tantivy-py) on the same generated Swedish ideas and the same query mix.

Both engines get identical documents (same generator, same seed: the vocabulary of
bench/search.py, plus target groups and an access token per document) and identical queries
(parsed by search.text.parse_query; the words stemmed by the same Snowball Swedish
algorithm). Measured per engine and size: full build time, index size on disk, the time to
re-index one changed idea until a search sees it, and engine latency p50/p95 of a fixed
query mix run by an anonymous caller and by a member (access tokens public + org + user),
each query with its exact total, the top 20 with snippets, and the counts of all seven facets
over the whole match set. Not a test: nothing asserts timings. Totals and facet counts are
written to a JSON file per run so that the two engines' answers can be compared.

tantivy is not a dependency of the project: run that half in a virtualenv of its own
(the project's .venv stays as it is). The columnar half needs the project's venv (Django as
a library: a throwaway SQLite file, or the database of DATABASE_URL; no project code changes):

    python3 -m venv /tmp/tantivy-venv
    /tmp/tantivy-venv/bin/pip install tantivy==0.27.0 numpy snowballstemmer
    /tmp/tantivy-venv/bin/python bench/embedded_engines.py --engine tantivy --n 20000 100000
    .venv/bin/python bench/embedded_engines.py --engine columnar --n 20000
    .venv/bin/python bench/embedded_engines.py --engine columnar --n 100000
    DATABASE_URL=postgres://…/db .venv/bin/python bench/embedded_engines.py --engine columnar --n 20000

(The columnar engine takes one --n per run: each run starts from an empty database.)

The parts: embedded_corpus.py (documents, queries, callers), embedded_columnar.py and
embedded_tantivy.py (the engines); this script times them and writes the results.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The repository root first: the script's own folder holds bench/search.py, which would
# otherwise shadow the `search` package.
sys.path.insert(0, str(ROOT))

from common import percentile  # noqa: E402
from embedded_columnar import COLUMNAR_TABLES, Columnar  # noqa: E402
from embedded_corpus import CALLERS, QUERIES, changed, generate, label_of  # noqa: E402
from embedded_tantivy import (  # noqa: E402
    Tantivy,
    crash_check,
    other_process_checks,
    stemmer_check,
)

from search.backends.base import SearchDocument  # noqa: E402

# --- Running -------------------------------------------------------------------------------------


@contextlib.contextmanager
def realtime(enabled: bool) -> Any:
    """SCHED_FIFO priority 10 for this thread (and the threads and processes it starts) while
    timing, as `chrt --fifo 10` does for docs/benchmarks.md: on a machine shared with other
    jobs it measures the engine, not the queue for a core. Builds run at normal priority."""
    if not enabled:
        yield
        return
    policy, param = os.sched_getscheduler(0), os.sched_getparam(0)
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    try:
        yield
    finally:
        os.sched_setscheduler(0, policy, param)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return (time.perf_counter() - t0) * 1000, value


def run_mix(engine: Any, rounds: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    times: dict[str, list[float]] = {}
    answers: dict[str, Any] = {}
    for q, filters in QUERIES:  # warm-up, and the answers for the record
        for caller, access in CALLERS.items():
            answer = engine.search(q, filters, access)
            answers[f"{caller}: {label_of(q, filters)}"] = dataclasses.asdict(answer)
    for _ in range(rounds):
        for q, filters in QUERIES:
            for caller, access in CALLERS.items():
                ms, _answer = timed(lambda q=q, f=filters, a=access: engine.search(q, f, a))
                times.setdefault(f"{caller}: {label_of(q, filters)}", []).append(ms)
    return times, answers


def summary_line(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):7.2f} ms  p95 {percentile(values, 95):7.2f} ms  "
        f"mean {statistics.fmean(values):7.2f} ms"
    )


def measure(engine: Any, docs: Sequence[SearchDocument], args: argparse.Namespace) -> dict:
    n = len(docs)
    print(f"\n=== {engine.name} ({engine.vendor}), {n:,} documents ===", flush=True)
    build_ms, _ = timed(lambda: engine.build(docs))
    print(f"build: {build_ms / 1000:.1f} s", flush=True)
    sizes = size_groups(engine.name, engine.size())
    total_size = sum(sizes.values())
    print(f"size on disk: {total_size / 1e6:.1f} MB  {sizes}", flush=True)
    if engine.name == "tantivy":
        print(f"segments after build: {engine.segments()}")
    with realtime(args.fifo):
        engine.prepare_writes()
        return _timed_part(engine, docs, args, build_ms, sizes)


def size_groups(engine: str, sizes: dict[str, int]) -> dict[str, int]:
    """tantivy: bytes per kind of file. Columnar: the columnar store proper, the documents
    (text for hits, access and target-group rows) and the FTS5 tables (phrases, suggest,
    similar); the search app's other tables (thesaurus, dirty list) are left out."""
    if engine == "tantivy":
        return sizes
    groups = {"columnar store": 0, "documents": 0, "fts5 / tsvector": 0}
    for table, size in sizes.items():
        if table.startswith(COLUMNAR_TABLES):
            groups["columnar store"] += size
        elif table in ("search_document", "search_access", "search_target_group"):
            groups["documents"] += size
        elif table.startswith(("search_fts", "search_tri")):
            groups["fts5 / tsvector"] += size
    return groups


def _timed_part(
    engine: Any,
    docs: Sequence[SearchDocument],
    args: argparse.Namespace,
    build_ms: float,
    sizes: dict[str, int],
) -> dict:
    n = len(docs)
    total_size = sum(sizes.values())
    times, answers = run_mix(engine, args.rounds)
    every = [t for values in times.values() for t in values]
    print(f"{'query':58} {'matches':>8} {'p50':>7} {'p95':>7}")
    for label, values in times.items():
        print(
            f"{label:58} {answers[label]['count']:8} {percentile(values, 50):7.2f} "
            f"{percentile(values, 95):7.2f}"
        )
    print(f"mix ({len(QUERIES)} queries × {len(CALLERS)} callers × {args.rounds}): "
          + summary_line(every))  # fmt: skip
    inexact = [label for label, a in answers.items() if not a["exact"]]
    if inexact:
        print(f"facet counts the engine does not call exact: {inexact}")

    # Writes: one changed idea at a time, until a search sees it.
    rng = random.Random(7)
    picks = [docs[rng.randrange(n)] for _ in range(args.updates)]
    update_ms = []
    for k, doc in enumerate(picks):
        new = changed(doc, k)
        ms, _ = timed(lambda new=new: engine.update(new))
        update_ms.append(ms)
        seen = engine.search(f"ändrad{k}", {}, ("public", *doc.access))
        assert seen.count == 1 and seen.top == [doc.id], (k, seen.count, seen.top)
    print(f"update one idea (write + commit + visible), {len(update_ms)}×: "
          + summary_line(update_ms))  # fmt: skip
    result: dict[str, Any] = {
        "engine": engine.name,
        "vendor": engine.vendor,
        "documents": n,
        "build_s": round(build_ms / 1000, 1),
        "size_bytes": total_size,
        "size_parts": sizes,
        "mix_p50_ms": round(percentile(every, 50), 2),
        "mix_p95_ms": round(percentile(every, 95), 2),
        "per_query_p95_ms": {k: round(percentile(v, 95), 2) for k, v in times.items()},
        "update_p50_ms": round(percentile(update_ms, 50), 2),
        "update_p95_ms": round(percentile(update_ms, 95), 2),
    }
    if engine.name == "tantivy":
        own = []
        for k, doc in enumerate(picks[: max(5, args.updates // 3)]):
            new = changed(doc, 1000 + k)
            ms, _ = timed(lambda new=new: engine.update_own_writer(new))
            own.append(ms)
        print("update with a writer of its own (take the lock, write, commit, release): "
              + summary_line(own))  # fmt: skip
        result["update_own_writer_p50_ms"] = round(percentile(own, 50), 2)
        result["update_own_writer_p95_ms"] = round(percentile(own, 95), 2)
        result["segments_after_updates"] = engine.segments()
        checks = other_process_checks(engine, docs, 5)
        checks.update(crash_check(engine, docs[3].id))
        checks.update(stemmer_check(engine.t, docs))
        print(f"another process: {checks}")
        result.update(checks)
        after, _ = run_mix(engine, max(3, args.rounds // 5))
        after_all = [t for values in after.values() for t in values]
        print(f"mix after the updates ({engine.segments()} segments): " + summary_line(after_all))
        result["mix_after_updates_p95_ms"] = round(percentile(after_all, 95), 2)
    else:
        after, _ = run_mix(engine, max(3, args.rounds // 5))
        after_all = [t for values in after.values() for t in values]
        print("mix after the updates: " + summary_line(after_all))
        result["mix_after_updates_p95_ms"] = round(percentile(after_all, 95), 2)
    result["size_after_updates_bytes"] = sum(size_groups(engine.name, engine.size()).values())
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.answers:
        out = args.answers / f"{engine.name}-{engine.vendor.split()[0]}-{n}.json"
        out.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True))
        print(f"answers written to {out}")
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engine", choices=["tantivy", "columnar"], required=True)
    parser.add_argument("--n", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--rounds", type=int, default=20, help="times each query runs")
    parser.add_argument("--updates", type=int, default=30, help="single-idea updates timed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the index here (default: temporary)")
    parser.add_argument("--answers", type=Path, help="write totals and facet counts here")
    parser.add_argument(
        "--fifo", action="store_true", help="time at real-time priority (root; see realtime())"
    )
    args = parser.parse_args()
    if args.engine == "columnar" and len(args.n) > 1:
        parser.error("the columnar engine takes one --n per run (each starts from an empty store)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="delahub-engines-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.answers:
        args.answers.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, work directory {workdir}")
    started = time.perf_counter()
    docs = generate(max(args.n), args.seed)
    print(f"generated {len(docs):,} documents in {time.perf_counter() - started:.1f} s")
    engine: Any = Tantivy(workdir) if args.engine == "tantivy" else Columnar(workdir)
    try:
        for n in sorted(args.n):
            measure(engine, docs[:n], args)
    finally:
        engine.close()
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

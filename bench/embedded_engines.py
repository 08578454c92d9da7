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
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import importlib.util
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# The repository root first: the script's own folder holds bench/search.py, which would
# otherwise shadow the `search` package.
sys.path.insert(0, str(ROOT))

from search import text  # noqa: E402
from search.backends.base import FACETS, SearchDocument  # noqa: E402


def _load_bench_module(name: str) -> Any:
    """A module of bench/ by file (bench/search.py is not importable as `search`)."""
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


_search_bench = _load_bench_module("search")
_common = _load_bench_module("common")
percentile: Callable[[list[float], float], float] = _common.percentile

# --- The documents ---------------------------------------------------------------------------

# ideas.models.Category and Stage (without "discontinued"), copied: importing them needs Django.
CATEGORIES = [
    "care",
    "education",
    "environment",
    "safety",
    "democracy",
    "culture",
    "planning",
    "business",
    "administration",
    "digital",
    "other",
]
STAGES = [
    "target_groups",
    "insights",
    "analysis",
    "concept",
    "prototype",
    "user_test",
    "launch",
    "follow_up",
]
TARGET_GROUPS = [  # slug, name
    ("aldre", "Äldre"),
    ("vardnadshavare", "Vårdnadshavare"),
    ("elever", "Elever"),
    ("foretagare", "Företagare"),
    ("nyanlanda", "Nyanlända"),
    ("seniorer", "Seniorer"),
    ("invanare", "Invånare"),
    ("personal", "Personal"),
    ("personer-med-funktionsnedsattning", "Personer med funktionsnedsättning"),
    ("unga", "Unga"),
]
AUTHORS = 2_000
BASE_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if c.isascii())).strip("-")


def municipalities() -> list[tuple[int, str, str, str]]:
    """(organisation id, slug, name, county code) of the 290 municipalities."""
    import csv

    with (ROOT / "accounts" / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (i + 1, f"{_slug(r['name'])}-{r['code']}", r["name"], r["county_code"])
        for i, r in enumerate(rows)
    ]


def generate(n: int, seed: int) -> list[SearchDocument]:
    """N ideas as search documents, the way bench/search.py makes them (same sentences and
    words), with 0 to 3 target groups, the organisation's and groups' names in the text as
    search.documents.idea_document puts them, and access tokens as idea_access gives them:
    85 % public, 10 % organisation ("org:<id>"), 5 % drafts ("user:<author>")."""
    rng = random.Random(seed)
    orgs = municipalities()
    subjects, verbs = _search_bench.SUBJECTS, _search_bench.VERBS
    groups, sentences = _search_bench.GROUPS, _search_bench.SENTENCES
    docs = []
    for i in range(n):
        pk = i + 1
        subject, group = rng.choice(subjects), rng.choice(groups)
        body = " ".join(
            rng.choice(sentences).format(s=rng.choice(subjects), g=rng.choice(groups))
            for _ in range(rng.randint(3, 7))
        )
        org_id, org_slug, org_name, county = rng.choice(orgs)
        targets = rng.sample(TARGET_GROUPS, rng.choice([0, 1, 1, 2, 2, 3]))
        visibility = rng.choices(["public", "organisation", "draft"], [85, 10, 5])[0]
        access = {
            "public": ("public",),
            "organisation": (f"org:{org_id}",),
            "draft": (f"user:{rng.randint(1, AUTHORS)}",),
        }[visibility]
        created = BASE_TIME + datetime.timedelta(minutes=pk)
        docs.append(
            SearchDocument(
                type="idea",
                id=pk,
                idea_id=pk,
                title=f"{rng.choice(verbs)} {subject} för {group}",
                summary=rng.choice(sentences).format(s=subject, g=group),
                body=" ".join([body, *(name for _s, name in targets), org_name]),
                url=f"/ideas/{pk}/",
                access=access,
                created_at=created,
                updated_at=created,
                kind=rng.choice(["service_concept", "activity"]),
                stage=rng.choice(STAGES),
                organisation=org_slug,
                organisation_name=org_name,
                county=county,
                category=rng.choice(CATEGORIES),
                target_groups=tuple(s for s, _name in targets),
                adoption_count=rng.choice([0, 0, 0, 1, 2, 5]),
            )
        )
    return docs


def changed(doc: SearchDocument, k: int) -> SearchDocument:
    """The document after an edit: a new word in its title (`ändrad<k>`), a new stage."""
    return dataclasses.replace(
        doc,
        title=f"{doc.title} ändrad{k}",
        stage=STAGES[(STAGES.index(doc.stage) + 1) % len(STAGES)],
        updated_at=doc.updated_at + datetime.timedelta(days=1),
    )


# --- The query mix ----------------------------------------------------------------------------

#: bench/search.py's twelve queries, and two more: a plain word, two filters at once.
QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    *_search_bench.QUERIES,
    ("bibliotek", {}),
    ("simhall", {"target_group": ["seniorer"], "stage": ["prototype", "launch"]}),
]
#: Who asks: anonymous (public only), and a member of organisation 1 who is also author 7.
CALLERS: dict[str, tuple[str, ...]] = {
    "anonymous": ("public",),
    "member": ("public", "org:1", "user:7"),
}
PAGE = 20


@dataclasses.dataclass
class Answer:
    count: int
    facets: dict[str, dict[str, int]]  # facet -> value -> count
    top: list[int]  # ids of the page, in order
    exact: bool = True  # whether the engine says its facet counts are exact


def label_of(q: str, filters: dict[str, list[str]]) -> str:
    if not filters:
        return q
    extra = " ".join(f"{k}={','.join(v)}" for k, v in filters.items())
    return f"{q} {extra}".strip()


# --- Engine: the columnar store (the project's DatabaseBackend) -------------------------------


class Columnar:
    """search.backends.database.DatabaseBackend, through Django used as a library."""

    name = "columnar"

    def __init__(self, workdir: Path) -> None:
        _common.setup_django(workdir, prefix="delahub-engines-", database="engines.sqlite3")
        from django.db import connection

        from search.backends.base import SearchQuery
        from search.backends.database import DatabaseBackend

        self.connection = connection
        self.vendor = connection.vendor
        self.backend = DatabaseBackend()
        self.query_class = SearchQuery

    def build(self, docs: Sequence[SearchDocument]) -> None:
        self.backend.rebuild(docs)

    def update(self, doc: SearchDocument) -> None:
        # What services.index_objects does after the change commits: one transaction of its
        # own (transaction.atomic in _index_batch), committed on return; the next search of
        # any process sees it.
        self.backend.index([doc])

    def search(self, q: str, filters: dict[str, list[str]], access: tuple[str, ...]) -> Answer:
        result = self.backend.search(
            self.query_class(q=q, filters=filters, access=access, page_size=PAGE)
        )
        return Answer(
            count=result.count,
            facets={
                name: {v.value: v.count for v in values} for name, values in result.facets.items()
            },
            top=[hit.id for hit in result.hits],
        )

    def prepare_writes(self) -> None:
        pass

    def size(self) -> dict[str, int]:
        """Bytes per table of the search app (SQLite: dbstat; PostgreSQL: total relation
        size, after VACUUM FULL so that the deletes of clear() do not count)."""
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
                )
                rows = cursor.fetchall()
                # Indexes are reported under their own names: fold them into their table.
                cursor.execute(
                    "SELECT name, tbl_name FROM sqlite_master WHERE tbl_name LIKE 'search%'"
                )
                owner = dict(cursor.fetchall())
                sizes: dict[str, int] = {}
                for name, size in rows:
                    table = owner.get(name, name)
                    sizes[table] = sizes.get(table, 0) + int(size)
                return sizes
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename LIKE 'search%%'"
            )
            tables = [t for (t,) in cursor.fetchall()]
        self.connection.set_autocommit(True)
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM FULL ANALYZE "{table}"')
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
                [tables],
            )
            return {name: int(size) for name, size in cursor.fetchall()}

    def close(self) -> None:
        pass


#: Which tables are the columnar store proper, and which the documents and FTS5 tables that
#: phrases, suggestions, similar ideas and hit rows need (both are the embedded engine today).
COLUMNAR_TABLES = (
    "search_posting",
    "search_chunk",
    "search_doc_terms",
    "search_term",
    "search_word_tri",
    "search_word_fold",
    "search_facet_code",
)


# --- Engine: tantivy -----------------------------------------------------------------------------

#: Column weights as the columnar store's (title 10, summary 4, meta 3, body 1).
TEXT_FIELDS = (("title", 10.0), ("summary", 4.0), ("meta", 3.0), ("body", 1.0))
FOLDED_WEIGHT = 0.2
PART_WEIGHT = 0.1
#: Letters typed for their forms with diacritics, as regular-expression classes.
FOLD_CLASSES = {"a": "[aåäàá]", "o": "[oöó]", "e": "[eéè]", "u": "[uü]"}
CODED = ("type", "kind", "stage", "organisation", "county", "category", "target_group")


def tantivy_schema(tantivy: Any) -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("pk", stored=True, indexed=True, fast=True)
    for name, _weight in TEXT_FIELDS:
        # sv_stem: tantivy's own Swedish pipeline (simple tokenizer, long words dropped,
        # lower case, Snowball Swedish), the same stems as search.text.stem.
        sb.add_text_field(name, stored=True, tokenizer_name="sv_stem", index_option="position")
    sb.add_text_field("folded", tokenizer_name="sv_fold", index_option="position")
    sb.add_text_field("words", tokenizer_name="sv_words", index_option="freq")
    sb.add_text_field("access", tokenizer_name="raw", index_option="basic")
    for name in CODED:
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("created", fast=True)
    sb.add_integer_field("adoptions", fast=True)
    return sb.build()


def register_tokenizers(tantivy: Any, index: Any) -> None:
    """Custom analyzers live in the Index object, not on disk: every process that opens the
    index must register the same ones (or it fails on the first commit)."""
    builder = tantivy.TextAnalyzerBuilder
    simple, f = tantivy.Tokenizer.simple, tantivy.Filter
    index.register_tokenizer(
        "sv_fold",
        builder(simple())
        .filter(f.lowercase())
        .filter(f.stemmer("swedish"))
        .filter(f.ascii_fold())
        .build(),
    )
    index.register_tokenizer("sv_words", builder(simple()).filter(f.lowercase()).build())


class Tantivy:
    name = "tantivy"

    def __init__(self, workdir: Path, *, heap: int = 128_000_000, threads: int = 1) -> None:
        import tantivy

        self.t = tantivy
        self.path = workdir / "tantivy-index"
        self.heap, self.threads = heap, threads
        self.schema = tantivy_schema(tantivy)
        self.index: Any = None
        self.writer: Any = None
        self.vendor = "tantivy " + tantivy.__version__.split(",")[0].removeprefix("tantivy v")

    def _open(self, *, fresh: bool) -> None:
        if fresh and self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = self.t.Index(self.schema, path=str(self.path), reuse=not fresh)
        register_tokenizers(self.t, self.index)
        # Reload only when told: the benchmark times commit + reload itself.
        self.index.config_reader(reload_policy="manual")

    def document(self, doc: SearchDocument) -> Any:
        d = self.t.Document()
        d.add_integer("pk", doc.id)
        meta = "\n".join(p for p in (" ".join(doc.tags), doc.organisation_name) if p)
        all_text = "\n".join((doc.title, doc.summary, meta, doc.body))
        d.add_text("title", doc.title)
        d.add_text("summary", doc.summary)
        d.add_text("meta", meta)
        d.add_text("body", doc.body)
        d.add_text("folded", all_text)
        d.add_text("words", all_text)
        for token in sorted(set(doc.access)):
            d.add_text("access", token)
        d.add_text("type", doc.type)
        for name in ("kind", "stage", "organisation", "county", "category"):
            value = getattr(doc, name)
            if value:
                d.add_text(name, value)
        for group in sorted(set(doc.target_groups)):
            d.add_text("target_group", group)
        d.add_integer("created", int(doc.created_at.timestamp() * 1_000_000))
        d.add_integer("adoptions", doc.adoption_count)
        return d

    def build(self, docs: Sequence[SearchDocument]) -> None:
        self.close()
        self._open(fresh=True)
        writer = self.index.writer(heap_size=self.heap, num_threads=self.threads)
        for doc in docs:
            writer.add_document(self.document(doc))
        writer.commit()
        writer.wait_merging_threads()  # consumes the writer: merges done, lock released
        self.index.reload()

    def prepare_writes(self) -> None:
        """The writer that updates use (its indexing threads start now, so under the
        priority of the timed part)."""
        self.writer = self.index.writer(heap_size=self.heap, num_threads=self.threads)

    def update(self, doc: SearchDocument) -> None:
        """Replace one document and make it visible: delete by key, add, commit, reload."""
        self.writer.delete_documents_by_term("pk", doc.id)
        self.writer.add_document(self.document(doc))
        self.writer.commit()
        self.index.reload()

    def update_own_writer(self, doc: SearchDocument) -> None:
        """The same as a process that holds no writer must do it: take the index's one
        writer lock (a new IndexWriter), write, commit, let go of the lock."""
        self.writer.wait_merging_threads()
        self.writer = None
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        writer.delete_documents_by_term("pk", doc.id)
        writer.add_document(self.document(doc))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.writer = self.index.writer(heap_size=self.heap, num_threads=self.threads)

    # -- queries --

    def _word(self, stems: Sequence[str], weight: float) -> list[Any]:
        q = self.t.Query
        return [
            q.boost_query(q.term_query(self.schema, field, s), boost * weight)
            for field, boost in TEXT_FIELDS
            for s in stems
        ]

    def _any(self, parts: Sequence[Any]) -> Any:
        occur = self.t.Occur
        if len(parts) == 1:
            return parts[0]
        return self.t.Query.boolean_query([(occur.Should, p) for p in parts])

    def term_query(self, term: text.Term) -> Any:
        """The same three ways of matching as the columnar store: the stems (title 10,
        summary 4, meta 3, body 1), the stems without diacritics if typed without any (0.2),
        and the written words containing the stem (compound parts, 0.1)."""
        q, occur = self.t.Query, self.t.Occur
        if term.phrase:
            stems = [text.stem(w) for w in term.words]
            parts = [
                q.boost_query(q.phrase_query(self.schema, field, stems), boost)
                for field, boost in TEXT_FIELDS
            ]
            if term.folded:
                parts.append(
                    q.boost_query(
                        q.phrase_query(self.schema, "folded", [text.fold(s) for s in stems]),
                        FOLDED_WEIGHT,
                    )
                )
            return self._any(parts)
        if term.every:
            return q.boolean_query(
                [
                    (occur.Must, self._any(self._word(text.stem_variants(w), term.weight)))
                    for w in term.words
                ]
            )
        parts = self._word(term.variants, term.weight)
        if term.folded:
            folded = sorted({text.fold(v) for v in term.variants})
            parts += [
                q.boost_query(q.term_query(self.schema, "folded", v), FOLDED_WEIGHT) for v in folded
            ]
        # Compound parts: the written words containing a stem. Typed without diacritics,
        # a part also matches the words that have them ("aldr" finds "äldreomsorg", as the
        # columnar store finds it through the word "äldre" that "aldre" stands for).
        for part in term.parts:
            pattern = re.escape(part)
            if term.folded:
                pattern = "".join(FOLD_CLASSES.get(c, c) for c in pattern)
            parts.append(
                q.boost_query(q.regex_query(self.schema, "words", f".*{pattern}.*"), PART_WEIGHT)
            )
        return self._any(parts)

    def search(self, q: str, filters: dict[str, list[str]], access: tuple[str, ...]) -> Answer:
        t = self.t
        occur = t.Occur
        parsed = text.parse_query(q)
        base: list[tuple[Any, Any]] = []
        for clause in parsed.clauses:
            either = self._any([self.term_query(term) for term in clause.terms])
            base.append((occur.MustNot if clause.negative else occur.Must, either))
        if not parsed.positive:
            base.append((occur.Must, t.Query.all_query()))
        base.append(
            (occur.Must, t.Query.term_set_query(self.schema, "access", list(dict.fromkeys(access))))
        )
        wanted = {name: [v for v in values if v] for name, values in filters.items() if values}
        filter_queries = {
            name: t.Query.term_set_query(self.schema, name, values)
            for name, values in wanted.items()
        }
        total = t.Query.boolean_query(base + [(occur.Must, f) for f in filter_queries.values()])
        searcher = self.index.searcher()
        if parsed.positive:
            found = searcher.search(total, limit=PAGE, count=True)
        else:
            found = searcher.search(total, limit=PAGE, count=True, order_by_field="created")
        highlighter = text.Highlighter(parsed)
        top = []
        for _score, address in found.hits:
            doc = searcher.doc(address)
            top.append(int(doc.get_first("pk")))
            highlighter.snippet(
                [doc.get_first("summary") or "", doc.get_first("body") or "", doc.get_first("meta")]
            )
        # Facet counts as the columnar store gives them: each facet under the other facets'
        # filters (one aggregation for the facets without a filter, one per filtered facet).
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        exact = True
        plans: list[tuple[Any, list[str]]] = [
            (total, [name for name in CODED if name not in filter_queries])
        ]
        for name in filter_queries:
            others = [(occur.Must, f) for other, f in filter_queries.items() if other != name]
            plans.append((t.Query.boolean_query(base + others), [name]))
        for query, names in plans:
            if not names:
                continue
            aggs = searcher.aggregate(
                query,
                {n: {"terms": {"field": n, "size": 10_000, "segment_size": 10_000}} for n in names},
            )
            for name in names:
                result = aggs[name]
                exact &= not result.get("sum_other_doc_count") and not result.get(
                    "doc_count_error_upper_bound"
                )
                facets[name] = {b["key"]: int(b["doc_count"]) for b in result["buckets"]}
        return Answer(count=int(found.count), facets=facets, top=top, exact=exact)

    def size(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for path in self.path.iterdir():
            kind = path.suffix.lstrip(".") or path.name
            sizes[kind] = sizes.get(kind, 0) + path.stat().st_size
        return sizes

    def segments(self) -> int:
        return int(self.index.searcher().num_segments)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.wait_merging_threads()
            self.writer = None


# --- Several processes (tantivy) ----------------------------------------------------------------

WATCH_SCRIPT = """
import sys, time, json
sys.path.insert(0, {root!r})
import tantivy
sys.path.insert(0, {bench!r})
from embedded_engines import register_tokenizers
index = tantivy.Index.open({path!r})
register_tokenizers(tantivy, index)
index.config_reader(reload_policy="commit")
schema = index.schema
try:
    index.writer(heap_size=15_000_000, num_threads=1)
    print("writer: acquired", flush=True)
except Exception as error:
    print("writer: " + str(error).split(".")[0], flush=True)
print("ready", flush=True)
for line in sys.stdin:
    word = line.strip()
    deadline = time.time() + 30
    while time.time() < deadline:
        if index.searcher().search(tantivy.Query.term_query(schema, "words", word), 1).hits:
            print(json.dumps({{"seen": time.time()}}), flush=True)
            break
        time.sleep(0.002)
    else:
        print(json.dumps({{"seen": None}}), flush=True)
"""


def other_process_checks(engine: Tantivy, docs: Sequence[SearchDocument], rounds: int) -> dict:
    """Another process that reads the index (reload policy "on commit", as a second Daphne
    would): can it take the writer while this one holds it, and how long after our commit
    does it see a change?"""
    script = WATCH_SCRIPT.format(root=str(ROOT), bench=str(BENCH), path=str(engine.path))
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    writer_line = child.stdout.readline().strip()
    assert child.stdout.readline().strip() == "ready"
    delays = []
    rng = random.Random(99)
    for k in range(rounds):
        doc = docs[rng.randrange(len(docs))]
        word = f"sedd{k}"
        child.stdin.write(word + "\n")
        child.stdin.flush()
        time.sleep(0.05)  # the other process is polling before the change commits
        committed = time.time()
        engine.writer.delete_documents_by_term("pk", doc.id)
        engine.writer.add_document(engine.document(dataclasses.replace(doc, title=word)))
        engine.writer.commit()
        seen = json.loads(child.stdout.readline())["seen"]
        delays.append(None if seen is None else (seen - committed) * 1000)
    child.stdin.close()
    child.wait(timeout=30)
    engine.index.reload()
    return {"second_process_writer": writer_line, "visible_after_ms": delays}


CRASH_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
import tantivy
sys.path.insert(0, {bench!r})
from embedded_engines import register_tokenizers
index = tantivy.Index.open({path!r})
register_tokenizers(tantivy, index)
writer = index.writer(heap_size=15_000_000, num_threads=1)
writer.delete_documents_by_term("pk", {pk})
writer.add_document(tantivy.Document(pk={pk}, title="okommitterad"))
print("holding", flush=True)
time.sleep(120)
"""


def crash_check(engine: Tantivy, pk: int) -> dict:
    """A process that holds the writer with a change not yet committed is killed: is the
    lock free afterwards, and is the change (a delete and an add) gone?"""
    import signal

    engine.close()  # let go of our writer
    script = CRASH_SCRIPT.format(root=str(ROOT), bench=str(BENCH), path=str(engine.path), pk=pk)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    try:
        engine.index.writer(heap_size=15_000_000, num_threads=1)
        while_held = "acquired (unexpected)"
    except Exception as error:
        while_held = str(error).split(".")[0]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    engine.prepare_writes()  # raises if the lock were still held
    engine.index.reload()
    searcher = engine.index.searcher()
    q = engine.t.Query
    return {
        "writer_while_other_holds_it": while_held,
        "writer_after_holder_killed": "acquired",
        "killed_writers_uncommitted_add_visible": bool(
            searcher.search(q.term_query(engine.schema, "title", "okommitterad"), 1).hits
        ),
        "killed_writers_uncommitted_delete_applied": not searcher.search(
            q.term_query(engine.schema, "pk", pk), 1
        ).hits,
    }


def stemmer_check(tantivy: Any, docs: Sequence[SearchDocument]) -> dict:
    """tantivy's Swedish stemmer against search.text.stem, on every word of the documents,
    the thesaurus and the judged relevance set."""
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("swedish"))
        .build()
    )
    vocabulary: set[str] = set()
    for doc in docs[:5000]:
        vocabulary.update(
            text.words(f"{doc.title} {doc.summary} {doc.body} {doc.organisation_name}")
        )
    for path in (
        ROOT / "search" / "data" / "thesaurus.yaml",
        BENCH / "relevance" / "ideas.yaml",
        BENCH / "relevance" / "queries.yaml",
    ):
        if path.exists():
            vocabulary.update(text.words(path.read_text(encoding="utf-8")))
    differ = sorted(w for w in vocabulary if analyzer.analyze(w) != [text.stem(w)])
    return {"stemmer_words": len(vocabulary), "stemmer_differences": differ[:20]}


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

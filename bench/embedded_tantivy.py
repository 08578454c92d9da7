"""bench/embedded_engines.py's tantivy engine (tantivy-py, in a virtualenv of its own): the
schema and analyzers, the same three ways of matching as the columnar store, facet counts
as it gives them, and the checks only an engine in files needs: a second process that
reads (and tries to write), a writer killed mid-change, the Swedish stemmer against
search.text.stem."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# The repository root first: the script's own folder holds bench/search.py, which would
# otherwise shadow the `search` package.
sys.path.insert(0, str(ROOT))

from embedded_corpus import PAGE, Answer  # noqa: E402

from search import text  # noqa: E402
from search.backends.base import FACETS, SearchDocument  # noqa: E402

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
from embedded_tantivy import register_tokenizers
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
from embedded_tantivy import register_tokenizers
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

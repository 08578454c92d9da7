"""Columnar postings for the SQLite search: exact totals, facet counts and BM25 ranking over
the whole match set in a few milliseconds, however many documents a word matches.

FTS5 answers "which rows match" quickly, but everything else per matching row is slow from
Python: bm25() costs about a microsecond a row, joining rows to their facet values more, and
fetching 80,000 row ids alone takes 30 ms. So the SQLite backend also keeps, in plain tables,

- ``search_term``: the vocabulary, one id per term. A term is a namespaced string:
  ``s:<stem>`` (Snowball stem), ``f:<stem without diacritics>`` (only for stems that have
  diacritics), ``w:<word>`` (the lower-case word as written, for parts of compound words),
  ``g:<target group>`` and ``a:<access token>`` (every token but "public");
- ``search_word_tri``: a trigram index over the ``w:`` words, so that a compound part
  ("abonnemang") finds the words that contain it ("sophämtningsabonnemang") in the small
  vocabulary instead of in every document's text;
- ``search_posting``: per term and chunk of 4,096 document ids, the sorted document offsets
  (uint16) and each document's column-weighted term frequency (uint16: title 10, summary 4,
  meta 3, body 1), as two blobs;
- ``search_chunk``: per chunk, one blob of fixed-size records (CHUNK_DTYPE): whether the id
  is a live document, whether it is public, its length in words, its facet value codes
  (``search_facet_code``), creation and update times and adoption count;
- ``search_doc_terms``: each document's term ids, so removing it edits only its postings.

A query reads the few postings of its terms and the chunk records as numpy arrays (chunks
are cached per process by a random version written with every change, read in the same
snapshot as the postings, so the cache is never stale), combines them with set operations
over boolean arrays, ranks with BM25 the way FTS5's bm25() does (same column weights,
k1 = 1.2, b = 0.75, idf floored at 1e-6) and counts facets with bincount. Everything is exact:
no sampling, no estimates. Quoted phrases need word positions, which the postings do not
keep: they still go to FTS5 (stems) and the trigram table (inside longer words).
"""

# SQL here is assembled from constant fragments and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from search import text
from search.backends.base import FACETS, FacetValue, SearchDocument

# The stored format depends on CHUNK_BITS: changing it needs a migration that rebuilds.
CHUNK_BITS = 12
CHUNK_SIZE = 1 << CHUNK_BITS  # document ids per chunk
OFFSET_MASK = CHUNK_SIZE - 1
COLUMN_WEIGHTS = (10, 4, 3, 1)  # title, summary, meta, body (as FTS5's bm25 weights)
FOLDED_WEIGHT = 0.2  # score factor of matches found without diacritics (as on PostgreSQL)
PART_WEIGHT = 0.1  # score factor of matches inside longer words (compound parts)
K1, B = 1.2, 0.75
MAX_WEIGHT = 65535
SQL_BATCH = 500
PUBLIC = "public"  # the access token anyone holds

#: Single-valued facets kept as codes in the chunk records (target_group is multi-valued:
#: its values are terms with postings).
CODED_FACETS = ("type", "kind", "stage", "organisation", "county", "category")

CHUNK_DTYPE = np.dtype(
    [
        ("present", "u1"),
        ("public", "u1"),
        ("length", "<u4"),
        ("type", "<u4"),
        ("kind", "<u4"),
        ("stage", "<u4"),
        ("organisation", "<u4"),
        ("county", "<u4"),
        ("category", "<u4"),
        ("created", "<i8"),
        ("updated", "<i8"),
        ("adoptions", "<i4"),
    ]
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _chunks(values: Sequence[Any], size: int = SQL_BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _micros(value: datetime.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return int(value.timestamp() * 1_000_000)


# --- What a document contributes ---------------------------------------------------------


@dataclass
class Entry:
    """One document as the columnar store keeps it."""

    pk: int
    terms: dict[str, int]  # term -> column-weighted frequency
    length: int
    public: bool
    facets: dict[str, str]  # coded facet -> value ("" for none)
    created: int
    updated: int
    adoptions: int


def entry_for(
    pk: int,
    *,
    doc_type: str,
    title: str,
    summary: str,
    meta: str,
    body: str,
    access: Iterable[str],
    target_groups: Iterable[str],
    kind: str,
    stage: str,
    organisation: str,
    county: str,
    category: str,
    created_at: datetime.datetime,
    updated_at: datetime.datetime,
    adoption_count: int,
) -> Entry:
    terms: dict[str, int] = defaultdict(int)
    length = 0
    for value, weight in zip((title, summary, meta, body), COLUMN_WEIGHTS, strict=True):
        for word in text.words(value):
            length += 1
            stem = text.stem(word)
            terms["s:" + stem] += weight
            folded = text.fold(stem)
            if folded != stem:
                terms["f:" + folded] += weight
            terms["w:" + word] += weight
    tokens = set(access)
    for token in tokens - {PUBLIC}:
        terms["a:" + token] = 1
    for group in set(target_groups):
        if group:
            terms["g:" + group] = 1
    return Entry(
        pk=pk,
        terms={t: min(w, MAX_WEIGHT) for t, w in terms.items()},
        length=length,
        public=PUBLIC in tokens,
        facets={
            "type": doc_type,
            "kind": kind,
            "stage": stage,
            "organisation": organisation,
            "county": county,
            "category": category,
        },
        created=_micros(created_at),
        updated=_micros(updated_at),
        adoptions=int(adoption_count),
    )


def entry_of_document(pk: int, doc: SearchDocument, meta: str) -> Entry:
    return entry_for(
        pk,
        doc_type=doc.type,
        title=doc.title,
        summary=doc.summary,
        meta=meta,
        body=doc.body,
        access=doc.access,
        target_groups=doc.target_groups,
        kind=doc.kind,
        stage=doc.stage,
        organisation=doc.organisation,
        county=doc.county,
        category=doc.category,
        created_at=doc.created_at,
        updated_at=doc.updated_at,
        adoption_count=doc.adoption_count,
    )


# --- Writing -------------------------------------------------------------------------------


def _term_ids(cursor: Any, terms: Iterable[str], *, create: bool) -> dict[str, int]:
    wanted = sorted(set(terms))
    found: dict[str, int] = {}
    for part in _chunks(wanted):
        cursor.execute(
            f"SELECT term, id FROM search_term WHERE term IN ({_marks(len(part))})", list(part)
        )
        found.update((term, int(pk)) for term, pk in cursor.fetchall())
    missing = [t for t in wanted if t not in found]
    if create and missing:
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_term")
        first = int(cursor.fetchone()[0]) + 1
        rows = [(first + i, term) for i, term in enumerate(missing)]
        cursor.executemany("INSERT INTO search_term (id, term) VALUES (%s, %s)", rows)
        words = [(pk, term[2:]) for pk, term in rows if term.startswith("w:")]
        if words:
            cursor.executemany("INSERT INTO search_word_tri (rowid, word) VALUES (%s, %s)", words)
        folds = [(text.fold(word), pk) for pk, word in words if text.has_diacritics(word)]
        if folds:
            cursor.executemany(
                "INSERT INTO search_word_fold (folded, term_id) VALUES (%s, %s)", folds
            )
        found.update((term, pk) for pk, term in rows)
    return found


def _facet_codes(
    cursor: Any, pairs: Iterable[tuple[str, str]], *, create: bool
) -> dict[tuple[str, str], int]:
    wanted = sorted({p for p in pairs if p[1]})
    found: dict[tuple[str, str], int] = {}
    by_facet: dict[str, list[str]] = defaultdict(list)
    for facet, value in wanted:
        by_facet[facet].append(value)
    for facet, values in by_facet.items():
        for part in _chunks(values):
            cursor.execute(
                "SELECT value, id FROM search_facet_code WHERE facet = %s AND value IN "
                f"({_marks(len(part))})",
                [facet, *part],
            )
            found.update(((facet, value), int(pk)) for value, pk in cursor.fetchall())
    missing = [p for p in wanted if p not in found]
    if create and missing:
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_facet_code")
        first = int(cursor.fetchone()[0]) + 1
        rows = [(first + i, facet, value) for i, (facet, value) in enumerate(missing)]
        cursor.executemany(
            "INSERT INTO search_facet_code (id, facet, value) VALUES (%s, %s, %s)", rows
        )
        found.update(((facet, value), pk) for pk, facet, value in rows)
    return found


_NO_OFFSETS = np.zeros(0, "<u2")


@dataclass
class _PostingEdit:
    add: dict[int, int] = field(default_factory=dict)  # offset -> weight
    remove: set[int] = field(default_factory=set)


def _apply_postings(cursor: Any, edits: dict[tuple[int, int], _PostingEdit]) -> None:
    by_chunk: dict[int, list[int]] = defaultdict(list)
    for term_id, chunk in edits:
        by_chunk[chunk].append(term_id)
    for chunk, term_ids in by_chunk.items():
        current: dict[int, tuple[bytes, bytes]] = {}
        for part in _chunks(sorted(term_ids)):
            cursor.execute(
                "SELECT term_id, docs, weights FROM search_posting WHERE chunk = %s AND term_id "
                f"IN ({_marks(len(part))})",
                [chunk, *part],
            )
            current.update((int(t), (bytes(d), bytes(w))) for t, d, w in cursor.fetchall())
        writes: list[tuple[int, int, bytes, bytes]] = []
        deletes: list[tuple[int, int]] = []
        for term_id in term_ids:
            edit = edits[(term_id, chunk)]
            docs, weights = _NO_OFFSETS, _NO_OFFSETS
            if term_id in current:
                docs = np.frombuffer(current[term_id][0], "<u2")
                weights = np.frombuffer(current[term_id][1], "<u2")
            drop = edit.remove | edit.add.keys()
            if drop and len(docs):
                # docs is sorted and unique: find the dropped offsets by bisection (np.isin
                # costs tens of microseconds even for one value, and a change edits hundreds).
                wanted = np.fromiter(sorted(drop), np.uint16, len(drop))
                at = np.searchsorted(docs, wanted)
                hit = at < len(docs)
                hit[hit] = docs[at[hit]] == wanted[hit]
                if hit.any():
                    keep = np.ones(len(docs), bool)
                    keep[at[hit]] = False
                    docs, weights = docs[keep], weights[keep]
            if edit.add:
                docs = np.concatenate([docs, np.fromiter(edit.add, np.uint16, len(edit.add))])
                weights = np.concatenate(
                    [weights, np.fromiter(edit.add.values(), np.uint16, len(edit.add))]
                )
                order = np.argsort(docs, kind="stable")
                docs, weights = docs[order], weights[order]
            if not len(docs):
                if term_id in current:
                    deletes.append((term_id, chunk))
                continue
            writes.append(
                (term_id, chunk, docs.astype("<u2").tobytes(), weights.astype("<u2").tobytes())
            )
        if deletes:
            cursor.executemany(
                "DELETE FROM search_posting WHERE term_id = %s AND chunk = %s", deletes
            )
        if writes:
            cursor.executemany(
                "INSERT INTO search_posting (term_id, chunk, docs, weights) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (term_id, chunk) "
                "DO UPDATE SET docs = excluded.docs, weights = excluded.weights",
                writes,
            )


def _edit_chunks(
    cursor: Any, entries: Sequence[Entry], removed: Sequence[int], codes: dict[tuple[str, str], int]
) -> None:
    touched = sorted({pk >> CHUNK_BITS for pk in removed} | {e.pk >> CHUNK_BITS for e in entries})
    records: dict[int, npt.NDArray[Any]] = {}
    for part in _chunks(touched):
        cursor.execute(
            f"SELECT chunk, data FROM search_chunk WHERE chunk IN ({_marks(len(part))})", list(part)
        )
        for chunk, data in cursor.fetchall():
            records[int(chunk)] = np.frombuffer(bytes(data), CHUNK_DTYPE).copy()
    for chunk in touched:
        records.setdefault(chunk, np.zeros(CHUNK_SIZE, CHUNK_DTYPE))
    for pk in removed:
        records[pk >> CHUNK_BITS][pk & OFFSET_MASK] = np.zeros((), CHUNK_DTYPE)
    for entry in entries:
        row = records[entry.pk >> CHUNK_BITS][entry.pk & OFFSET_MASK]
        row["present"] = 1
        row["public"] = 1 if entry.public else 0
        row["length"] = entry.length
        for facet in CODED_FACETS:
            value = entry.facets[facet]
            row[facet] = codes[(facet, value)] if value else 0
        row["created"] = entry.created
        row["updated"] = entry.updated
        row["adoptions"] = entry.adoptions
    cursor.executemany(
        "INSERT INTO search_chunk (chunk, version, data) VALUES (%s, %s, %s) "
        "ON CONFLICT (chunk) DO UPDATE SET version = excluded.version, data = excluded.data",
        [(chunk, secrets.randbits(62), data.tobytes()) for chunk, data in records.items()],
    )


def remove(cursor: Any, ids: Sequence[int]) -> None:
    """Forget documents (their postings and records)."""
    if not ids:
        return
    edits: dict[tuple[int, int], _PostingEdit] = defaultdict(_PostingEdit)
    for part in _chunks(list(ids)):
        cursor.execute(
            f"SELECT id, terms FROM search_doc_terms WHERE id IN ({_marks(len(part))})", list(part)
        )
        for pk, terms in cursor.fetchall():
            chunk, offset = int(pk) >> CHUNK_BITS, int(pk) & OFFSET_MASK
            for term_id in np.frombuffer(bytes(terms), "<u4").tolist():
                edits[(term_id, chunk)].remove.add(offset)
        cursor.execute(
            f"DELETE FROM search_doc_terms WHERE id IN ({_marks(len(part))})", list(part)
        )
    _apply_postings(cursor, edits)
    _edit_chunks(cursor, [], list(ids), {})


def add(cursor: Any, entries: Sequence[Entry]) -> None:
    """Add documents whose ids are new (removed ones are removed first)."""
    if not entries:
        return
    ids = _term_ids(cursor, (t for e in entries for t in e.terms), create=True)
    codes = _facet_codes(
        cursor, ((f, v) for e in entries for f, v in e.facets.items()), create=True
    )
    edits: dict[tuple[int, int], _PostingEdit] = defaultdict(_PostingEdit)
    doc_terms = []
    for entry in entries:
        chunk, offset = entry.pk >> CHUNK_BITS, entry.pk & OFFSET_MASK
        term_ids = sorted(ids[t] for t in entry.terms)
        for term, weight in entry.terms.items():
            edits[(ids[term], chunk)].add[offset] = weight
        doc_terms.append((entry.pk, np.asarray(term_ids, "<u4").tobytes()))
    cursor.executemany(
        "INSERT INTO search_doc_terms (id, terms) VALUES (%s, %s) "
        "ON CONFLICT (id) DO UPDATE SET terms = excluded.terms",
        doc_terms,
    )
    _apply_postings(cursor, edits)
    _edit_chunks(cursor, entries, [], codes)


def clear(cursor: Any) -> None:
    """Forget every document. The vocabulary and facet codes stay: ids never change meaning."""
    for table in ("search_posting", "search_chunk", "search_doc_terms"):
        cursor.execute(f"DELETE FROM {table}")


def backfill(cursor: Any) -> int:
    """Fill the store from search_document and its side tables (for existing indexes)."""
    cursor.execute(
        "SELECT id, doc_type, title, summary, meta, body, kind, stage, organisation, county, "
        "category, created_at, updated_at, adoption_count FROM search_document ORDER BY id"
    )
    rows = cursor.fetchall()
    done = 0
    for part in _chunks(rows):
        ids = [r[0] for r in part]
        access: dict[int, list[str]] = defaultdict(list)
        groups: dict[int, list[str]] = defaultdict(list)
        cursor.execute(
            f"SELECT document_id, token FROM search_access WHERE document_id IN ({_marks(len(ids))})",
            ids,
        )
        for pk, token in cursor.fetchall():
            access[pk].append(token)
        cursor.execute(
            "SELECT document_id, value FROM search_target_group WHERE document_id IN "
            f"({_marks(len(ids))})",
            ids,
        )
        for pk, value in cursor.fetchall():
            groups[pk].append(value)
        entries = []
        for (pk, doc_type, title, summary, meta, body, kind, stage, org, county, category,
             created, updated, adoptions) in part:  # fmt: skip
            entries.append(
                entry_for(
                    pk,
                    doc_type=doc_type,
                    title=title,
                    summary=summary,
                    meta=meta,
                    body=body,
                    access=access[pk],
                    target_groups=groups[pk],
                    kind=kind,
                    stage=stage,
                    organisation=org,
                    county=county,
                    category=category,
                    created_at=_parse(created),
                    updated_at=_parse(updated),
                    adoption_count=adoptions,
                )
            )
        add(cursor, entries)
        done += len(entries)
    return done


def _parse(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


# --- Reading -------------------------------------------------------------------------------


@dataclass
class State:
    """The chunk records of one snapshot, as whole-index columns indexed by document id, and
    small lookups that only change with the records (facet codes, target-group terms: both
    are only ever created by a write that also rewrites a chunk, so a state with the same
    chunk versions has the same ones)."""

    key: tuple[tuple[int, int], ...]
    size: int
    present: BoolArray
    public: BoolArray
    length: FloatArray
    columns: dict[str, IntArray]  # coded facets, created, updated, adoptions
    codes: IntArray  # (size, len(CODED_FACETS)): the facet codes, a row per document
    doc_ids: IntArray
    live: int
    average_length: float
    norm: FloatArray  # bm25's k1(1 - b + b*len/avglen) per document
    lookups: dict[str, Any] = field(default_factory=dict)


_allocator_tuned = False


def tune_allocator() -> None:
    """Let glibc keep freed memory for reuse (once per process).

    A query allocates a few arrays of 100,000 elements (0.1 to 1 MB each). By default glibc
    serves such sizes with mmap and returns them to the kernel when freed, or trims them off
    the heap, so the next query faults every page in again: measured at 100,000 ideas, that
    doubled the time of a broad query (6 -> 13 ms), depending on the process's allocation
    history. Fixed thresholds make it steady. Elsewhere than glibc this does nothing."""
    global _allocator_tuned  # noqa: PLW0603
    if _allocator_tuned:
        return
    _allocator_tuned = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 * 1024 * 1024)  # the largest glibc accepts
    mallopt(m_trim_threshold, 256 * 1024 * 1024)


class Reader:
    """Reads the store; keeps the last snapshot's chunk records per process (keyed by the
    chunks' random versions, read in the same snapshot, so never stale)."""

    def __init__(self) -> None:
        tune_allocator()
        self._chunks: dict[int, tuple[int, npt.NDArray[Any]]] = {}
        self._state: State | None = None
        self._lock = threading.Lock()

    def state(self, cursor: Any) -> State:
        cursor.execute("SELECT chunk, version FROM search_chunk ORDER BY chunk")
        key = tuple((int(c), int(v)) for c, v in cursor.fetchall())
        with self._lock:
            if self._state is not None and self._state.key == key:
                return self._state
            wanted = dict(key)
            stale = [c for c, v in key if self._chunks.get(c, (None,))[0] != v]
            for part in _chunks(stale):
                cursor.execute(
                    "SELECT chunk, version, data FROM search_chunk WHERE chunk IN "
                    f"({_marks(len(part))})",
                    list(part),
                )
                for chunk, version, data in cursor.fetchall():
                    self._chunks[int(chunk)] = (
                        int(version),
                        np.frombuffer(bytes(data), CHUNK_DTYPE),
                    )
            for chunk in list(self._chunks):
                if wanted.get(chunk) != self._chunks[chunk][0]:
                    del self._chunks[chunk]
            size = ((key[-1][0] + 1) if key else 0) * CHUNK_SIZE
            records = np.zeros(size, CHUNK_DTYPE)
            for chunk, (_version, data) in self._chunks.items():
                records[chunk * CHUNK_SIZE : (chunk + 1) * CHUNK_SIZE] = data
            present = records["present"] == 1
            length = records["length"].astype(np.float64)
            live = int(present.sum())
            average = float(length[present].mean()) if live else 1.0
            columns = {
                name: np.ascontiguousarray(records[name], dtype=np.int64)
                for name in (*CODED_FACETS, "created", "updated", "adoptions")
            }
            self._state = State(
                key=key,
                size=size,
                codes=np.ascontiguousarray(
                    np.stack([columns[name] for name in CODED_FACETS], axis=1), dtype=np.intp
                ),
                present=present,
                public=present & (records["public"] == 1),
                length=length,
                columns=columns,
                doc_ids=np.arange(size, dtype=np.int64),
                live=live,
                average_length=average,
                norm=K1 * (1 - B + B * length / average),
            )
            return self._state


def term_ids(cursor: Any, terms: Iterable[str]) -> dict[str, int]:
    return _term_ids(cursor, terms, create=False)


def restorations(cursor: Any, words: Iterable[str]) -> dict[str, list[str]]:
    """For words typed without diacritics, the written words of the index that are the same
    word with them ("aldre" -> ["äldre"]): word -> written words."""
    wanted = sorted(set(words))
    found: dict[str, list[str]] = defaultdict(list)
    for part in _chunks(wanted):
        cursor.execute(
            "SELECT f.folded, t.term FROM search_word_fold f JOIN search_term t "
            f"ON t.id = f.term_id WHERE f.folded IN ({_marks(len(part))})",
            list(part),
        )
        for folded, term in cursor.fetchall():
            found[folded].append(term[2:])
    return {word: sorted(found[word]) for word in wanted if found.get(word)}


def terms_with_prefix(cursor: Any, prefix: str) -> dict[str, int]:
    """Terms starting with `prefix` (e.g. every target group), term -> id."""
    cursor.execute(
        "SELECT term, id FROM search_term WHERE term >= %s AND term < %s",
        [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)],
    )
    return {term: int(pk) for term, pk in cursor.fetchall()}


def postings(cursor: Any, ids: Iterable[int], size: int) -> dict[int, tuple[IntArray, FloatArray]]:
    """Per term id: its documents (global ids, ascending) and weights."""
    terms: list[int] = []
    chunks: list[int] = []
    doc_blobs: list[bytes] = []
    weight_blobs: list[bytes] = []
    for part in _chunks(sorted(set(ids))):
        cursor.execute(
            "SELECT term_id, chunk, docs, weights FROM search_posting WHERE term_id IN "
            f"({_marks(len(part))}) ORDER BY term_id, chunk",
            list(part),
        )
        for term_id, chunk, docs, weights in cursor.fetchall():
            terms.append(term_id)
            chunks.append(chunk)
            doc_blobs.append(docs)
            weight_blobs.append(weights)
    if not terms:
        return {}
    # One array for everything read, then a view per term.
    lengths = np.fromiter((len(d) // 2 for d in doc_blobs), np.int64, len(doc_blobs))
    docs = np.frombuffer(b"".join(doc_blobs), "<u2").astype(np.int64)
    docs += np.repeat(np.asarray(chunks, np.int64) << CHUNK_BITS, lengths)
    weights = np.frombuffer(b"".join(weight_blobs), "<u2").astype(np.float64)
    ends = np.cumsum(lengths).tolist()
    found: dict[int, tuple[IntArray, FloatArray]] = {}
    start = 0
    for i, term_id in enumerate(terms):
        last = i + 1 == len(terms) or terms[i + 1] != term_id
        if last:
            d, w = docs[start : ends[i]], weights[start : ends[i]]
            if len(d) and d[-1] >= size:  # never within one snapshot; cheap to be sure
                keep = d < size
                d, w = d[keep], w[keep]
            found[int(term_id)] = (d, w)
            start = ends[i]
    return found


Sparse = tuple[IntArray, FloatArray]  # documents (unique) and their weights
EMPTY: Sparse = (np.zeros(0, np.int64), np.zeros(0, np.float64))


def combine(state: State, lists: Iterable[Sparse]) -> Sparse:
    """Several postings lists as one: weights summed per document."""
    found = [item for item in lists if len(item[0])]
    if not found:
        return EMPTY
    if len(found) == 1:
        return found[0]
    total: FloatArray = np.bincount(
        np.concatenate([d for d, _w in found]),
        weights=np.concatenate([w for _d, w in found]),
        minlength=state.size,
    ).astype(np.float64, copy=False)
    docs: IntArray = np.flatnonzero(total).astype(np.int64, copy=False)
    return docs, total[docs]


def bm25(state: State, postings: Sparse) -> FloatArray:
    """FTS5's bm25() of one phrase for the documents of `postings`, from their weighted
    frequencies w: idf * w(k1+1) / (w + k1(1 - b + b*len/avglen)), idf floored at 1e-6."""
    docs, w = postings
    df = len(docs)
    idf = float(np.log((state.live - df + 0.5) / (df + 0.5))) if df else 0.0
    if idf <= 0.0:
        idf = 1e-6
    return (idf * (K1 + 1)) * w / (w + state.norm[docs])


def facet_counts(
    state: State,
    masks: dict[str, BoolArray],
    groups: dict[str, IntArray],
    names: dict[int, tuple[str, str]],
) -> dict[str, list[FacetValue]]:
    """Counts per facet value, each facet under its own mask (the other facets' filters).

    Facet codes are unique across facets, so the facets sharing a mask (all of them when no
    filter is set) are counted with one gather of the matching rows and one bincount."""
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    by_mask: dict[int, list[int]] = defaultdict(list)
    for i, name in enumerate(CODED_FACETS):
        by_mask[id(masks[name])].append(i)
    for columns in by_mask.values():
        rows = np.flatnonzero(masks[CODED_FACETS[columns[0]]])
        block = np.take(state.codes, rows, axis=0)  # much faster than codes[rows] on 2-D
        if len(columns) < len(CODED_FACETS):
            block = block[:, columns]
        counts = np.bincount(block.ravel())
        found = np.flatnonzero(counts)
        for code, n in zip(found.tolist(), counts[found].tolist(), strict=True):
            if code in names:
                facet, value = names[code]
                facets[facet].append(FacetValue(value=value, count=n))
    mask = masks["target_group"]
    for value, docs in groups.items():
        n = int(np.count_nonzero(mask[docs]))
        if n:
            facets["target_group"].append(FacetValue(value=value, count=n))
    return facets


def facet_code_names(cursor: Any) -> dict[int, tuple[str, str]]:
    cursor.execute("SELECT id, facet, value FROM search_facet_code")
    return {int(pk): (facet, value) for pk, facet, value in cursor.fetchall()}


def top(order_keys: list[npt.NDArray[Any]], candidates: IntArray, k: int) -> IntArray:
    """The first k candidates by the keys (all descending, the first key most significant),
    without sorting everything: a partition on the first key, then a sort of the survivors."""
    if k <= 0 or len(candidates) == 0:
        return candidates[:0]
    first = order_keys[0][candidates]
    if len(candidates) > 4 * k:
        threshold = np.partition(first, len(first) - k)[len(first) - k]
        keep = first >= threshold
        candidates = candidates[keep]
    keys = [key[candidates] for key in reversed(order_keys)]
    order = np.lexsort(keys)[::-1]
    return candidates[order[:k]]

"""Reading the columnar postings (search.backends.columnar writes them): the chunk records of
one snapshot as whole-index numpy columns, cached per process; the postings of a few terms;
and the arithmetic over them — combining lists, BM25 as FTS5's bm25() computes it, facet
counts, the top k. Layout constants live with the writer (`columnar`), read from it at call
time so a test can shrink the chunks.
"""

# SQL here is assembled from constant fragments and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

import ctypes
import ctypes.util
import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from search.backends import columnar
from search.backends.base import FACETS, FacetValue
from search.backends.columnar import (
    CODED_FACETS,
    K1,
    PUBLIC,
    B,
    BoolArray,
    FloatArray,
    IntArray,
    _chunks,
    _marks,
    _term_ids,
)

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
                        np.frombuffer(bytes(data), columnar.CHUNK_DTYPE),
                    )
            for chunk in list(self._chunks):
                if wanted.get(chunk) != self._chunks[chunk][0]:
                    del self._chunks[chunk]
            size = ((key[-1][0] + 1) if key else 0) * columnar.CHUNK_SIZE
            records = np.zeros(size, columnar.CHUNK_DTYPE)
            for chunk, (_version, data) in self._chunks.items():
                records[chunk * columnar.CHUNK_SIZE : (chunk + 1) * columnar.CHUNK_SIZE] = data
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
    docs += np.repeat(np.asarray(chunks, np.int64) << columnar.CHUNK_BITS, lengths)
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


def lookups(cursor: Any, state: State) -> dict[str, Any]:
    """Facet codes and target-group postings, kept with the state they belong to."""
    lookups = state.lookups
    if "groups" not in lookups:
        group_ids = terms_with_prefix(cursor, "g:")
        group_postings = postings(cursor, group_ids.values(), state.size)
        lookups["groups"] = {
            term[2:]: group_postings[pk][0]
            for term, pk in group_ids.items()
            if pk in group_postings and len(group_postings[pk][0])
        }
        names = facet_code_names(cursor)
        lookups["codes"] = {(facet, value): pk for pk, (facet, value) in names.items()}
        lookups["names"] = names
    return lookups


def access_mask(state: State, tokens: list[str], post: dict[str, Any]) -> Any:
    """The live documents the access tokens open ("a:<token>" postings must be read)."""
    access = state.public.copy() if PUBLIC in tokens else np.zeros(state.size, bool)
    for token in tokens:
        if token != PUBLIC and "a:" + token in post:
            access[post["a:" + token][0]] = True
    return access & state.present


def filtered_facets(
    state: State, base: BoolArray, filters: dict[str, list[str]], lookups: dict[str, Any]
) -> tuple[BoolArray, dict[str, list[FacetValue]]]:
    """The documents of `base` that pass the facet filters (AND across facets, OR within
    one), and every facet's counts under the *other* facets' filters."""
    groups: dict[str, Any] = lookups["groups"]
    codes = lookups["codes"]
    filter_masks: dict[str, Any] = {}
    for name in FACETS:
        values = filters[name]
        if not values:
            continue
        if name == "target_group":
            fmask = np.zeros(state.size, bool)
            for value in values:
                if value in groups:
                    fmask[groups[value]] = True
        else:
            wanted_codes = [codes[(name, v)] for v in values if (name, v) in codes]
            fmask = np.isin(state.columns[name], wanted_codes)
        filter_masks[name] = fmask
    total_mask = base.copy()
    for fmask in filter_masks.values():
        total_mask &= fmask
    facet_masks: dict[str, Any] = {}
    for name in FACETS:
        if not filter_masks:
            facet_masks[name] = base
        elif set(filter_masks) == {name}:
            facet_masks[name] = base
        elif name not in filter_masks:
            facet_masks[name] = total_mask
        else:
            mask = base.copy()
            for other, fmask in filter_masks.items():
                if other != name:
                    mask &= fmask
            facet_masks[name] = mask
    return total_mask, facet_counts(state, facet_masks, groups, lookups["names"])


#: Similar ideas: the document's most significant terms, and the share of the best score an
#: idea needs to be listed.
SIMILAR_TERMS = 12
SIMILAR_MIN_SHARE = 0.2


def similar_ranked(
    state: State,
    post: dict[str, Any],
    base: BoolArray,
    weights: Mapping[str, int],
    *,
    same_organisation: BoolArray,
    limit: int,
) -> tuple[list[str], list[tuple[int, float]]]:
    """The document's SIMILAR_TERMS most significant stems (weighted by where they stand and
    how rare they are), and the documents of `base` scored by BM25 over them: those scoring
    at least SIMILAR_MIN_SHARE of the best, other organisations first (reuse is the point),
    then by score."""
    live = max(state.live, 1)
    ranked_terms = sorted(
        (
            (weights[t] * math.log((live + 1) / (len(post["s:" + t][0]) + 0.5)), t)
            for t in weights
            if "s:" + t in post and len(post["s:" + t][0])
        ),
        reverse=True,
    )
    terms = [t for _s, t in ranked_terms[:SIMILAR_TERMS]]
    score = np.zeros(state.size, np.float64)
    for term in terms:
        docs, term_weights = post["s:" + term]
        score[docs] += bm25(state, (docs, term_weights))
    score[~base] = 0.0
    found = np.flatnonzero(score)
    if not len(found):
        return terms, []
    best = float(score[found].max())
    found = found[score[found] >= best * SIMILAR_MIN_SHARE]
    order = np.lexsort((-score[found], same_organisation[found]))[:limit]
    return terms, [(int(found[i]), float(score[found[i]])) for i in order]

"""The embedded search backend: SQLite FTS5 or PostgreSQL full-text search, picked by the
connection's vendor.

Both vendors read the same parsed query (search.text.parse_query) and combine, per query
term, three ways of matching:

1. the term's Swedish stem in the stemmed text (SQLite: Snowball stems with å ä ö kept as
   letters; PostgreSQL: a stored tsvector with the `swedish` configuration);
2. if the term was typed without diacritics, the folded text ("aldre" finds "äldre"), with a
   low weight so such matches rank below exact ones;
3. the term's stem inside longer words, for parts of compound words ("abonnemang" finds
   "sophämtningsabonnemang"; SQLite: the written words that contain it, PostgreSQL: pg_trgm).

Terms are ANDed, OR groups are unions, excluded terms are removed. Hits, totals and facet
counts all come from one set restricted by the query's access tokens inside the engine, so
nothing is ever counted for someone who may not open it.

On SQLite that set, its BM25 scores and its facet counts are computed over columnar postings
with numpy (search.backends.columnar: FTS5 alone costs a microsecond or more per matching
row, which is most of a broad word's 100,000 documents); quoted phrases, suggestions and
similar ideas use the FTS5 tables (stems, and trigrams of the text as written). On PostgreSQL
everything is one SQL statement over the tsvector columns.
"""

# SQL here is assembled from constant fragments and placeholders only; every value the user
# typed travels as a query parameter, never in the SQL text.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from django.db import connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search import text, understand
from search import thesaurus as thesaurus_module
from search.backends import columnar
from search.backends.base import (
    FACETS,
    FacetValue,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResult,
)

BATCH_SIZE = 500
SIMILAR_TERMS = 12
SIMILAR_MIN_SHARE = 0.2  # similar ideas score at least this share of the best one

# Facets stored as a column of search_document; target_group lives in search_target_group.
FACET_COLUMNS = {
    "type": "doc_type",
    "kind": "kind",
    "stage": "stage",
    "organisation": "organisation",
    "county": "county",
    "category": "category",
}
ORDERINGS = {
    "newest": "base.created_at DESC, base.id DESC",
    "updated": "base.updated_at DESC, base.id DESC",
    "adoptions": "base.adoption_count DESC, base.score DESC, base.created_at DESC, base.id DESC",
    "relevance": "base.score DESC, base.created_at DESC, base.id DESC",
}
HIT_COLUMNS = (
    "id, doc_type, obj_id, idea_id, title, summary, meta, body, url, organisation, stage, kind, "
    "created_at"
)
DOC_COLUMNS = (
    "doc_type",
    "obj_id",
    "idea_id",
    "title",
    "summary",
    "meta",
    "body",
    "folded",
    "url",
    "created_at",
    "updated_at",
    "kind",
    "stage",
    "organisation",
    "organisation_name",
    "county",
    "category",
    "adoption_count",
)


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _fts_string(value: str) -> str:
    """An FTS5 string literal (our terms are letters, digits and spaces; quotes doubled anyway)."""
    return '"' + value.replace('"', '""') + '"'


def _meta(doc: SearchDocument) -> str:
    return "\n".join(part for part in (" ".join(doc.tags), doc.organisation_name) if part)


def _progress(progress: Any, n: int) -> None:
    if progress is None:
        return
    if hasattr(progress, "update"):
        progress.update(n)
    else:
        progress(n)


class _Words:
    """What a query's terms read from the index (see DatabaseBackend._read_words)."""

    def __init__(self) -> None:
        self.post: dict[str, Any] = {}  # term ("s:stem", "w:word", "#id") -> postings
        self.known: set[str] = set()  # typed words that are words of the index
        self.restored: dict[str, list[str]] = {}  # typed word -> the same word with diacritics
        self.parts: dict[str, list[str]] = {}  # compound part -> "#id" of words containing it

    def parts_of(self, term: text.Term) -> tuple[str, ...]:
        """Compound parts to look for: a word standing for another (see _term_match) looks
        for that word's parts, not its own."""
        if term.folded and not term.phrase and not term.every:
            restored = self.restored.get(term.words[0], [])
            if restored and term.words[0] not in self.known:
                return tuple(
                    v
                    for r in restored
                    for v in text.stem_variants(r)
                    if len(v) >= text.MIN_PART_LENGTH
                )
        return term.parts


class DatabaseBackend:
    """Search in the project's own database (see the module docstring)."""

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self._reader = columnar.Reader()

    # --- helpers ------------------------------------------------------------------------

    @property
    def connection(self) -> Any:
        return connections[self.using]

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    @property
    def sqlite(self) -> bool:
        return self.vendor == "sqlite"

    def _dt_in(self, value: datetime.datetime) -> Any:
        return self.connection.ops.adapt_datetimefield_value(value)

    def _dt_out(self, value: Any) -> datetime.datetime | None:
        if value is None:
            return None
        parsed = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
        if parsed is not None and timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed

    # --- writing ------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by type + id)."""
        batch: list[SearchDocument] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                self._index_batch(batch)
                batch = []
        if batch:
            self._index_batch(batch)

    def _ids_of(self, cursor: Any, keys: dict[str, list[int]]) -> list[int]:
        ids: list[int] = []
        for doc_type, obj_ids in keys.items():
            if not obj_ids:
                continue
            cursor.execute(
                "SELECT id FROM search_document WHERE doc_type = %s AND obj_id IN "
                f"({_placeholders(len(obj_ids))})",
                [doc_type, *obj_ids],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids

    def _delete_ids(self, cursor: Any, ids: list[int]) -> None:
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            marks = _placeholders(len(chunk))
            if self.sqlite:
                columnar.remove(cursor, chunk)
                # The trigram table's content is search_document itself: it is told what to
                # forget, with the old values, before the rows go.
                cursor.execute(
                    "INSERT INTO search_tri(search_tri, rowid, title, summary, meta, body) "
                    "SELECT 'delete', id, title, summary, meta, body FROM search_document "
                    f"WHERE id IN ({marks})",
                    chunk,
                )
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_access WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_target_group WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_document WHERE id IN ({marks})", chunk)

    def _new_ids(self, cursor: Any, n: int) -> list[int]:
        if self.sqlite:
            # Inside the write transaction (SQLite has one writer), so nobody takes these ids.
            cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + n))
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('search_document', 'id')) "
            "FROM generate_series(1, %s)",
            [n],
        )
        return [row[0] for row in cursor.fetchall()]

    def _index_batch(self, docs: list[SearchDocument]) -> None:
        unique = {doc.key: doc for doc in docs}
        docs = list(unique.values())
        keys: dict[str, list[int]] = {}
        for doc in docs:
            keys.setdefault(doc.type, []).append(doc.id)
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._delete_ids(cursor, self._ids_of(cursor, keys))
            ids = self._new_ids(cursor, len(docs))
            rows: list[tuple[Any, ...]] = []
            fts_rows: list[tuple[Any, ...]] = []
            tri_rows: list[tuple[Any, ...]] = []
            entries: list[columnar.Entry] = []
            access_rows: list[tuple[int, str]] = []
            group_rows: list[tuple[int, str]] = []
            for pk, doc in zip(ids, docs, strict=True):
                meta = _meta(doc)
                all_text = "\n".join((doc.title, doc.summary, meta, doc.body))
                folded = "" if self.sqlite else text.fold(all_text.lower())
                rows.append(
                    (
                        pk,
                        doc.type,
                        doc.id,
                        doc.idea_id,
                        doc.title,
                        doc.summary,
                        meta,
                        doc.body,
                        folded,
                        doc.url,
                        self._dt_in(doc.created_at),
                        self._dt_in(doc.updated_at),
                        doc.kind,
                        doc.stage,
                        doc.organisation,
                        doc.organisation_name,
                        doc.county,
                        doc.category,
                        doc.adoption_count,
                    )
                )
                if self.sqlite:
                    fts_rows.append(
                        (
                            pk,
                            text.stemmed(doc.title),
                            text.stemmed(doc.summary),
                            text.stemmed(meta),
                            text.stemmed(doc.body),
                            text.folded_stemmed(all_text),
                        )
                    )
                    tri_rows.append((pk, doc.title, doc.summary, meta, doc.body))
                    entries.append(columnar.entry_of_document(pk, doc, meta))
                access_rows.extend((pk, token) for token in sorted(set(doc.access)))
                group_rows.extend((pk, value) for value in sorted(set(doc.target_groups)))
            cursor.executemany(
                f"INSERT INTO search_document (id, {', '.join(DOC_COLUMNS)}) "
                f"VALUES ({_placeholders(len(DOC_COLUMNS) + 1)})",
                rows,
            )
            if self.sqlite:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, summary, meta, body, folded) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    fts_rows,
                )
                cursor.executemany(
                    "INSERT INTO search_tri (rowid, title, summary, meta, body) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    tri_rows,
                )
                columnar.add(cursor, entries)
            if access_rows:
                cursor.executemany(
                    "INSERT INTO search_access (document_id, token) VALUES (%s, %s)", access_rows
                )
            if group_rows:
                cursor.executemany(
                    "INSERT INTO search_target_group (document_id, value) VALUES (%s, %s)",
                    group_rows,
                )

    def remove(self, doc_type: str, ids: Sequence[int]) -> None:
        """Remove documents; unknown ids are ignored."""
        if not ids:
            return
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._delete_ids(cursor, self._ids_of(cursor, {doc_type: list(ids)}))

    def clear(self) -> None:
        """Remove every document."""
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            if self.sqlite:
                cursor.execute("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
                cursor.execute("DELETE FROM search_fts")
                columnar.clear(cursor)
            cursor.execute("DELETE FROM search_access")
            cursor.execute("DELETE FROM search_target_group")
            cursor.execute("DELETE FROM search_document")

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_document")
            return int(cursor.fetchone()[0])

    def rebuild(
        self, documents: Iterable[SearchDocument], *, total: int | None = None, progress: Any = None
    ) -> int:
        """Replace the whole index. Each batch commits on its own, so writers are never held up
        for the length of a rebuild; searches meanwhile see a partial index."""
        self.clear()
        done = 0
        batch: list[SearchDocument] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                self._index_batch(batch)
                done += len(batch)
                _progress(progress, len(batch))
                batch = []
        if batch:
            self._index_batch(batch)
            done += len(batch)
            _progress(progress, len(batch))
        if self.sqlite:
            with self.connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
                cursor.execute("INSERT INTO search_tri(search_tri) VALUES ('optimize')")
        else:
            with self.connection.cursor() as cursor:
                cursor.execute("ANALYZE search_document")
        return done

    # --- matching -----------------------------------------------------------------------

    def _sqlite_term(self, term: text.Term) -> str:
        columns = "{title summary meta body}"
        if term.phrase:
            phrase = term.variants[0]
            expr = f"{columns} : {_fts_string(phrase)}"
            if term.folded:
                expr += f" OR folded : {_fts_string(text.fold(phrase))}"
            return f"({expr})"
        alternatives = " OR ".join(_fts_string(v) for v in term.variants)
        expr = f"{columns} : ({alternatives})"
        if term.folded:
            folded = " OR ".join(_fts_string(text.fold(v)) for v in term.variants)
            expr += f" OR folded : ({folded})"
        return f"({expr})"

    @staticmethod
    def _websearch(term: text.Term) -> str:
        """websearch_to_tsquery input for one term: the word (stemmed by PostgreSQL's
        `swedish` configuration) or the phrase, in quotes so nothing in it is an operator."""
        if term.phrase:
            return '"' + " ".join(term.words) + '"'
        return " OR ".join(f'"{w}"' for w in (term.words[0], *term.variants[1:]))

    def _postgres_matched(self, parsed: text.ParsedQuery) -> tuple[str, list[Any]]:
        plain = "lower(d.title || ' ' || d.summary || ' ' || d.meta || ' ' || d.body)"
        params: list[Any] = []

        def term_condition(term: text.Term) -> str:
            conditions = ["d.vector @@ websearch_to_tsquery('swedish', %s)"]
            params.append(self._websearch(term))
            if term.folded:
                conditions.append("d.folded_vector @@ websearch_to_tsquery('swedish', %s)")
                params.append(self._websearch(term))
            for part in term.parts:
                conditions.append(f"{plain} LIKE %s")
                params.append("%" + part.replace("_", r"\_") + "%")
            return "(" + " OR ".join(conditions) + ")"

        where = []
        for clause in parsed.positive:
            where.append("(" + " OR ".join(term_condition(t) for t in clause.terms) + ")")
        for clause in parsed.negative:
            where.append("NOT (" + " OR ".join(term_condition(t) for t in clause.terms) + ")")
        terms = parsed.positive_terms()
        select_params: list[Any] = []
        score = "0.0"
        if terms:
            score = "ts_rank_cd(d.vector, websearch_to_tsquery('swedish', %s))"
            select_params.append(" OR ".join(self._websearch(t) for t in terms))
            folded_terms = [t for t in terms if t.folded]
            if folded_terms:
                score += " + 0.2 * ts_rank_cd(d.folded_vector, websearch_to_tsquery('swedish', %s))"
                select_params.append(" OR ".join(self._websearch(t) for t in folded_terms))
            parts = list(dict.fromkeys(p for t in terms for p in t.parts))
            if parts:
                # Inside a longer word only: after every whole-word match, exact or folded.
                score += " + CASE WHEN " + " OR ".join([f"{plain} LIKE %s"] * len(parts))
                score += " THEN 0.000001 ELSE 0.0 END"
                select_params.extend("%" + p.replace("_", r"\_") + "%" for p in parts)
        sql = f"SELECT d.id AS id, {score} AS score FROM search_document d"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, select_params + params

    def _base(self, parsed: text.ParsedQuery, access: Sequence[str]) -> tuple[str, list[Any]]:
        """A CTE `base`: the matching documents the access tokens open, with their score."""
        tokens = list(dict.fromkeys(access)) or ["public"]
        access_sql = (
            "d.id IN (SELECT document_id FROM search_access WHERE token IN "
            f"({_placeholders(len(tokens))}))"
        )
        columns = (
            "d.id AS id, d.doc_type AS doc_type, d.kind AS kind, d.stage AS stage, "
            "d.organisation AS organisation, d.county AS county, d.category AS category, "
            "d.created_at AS created_at, d.updated_at AS updated_at, "
            "d.adoption_count AS adoption_count"
        )
        if parsed.is_empty:
            return (
                f"WITH base AS MATERIALIZED (SELECT {columns}, 0.0 AS score "
                f"FROM search_document d WHERE {access_sql})",
                tokens,
            )
        matched, params = self._postgres_matched(parsed)
        return (
            f"WITH m AS MATERIALIZED ({matched}), base AS MATERIALIZED (SELECT {columns}, "
            f"m.score AS score FROM m JOIN search_document d ON d.id = m.id WHERE {access_sql})",
            params + tokens,
        )

    @staticmethod
    def _filters(filters: dict[str, list[str]], skip: str | None = None) -> tuple[str, list[Any]]:
        """AND across facets, OR within one; `skip` leaves one facet out (its own counts)."""
        conditions, params = ["1 = 1"], []
        for name in FACETS:
            values = [v for v in dict.fromkeys(filters.get(name) or []) if v]
            if name == skip or not values:
                continue
            marks = _placeholders(len(values))
            if name == "target_group":
                conditions.append(
                    "EXISTS (SELECT 1 FROM search_target_group g WHERE g.document_id = base.id "
                    f"AND g.value IN ({marks}))"
                )
            else:
                conditions.append(f"base.{FACET_COLUMNS[name]} IN ({marks})")
            params.extend(values)
        return " AND ".join(conditions), params

    # --- reading ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _snapshot(self, cursor: Any) -> Iterator[None]:
        """One read transaction (SQLite: deferred, so it takes no write lock), so that every
        statement of a search sees the same committed index."""
        if self.connection.in_atomic_block or not self.connection.get_autocommit():
            yield
            return
        cursor.execute("BEGIN DEFERRED")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):  # the error itself is what matters
                cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def _term_match(
        self,
        cursor: Any,
        state: columnar.State,
        term: text.Term,
        words: _Words,
        *,
        scored: bool,
    ) -> tuple[Any, list[Any]]:
        """The documents a query term matches (a boolean array by document id) and, when
        `scored`, its BM25 score components (see search.backends.columnar), each already
        multiplied by the term's weight."""
        size = state.size
        post = words.post
        empty = columnar.EMPTY
        if term.phrase:
            # Word positions live in FTS5 only: phrases (rare, and narrow) are matched there.
            mask = np.zeros(size, bool)
            score = np.zeros(size, np.float64)
            cursor.execute(
                "SELECT rowid, -bm25(search_fts, 10.0, 4.0, 3.0, 1.0, 0.5) FROM search_fts "
                "WHERE search_fts MATCH %s",
                [self._sqlite_term(term)],
            )
            rows = [r for r in cursor.fetchall() if r[0] < size]
            if rows:
                ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
                mask[ids] = True
                score[ids] = np.fromiter((r[1] or 0.0 for r in rows), np.float64, len(rows))
            if term.parts:
                # The phrase inside longer words ("digital ansökan" in "…digital ansökningsblankett"):
                # the trigram table has it as typed; scored as one body occurrence, a tenth.
                cursor.execute(
                    "SELECT rowid FROM search_tri WHERE search_tri MATCH %s",
                    [" OR ".join(_fts_string(p) for p in term.parts)],
                )
                found = np.fromiter((r[0] for r in cursor.fetchall()), np.int64)
                found = found[found < size]
                if len(found):
                    mask[found] = True
                    score[found] += columnar.PART_WEIGHT * columnar.bm25(
                        state, (found, np.ones(len(found), np.float64))
                    )
            docs = np.flatnonzero(score)
            return mask, [(docs, term.weight * score[docs])] if scored else []
        if term.every:
            # All the words, anywhere (a synonym of several words): each word by its stems.
            mask = np.ones(size, bool)
            components: list[Any] = []
            for word in term.words:
                either = np.zeros(size, bool)
                for variant in text.stem_variants(word):
                    docs, weights = columnar.combine(state, [post.get("s:" + variant, empty)])
                    if len(docs):
                        either[docs] = True
                        if scored:
                            components.append(
                                (docs, term.weight * columnar.bm25(state, (docs, weights)))
                            )
                mask &= either
            return mask, [(d[mask[d]], v[mask[d]]) for d, v in components]
        mask = np.zeros(size, bool)
        components = []
        lists: list[tuple[list[columnar.Sparse], float]] = []
        word = term.words[0]
        restored = words.restored.get(word, []) if term.folded else []
        # Typed without diacritics and not itself a word of the index, but the same letters
        # as a word with them ("aldre" = "äldre"): it stands for that word only. Its own stem
        # would also find unrelated words that stem alike ("aldr" is also "aldrig").
        stands_for_other = bool(restored) and word not in words.known
        if not stands_for_other:
            for variant in term.variants:
                lists.append(([post.get("s:" + variant, empty)], 1.0))
        if restored:
            lists.append(
                (
                    [post.get("s:" + v, empty) for r in restored for v in text.stem_variants(r)],
                    columnar.FOLDED_WEIGHT,
                )
            )
        elif term.folded and word not in words.known:
            for variant in term.variants:
                lists.append(([post.get("f:" + text.fold(variant), empty)], columnar.FOLDED_WEIGHT))
        for part in words.parts_of(term):
            lists.append(
                (
                    [post.get(w, empty) for w in words.parts.get(part, [])],
                    columnar.PART_WEIGHT,
                )
            )
        for postings, factor in lists:
            docs, weights = columnar.combine(state, postings)
            if not len(docs):
                continue
            mask[docs] = True
            if scored:
                components.append(
                    (docs, term.weight * factor * columnar.bm25(state, (docs, weights)))
                )
        return mask, components

    def _read_words(
        self, cursor: Any, state: columnar.State, terms: list[text.Term], extra: Iterable[str]
    ) -> _Words:
        """Read what the terms need: their stems' postings, whether each typed word is a word
        of the index, its forms with diacritics, and the written words containing its parts."""
        words = _Words()
        wanted = set(extra)
        typed = [t.words[0] for t in terms if t.typed and not t.phrase and not t.every]
        folded = [t.words[0] for t in terms if t.folded and not t.phrase and not t.every]
        words.restored = columnar.restorations(cursor, folded)
        for word in typed:
            wanted.add("w:" + word)
        for term in terms:
            if term.phrase:
                continue
            for word in term.words:
                for variant in text.stem_variants(word):
                    wanted.add("s:" + variant)
                    if term.folded:
                        wanted.add("f:" + text.fold(variant))
            for restored in words.restored.get(term.words[0], []) if term.folded else []:
                wanted.update("s:" + v for v in text.stem_variants(restored))
        ids = columnar.term_ids(cursor, wanted)
        by_id = {pk: term for term, pk in ids.items()}
        words.post = {
            by_id[pk]: value
            for pk, value in columnar.postings(cursor, by_id.keys(), state.size).items()
        }
        words.known = {w for w in typed if len(words.post.get("w:" + w, columnar.EMPTY)[0])}
        part_ids: dict[int, str] = {}
        for term in terms:
            if term.phrase:
                continue
            for part in words.parts_of(term):
                if part not in words.parts:
                    words.parts[part] = []
                    for pk in columnar.words_containing(cursor, part):
                        words.parts[part].append(f"#{pk}")
                        part_ids[pk] = f"#{pk}"
        if part_ids:
            words.post.update(
                (part_ids[pk], value)
                for pk, value in columnar.postings(cursor, part_ids.keys(), state.size).items()
            )
        return words

    def _corrections(
        self,
        cursor: Any,
        state: columnar.State,
        understood: understand.Understood,
        thesaurus: Any,
        words: _Words,
        base: Any,
    ) -> dict[str, str]:
        """Typed words that match nothing the searcher may see, and the word of the index
        (or of the thesaurus) each was most likely meant as — only if that finds something."""
        corrections: dict[str, str] = {}
        for clause in understood.parsed.positive:
            if len(clause.terms) != 1:
                continue  # a word with synonyms or alternatives is not a typo
            term = clause.terms[0]
            if not term.typed or term.phrase or term.every:
                continue
            mask, _ = self._term_match(cursor, state, term, words, scored=False)
            if (mask & base).any():
                continue
            word = term.words[0]
            candidates = columnar.words_like(cursor, word)
            if thesaurus is not None:
                candidates += [w for w in thesaurus.single_words if abs(len(w) - len(word)) <= 2]
            for candidate in understand.best_corrections(word, candidates)[:5]:
                trial = understand.with_corrections(
                    understand.Understood(text.ParsedQuery([clause])), {word: candidate}
                )
                if thesaurus is not None:
                    trial = understand.apply_thesaurus(trial.parsed, thesaurus)
                found = np.zeros(state.size, bool)
                extra = self._read_words(cursor, state, trial.parsed.positive_terms(), ())
                for alternative in trial.parsed.positive_terms():
                    m, _ = self._term_match(cursor, state, alternative, extra, scored=False)
                    found |= m
                if (found & base).any():
                    corrections[word] = candidate
                    break
        return corrections

    def _columnar_search(
        self,
        query: SearchQuery,
        q: str,
        ordering: str,
        page_size: int,
        offset: int,
    ) -> SearchResult:
        """SQLite: the query over the columnar postings (search.backends.columnar)."""
        thesaurus = query.thesaurus
        understood = (
            understand.understand(q, thesaurus)
            if thesaurus
            else understand.Understood(text.parse_query(q))
        )
        tokens = list(dict.fromkeys(query.access)) or ["public"]
        filters = {
            name: [v for v in dict.fromkeys(query.filters.get(name) or []) if v] for name in FACETS
        }
        with self.connection.cursor() as cursor, self._snapshot(cursor):
            state = self._reader.state(cursor)
            size = state.size
            lookups = state.lookups
            if "groups" not in lookups:
                group_ids = columnar.terms_with_prefix(cursor, "g:")
                group_postings = columnar.postings(cursor, group_ids.values(), size)
                lookups["groups"] = {
                    term[2:]: group_postings[pk][0]
                    for term, pk in group_ids.items()
                    if pk in group_postings and len(group_postings[pk][0])
                }
                names = columnar.facet_code_names(cursor)
                lookups["codes"] = {(facet, value): pk for pk, (facet, value) in names.items()}
                lookups["names"] = names
            groups: dict[str, Any] = lookups["groups"]
            access_terms = {"a:" + t for t in tokens if t != columnar.PUBLIC}
            all_terms = [t for c in understood.parsed.clauses for t in c.terms]
            words = self._read_words(cursor, state, all_terms, access_terms)
            post = words.post

            # Who may open what.
            access = state.public.copy() if columnar.PUBLIC in tokens else np.zeros(size, bool)
            for token in tokens:
                if token != columnar.PUBLIC and "a:" + token in post:
                    access[post["a:" + token][0]] = True
            base = access & state.present

            corrections = self._corrections(cursor, state, understood, thesaurus, words, base)
            if corrections:
                understood = understand.with_corrections(understood, corrections)
                if thesaurus:
                    corrected = understand.apply_thesaurus(understood.parsed, thesaurus)
                    understood.parsed = corrected.parsed
                    understood.expansions += corrected.expansions
                all_terms = [t for c in understood.parsed.clauses for t in c.terms]
                words = self._read_words(cursor, state, all_terms, access_terms)

            # What the query matches, and how well: every clause, or else most of them.
            parsed = understood.parsed
            score = np.zeros(size, np.float64)
            coverage = np.zeros(size, np.int32)
            relaxed = False
            if parsed.positive:
                for clause in parsed.positive:
                    either = np.zeros(size, bool)
                    for term in clause.terms:
                        mask, components = self._term_match(cursor, state, term, words, scored=True)
                        either |= mask
                        for docs, values in components:
                            score[docs] += values
                    coverage += either
                n = len(parsed.positive)
                strict = coverage >= n
                needed = understood.min_should_match(all_failed=not (strict & base).any())
                matched = coverage >= needed
                relaxed = needed < n and bool((matched & ~strict & base).any())
                base &= matched
            for clause in parsed.negative:
                for term in clause.terms:
                    mask, _ = self._term_match(cursor, state, term, words, scored=False)
                    base &= ~mask

            # Facet filters: AND across facets, OR within one; each facet's counts under the
            # other facets' filters.
            codes = lookups["codes"]
            filter_masks: dict[str, Any] = {}
            for name in FACETS:
                values = filters[name]
                if not values:
                    continue
                if name == "target_group":
                    fmask = np.zeros(size, bool)
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
            facets = columnar.facet_counts(state, facet_masks, groups, lookups["names"])

            # The page.
            candidates = np.flatnonzero(total_mask)
            total = len(candidates)
            hits: list[Hit] = []
            if total > offset:
                columns, doc_ids = state.columns, state.doc_ids
                keys: list[Any] = {  # each a list of columns, most significant first
                    "newest": [columns["created"], doc_ids],
                    "updated": [columns["updated"], doc_ids],
                    "adoptions": [columns["adoptions"], score, columns["created"], doc_ids],
                    # Matching more of the words first (only differs when relaxed).
                    "relevance": [coverage, score, columns["created"], doc_ids],
                }[ordering]  # type: ignore[assignment]
                page = columnar.top(keys, candidates, offset + page_size)[offset:]
                ranked = [(int(pk), float(score[pk])) for pk in page]
                hits = self._hits(cursor, ranked, text.Highlighter(parsed))
        for found in facets.values():
            found.sort(key=lambda v: (-v.count, v.value))
        notes = understand.notes_for(
            q, understood, thesaurus or thesaurus_module.EMPTY, relaxed=relaxed, count=total
        )
        return SearchResult(count=total, hits=hits, facets=facets, notes=notes)

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = text.parse_query(query.q)
        ordering = query.ordering if query.ordering in ORDERINGS else "relevance"
        if ordering == "relevance" and parsed.is_empty:
            ordering = "newest"
        page_size = max(1, min(int(query.page_size), 100))
        offset = (max(1, int(query.page)) - 1) * page_size
        if self.sqlite:
            return self._columnar_search(query, query.q, ordering, page_size, offset)
        base, base_params = self._base(parsed, query.access)
        where, where_params = self._filters(query.filters)
        branches = [f"SELECT '' AS facet, '' AS value, count(*) AS n FROM base WHERE {where}"]
        params = list(where_params)
        for name in FACETS:
            facet_where, facet_params = self._filters(query.filters, skip=name)
            if name == "target_group":
                branches.append(
                    "SELECT 'target_group', g.value, count(*) FROM base JOIN search_target_group g "
                    f"ON g.document_id = base.id WHERE {facet_where} GROUP BY g.value"
                )
            else:
                column = f"base.{FACET_COLUMNS[name]}"
                branches.append(
                    f"SELECT '{name}', {column}, count(*) FROM base "
                    f"WHERE {facet_where} AND {column} <> '' GROUP BY {column}"
                )
            params.extend(facet_params)
        with self.connection.cursor() as cursor:
            cursor.execute(base + " " + " UNION ALL ".join(branches), base_params + params)
            total = 0
            facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
            for facet, value, n in cursor.fetchall():
                if facet == "":
                    total = int(n)
                else:
                    facets[facet].append(FacetValue(value=str(value), count=int(n)))
            hits: list[Hit] = []
            if total > offset:
                cursor.execute(
                    f"{base} SELECT base.id, base.score FROM base WHERE {where} "
                    f"ORDER BY {ORDERINGS[ordering]} LIMIT {page_size} OFFSET {offset}",
                    base_params + where_params,
                )
                ranked = [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]
                hits = self._hits(cursor, ranked, text.Highlighter(parsed))
        for values in facets.values():
            values.sort(key=lambda v: (-v.count, v.value))
        return SearchResult(count=total, hits=hits, facets=facets)

    def _hits(
        self, cursor: Any, ranked: list[tuple[int, float]], highlighter: text.Highlighter
    ) -> list[Hit]:
        if not ranked:
            return []
        ids = [pk for pk, _score in ranked]
        cursor.execute(
            f"SELECT {HIT_COLUMNS} FROM search_document WHERE id IN ({_placeholders(len(ids))})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        hits = []
        for pk, score in ranked:
            row = rows.get(pk)
            if row is None:
                continue
            (_id, doc_type, obj_id, idea_id, title, summary, meta, body, url, org, stage, kind,
             created_at) = row  # fmt: skip
            hits.append(
                Hit(
                    type=doc_type,
                    id=int(obj_id),
                    idea_id=int(idea_id),
                    title=title,
                    snippet=highlighter.snippet([summary, body, meta]),
                    url=url,
                    score=score,
                    organisation=org,
                    stage=stage,
                    kind=kind,
                    created_at=self._dt_out(created_at),
                )
            )
        return hits

    # --- similar ------------------------------------------------------------------------

    def _document_frequencies(self, cursor: Any, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        if self.sqlite:
            cursor.execute(
                "SELECT term, doc FROM search_fts_vocab WHERE term IN "
                f"({_placeholders(len(terms))})",
                terms,
            )
            return {term: int(doc) for term, doc in cursor.fetchall()}
        branches = " UNION ALL ".join(
            ["SELECT %s, count(*) FROM search_document WHERE vector @@ to_tsquery('simple', %s)"]
            * len(terms)
        )
        params: list[Any] = []
        for term in terms:
            params.extend([term, "'" + term.replace("'", "''") + "'"])
        cursor.execute(branches, params)
        return {term: int(n) for term, n in cursor.fetchall()}

    def _lexemes(self, cursor: Any, value: str) -> list[str]:
        """The words of a text as the index stores them (Snowball stems / PostgreSQL lexemes)."""
        if self.sqlite:
            return [text.stem(w) for w in text.words(value) if w not in text.STOP_WORDS]
        cursor.execute(
            "SELECT lexeme, array_length(positions, 1) FROM unnest(to_tsvector('swedish', %s))",
            [value],
        )
        found: list[str] = []
        for lexeme, n in cursor.fetchall():
            found.extend([lexeme] * int(n or 1))
        return found

    def similar(
        self, document: SearchDocument, access: Sequence[str], *, limit: int = 5
    ) -> list[Hit]:
        """Ideas sharing the document's most significant words; other organisations first."""
        tokens = list(dict.fromkeys(access)) or ["public"]
        with self.connection.cursor() as cursor:
            weights: Counter[str] = Counter()
            for lexeme in self._lexemes(cursor, document.title):
                weights[lexeme] += 3
            for lexeme in self._lexemes(cursor, document.summary):
                weights[lexeme] += 2
            for lexeme in self._lexemes(cursor, document.body[:3000]):
                weights[lexeme] += 1
            weights = Counter({t: w for t, w in weights.items() if len(t) > 1})
            candidates = [t for t, _w in weights.most_common(60)]
            frequencies = self._document_frequencies(cursor, candidates)
            total = max(self.count(), 1)
            scored = sorted(
                (
                    (weights[t] * math.log((total + 1) / (frequencies[t] + 0.5)), t)
                    for t in candidates
                    if frequencies.get(t)
                ),
                reverse=True,
            )
            terms = [t for _s, t in scored[:SIMILAR_TERMS]]
            if not terms:
                return []
            marks = _placeholders(len(tokens))
            if self.sqlite:
                match = "{title summary meta body} : (" + " OR ".join(map(_fts_string, terms)) + ")"
                cursor.execute(
                    "WITH r AS MATERIALIZED (SELECT rowid AS id, -bm25(search_fts, 10.0, 4.0, 3.0, "
                    "1.0, 0.0) AS s FROM search_fts WHERE search_fts MATCH %s) "
                    "SELECT d.id, r.s, d.organisation FROM r JOIN search_document d ON d.id = r.id "
                    "WHERE d.doc_type = 'idea' AND d.obj_id <> %s AND d.id IN (SELECT document_id "
                    f"FROM search_access WHERE token IN ({marks})) ORDER BY r.s DESC LIMIT 200",
                    [match, document.id if document.type == "idea" else 0, *tokens],
                )
            else:
                tsquery = " | ".join("'" + t.replace("'", "''") + "'" for t in terms)
                cursor.execute(
                    "SELECT d.id, ts_rank_cd(d.vector, q), d.organisation FROM search_document d, "
                    "to_tsquery('simple', %s) q WHERE d.vector @@ q AND d.doc_type = 'idea' AND "
                    "d.obj_id <> %s AND d.id IN (SELECT document_id FROM search_access WHERE "
                    f"token IN ({marks})) ORDER BY 2 DESC LIMIT 200",
                    [tsquery, document.id if document.type == "idea" else 0, *tokens],
                )
            rows = [(pk, float(s or 0.0), org) for pk, s, org in cursor.fetchall()]
            if not rows:
                return []
            best = rows[0][1]
            rows = [r for r in rows if best <= 0 or r[1] >= best * SIMILAR_MIN_SHARE]
            # Other organisations first: reuse is the point; then by how alike they are.
            rows.sort(key=lambda r: (r[2] == document.organisation, -r[1]))
            rows = rows[:limit]
            highlighter = text.Highlighter(
                text.ParsedQuery([text.Clause((text.Term((t,)),)) for t in terms])
            )
            return self._hits(cursor, [(pk, s) for pk, s, _org in rows], highlighter)

    # --- suggest ------------------------------------------------------------------------

    def suggest(self, prefix: str, access: Sequence[str], *, limit: int = 8) -> list[Hit]:
        """Titles starting with, or containing a word starting with, `prefix`."""
        typed = " ".join(text.words(prefix or ""))[:100]
        if len(typed) < 2:
            return []
        tokens = list(dict.fromkeys(access)) or ["public"]
        marks = _placeholders(len(tokens))
        access_sql = f"d.id IN (SELECT document_id FROM search_access WHERE token IN ({marks}))"
        with self.connection.cursor() as cursor:
            if self.sqlite:
                if len(typed) >= 3:
                    candidates = "SELECT rowid FROM search_tri WHERE title LIKE %s"
                    param = f"%{typed}%"
                else:
                    candidates = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                    param = "title : " + _fts_string(typed) + "*"
                cursor.execute(
                    "SELECT d.id, d.title, d.doc_type FROM search_document d WHERE d.id IN "
                    f"({candidates}) AND {access_sql} "
                    "ORDER BY d.adoption_count DESC, d.created_at DESC LIMIT 400",
                    [param, *tokens],
                )
            else:
                cursor.execute(
                    "SELECT d.id, d.title, d.doc_type FROM search_document d "
                    "WHERE lower(d.title) LIKE %s "
                    f"AND {access_sql} ORDER BY d.adoption_count DESC, d.created_at DESC "
                    "LIMIT 400",
                    [f"%{typed}%", *tokens],
                )
            # Ideas first, then shorter (closer) titles; the SQL order (most reused, newest) next.
            rows = sorted(cursor.fetchall(), key=lambda r: (r[2] != "idea", len(r[1])))
            word_start = re.compile(r"(?:^|[\W_])" + re.escape(typed))
            starts, contains = [], []
            seen: set[str] = set()
            for pk, title, _doc_type in rows:
                lower = title.lower()
                if lower in seen:
                    continue
                if lower.startswith(typed):
                    starts.append((pk, 0.0))
                elif word_start.search(lower):
                    contains.append((pk, 0.0))
                else:
                    continue
                seen.add(lower)
            chosen = (starts + contains)[:limit]
            return self._hits(cursor, chosen, text.Highlighter(text.parse_query(typed)))

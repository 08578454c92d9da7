"""The database search engine: one engine on SQLite and on PostgreSQL.

Documents live in the project's own database: rows of search_document (with their access
tokens and target groups) and the columnar postings of search.backends.columnar, written in
the same transaction as everything else the index changes. A search reads the query as
search.understand has it (thesaurus, questions, corrections, folding) and combines, per
query term, over the postings:

1. the term's Swedish stems (Snowball, å ä ö kept as letters);
2. typed without diacritics: the word it spells with them ("aldre" is "äldre"), at a low
   weight so such matches rank below exact ones;
3. the term's stem inside longer words, for parts of compound words ("abonnemang" finds
   "sophämtningsabonnemang": the vocabulary's written words that contain it);
4. synonyms from the thesaurus and corrections of typos, at their own lower weights.

Clauses are ANDed (in a question or a long query that nothing matches fully: most of them,
more first), OR groups are unions, excluded terms are removed. Hits, totals and facet counts
all come from one set restricted by the query's access tokens inside the engine, computed
with numpy over the postings, so nothing is counted for someone who may not open it.

What only one database has — quoted phrases (word positions: SQLite's FTS5, PostgreSQL's
stored tsvector), the trigram lookups, the write lock, the read snapshot, suggestions — is
in search.backends.sql_sqlite and search.backends.sql_postgresql, built as data; this module
picks one by the connection's vendor and has no other branch on it.
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
from search.backends import columnar, sql_postgresql, sql_sqlite
from search.backends.base import (
    FACETS,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResult,
)

BATCH_SIZE = 500
SIMILAR_TERMS = 12
SIMILAR_MIN_SHARE = 0.2  # similar ideas score at least this share of the best one

ORDERINGS = ("relevance", "newest", "updated", "adoptions")
SQL_MODULES: dict[str, Any] = {
    sql_sqlite.VENDOR: sql_sqlite,
    sql_postgresql.VENDOR: sql_postgresql,
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
    def sql(self) -> Any:
        """The SQL only this database has, as data (search.backends.sql_<vendor>)."""
        return SQL_MODULES[self.vendor]

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

    def _ids_by_key(self, cursor: Any, keys: dict[str, list[int]]) -> dict[str, int]:
        found: dict[str, int] = {}
        for doc_type, obj_ids in keys.items():
            for start in range(0, len(obj_ids), BATCH_SIZE):
                part = obj_ids[start : start + BATCH_SIZE]
                cursor.execute(
                    "SELECT obj_id, id FROM search_document WHERE doc_type = %s AND obj_id IN "
                    f"({_placeholders(len(part))})",
                    [doc_type, *part],
                )
                found.update((f"{doc_type}:{obj_id}", int(pk)) for obj_id, pk in cursor.fetchall())
        return found

    def _delete_ids(self, cursor: Any, ids: list[int]) -> None:
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            marks = _placeholders(len(chunk))
            columnar.remove(cursor, chunk)
            self._run(cursor, self.sql.forget_texts(chunk))
            cursor.execute(f"DELETE FROM search_access WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_target_group WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_document WHERE id IN ({marks})", chunk)

    def _lock_for_writing(self, cursor: Any) -> None:
        self._run(cursor, self.sql.write_lock())

    @staticmethod
    def _run(cursor: Any, statements: Iterable[tuple[str, list[Any]]]) -> list[Any]:
        """Run statements built by the database's SQL module; the last one's rows."""
        rows: list[Any] = []
        for sql, params in statements:
            cursor.execute(sql, params)
            rows = list(cursor.fetchall()) if cursor.description else []
        return rows

    def _new_ids(self, cursor: Any, n: int) -> list[int]:
        # Under the write lock (SQLite: its one writer; PostgreSQL: WRITE_LOCK), so nobody
        # else takes these ids. Dense ids keep the columnar arrays small.
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + n))

    def _index_batch(self, docs: list[SearchDocument]) -> None:
        unique = {doc.key: doc for doc in docs}
        docs = list(unique.values())
        keys: dict[str, list[int]] = {}
        for doc in docs:
            keys.setdefault(doc.type, []).append(doc.id)
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._lock_for_writing(cursor)
            existing = self._ids_by_key(cursor, keys)
            self._delete_ids(cursor, list(existing.values()))
            # A changed document keeps its id (its slot in the columnar arrays).
            fresh = iter(self._new_ids(cursor, sum(1 for d in docs if d.key not in existing)))
            ids = [existing[d.key] if d.key in existing else next(fresh) for d in docs]
            rows: list[tuple[Any, ...]] = []
            texts: list[tuple[int, SearchDocument, str]] = []
            entries: list[columnar.Entry] = []
            access_rows: list[tuple[int, str]] = []
            group_rows: list[tuple[int, str]] = []
            for pk, doc in zip(ids, docs, strict=True):
                meta = _meta(doc)
                all_text = "\n".join((doc.title, doc.summary, meta, doc.body))
                folded = self.sql.folded_text(all_text)
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
                texts.append((pk, doc, meta))
                entries.append(columnar.entry_of_document(pk, doc, meta))
                access_rows.extend((pk, token) for token in sorted(set(doc.access)))
                group_rows.extend((pk, value) for value in sorted(set(doc.target_groups)))
            cursor.executemany(
                f"INSERT INTO search_document (id, {', '.join(DOC_COLUMNS)}) "
                f"VALUES ({_placeholders(len(DOC_COLUMNS) + 1)})",
                rows,
            )
            for sql, text_rows in self.sql.text_rows(texts):
                cursor.executemany(sql, text_rows)
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
            self._lock_for_writing(cursor)
            self._delete_ids(cursor, self._ids_of(cursor, {doc_type: list(ids)}))

    def clear(self) -> None:
        """Remove every document."""
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._lock_for_writing(cursor)
            columnar.clear(cursor)
            self._run(cursor, self.sql.clear_texts())
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
        with self.connection.cursor() as cursor:
            self._run(cursor, self.sql.after_rebuild())
        return done

    # --- matching -----------------------------------------------------------------------

    # --- reading ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _snapshot(self, cursor: Any) -> Iterator[None]:
        """One read transaction, so that every statement of a search sees the same committed
        index (SQLite: deferred, so it takes no write lock; PostgreSQL: repeatable read)."""
        if self.connection.in_atomic_block or not self.connection.get_autocommit():
            yield
            return
        cursor.execute(self.sql.BEGIN_READ)
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):  # the error itself is what matters
                cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def _phrase_documents(self, cursor: Any, term: text.Term) -> list[int]:
        """Documents containing a quoted phrase, words in order, or inside longer words (the
        database's own full-text index: the postings keep no word positions)."""
        found: list[int] = []
        for sql, params in self.sql.phrase_documents(term):
            cursor.execute(sql, params)
            found += [int(r[0]) for r in cursor.fetchall()]
        return found

    def _words_containing(self, cursor: Any, part: str) -> list[int]:
        """Vocabulary ids of the written words that contain a compound part."""
        return [int(r[0]) for r in self._run(cursor, [self.sql.words_containing(part)])]

    def _words_like(self, cursor: Any, word: str, limit: int = 300) -> list[str]:
        """Written words of the index like a typed word (candidates for its correction)."""
        if len(word) < 3:
            return []
        return [str(r[0]) for r in self._run(cursor, self.sql.words_like(word, limit))]

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
        components: list[Any] = []
        if term.phrase:
            # The postings keep no word positions: which documents have the phrase comes from
            # the database's own full-text index; the score from the words' postings, as for
            # any other term (so both databases rank phrases alike).
            mask = np.zeros(size, bool)
            found = np.unique(np.asarray(self._phrase_documents(cursor, term), np.int64))
            found = found[found < size]
            mask[found] = True
            if scored and len(found):
                score = np.zeros(size, np.float64)
                for word in term.words:
                    docs, weights = columnar.combine(
                        state, [post.get("s:" + text.stem(word), empty)]
                    )
                    if len(docs):
                        score[docs] += columnar.bm25(state, (docs, weights))
                score[found] = np.maximum(score[found], 1e-6)  # found inside a longer word
                components.append((found, term.weight * score[found]))
            return mask, components
        if term.every:
            # All the words, anywhere (a synonym of several words): each word by its stems.
            mask = np.ones(size, bool)
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
                wanted.update("s:" + text.stem(w) for w in term.words)
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
                    for pk in self._words_containing(cursor, part):
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
            candidates = self._words_like(cursor, word)
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

    @staticmethod
    def _lookups(cursor: Any, state: columnar.State) -> dict[str, Any]:
        """Facet codes and target-group postings, kept with the state they belong to."""
        lookups = state.lookups
        if "groups" not in lookups:
            group_ids = columnar.terms_with_prefix(cursor, "g:")
            group_postings = columnar.postings(cursor, group_ids.values(), state.size)
            lookups["groups"] = {
                term[2:]: group_postings[pk][0]
                for term, pk in group_ids.items()
                if pk in group_postings and len(group_postings[pk][0])
            }
            names = columnar.facet_code_names(cursor)
            lookups["codes"] = {(facet, value): pk for pk, (facet, value) in names.items()}
            lookups["names"] = names
        return lookups

    @staticmethod
    def _access_mask(state: columnar.State, tokens: list[str], post: dict[str, Any]) -> Any:
        """The live documents the access tokens open ("a:<token>" postings must be read)."""
        access = state.public.copy() if columnar.PUBLIC in tokens else np.zeros(state.size, bool)
        for token in tokens:
            if token != columnar.PUBLIC and "a:" + token in post:
                access[post["a:" + token][0]] = True
        return access & state.present

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
            lookups = self._lookups(cursor, state)
            groups: dict[str, Any] = lookups["groups"]
            access_terms = {"a:" + t for t in tokens if t != columnar.PUBLIC}
            all_terms = [t for c in understood.parsed.clauses for t in c.terms]
            words = self._read_words(cursor, state, all_terms, access_terms)
            post = words.post

            base = self._access_mask(state, tokens, post)

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
        """The query over the columnar postings, on either database (the module docstring)."""
        parsed = text.parse_query(query.q)
        ordering = query.ordering if query.ordering in ORDERINGS else "relevance"
        if ordering == "relevance" and parsed.is_empty:
            ordering = "newest"
        page_size = max(1, min(int(query.page_size), 100))
        offset = (max(1, int(query.page)) - 1) * page_size
        return self._columnar_search(query, query.q, ordering, page_size, offset)

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

    def similar(
        self, document: SearchDocument, access: Sequence[str], *, limit: int = 5
    ) -> list[Hit]:
        """Ideas sharing the document's most significant words; other organisations first.

        The document's stems weighted by where they stand (title 3, summary 2, body 1) and
        how rare they are; the ideas scored by BM25 over those stems' postings."""
        tokens = list(dict.fromkeys(access)) or ["public"]
        weights: Counter[str] = Counter()
        for value, weight in (
            (document.title, 3),
            (document.summary, 2),
            (document.body[:3000], 1),
        ):
            for word in text.words(value):
                if word not in text.STOP_WORDS and len(word) > 1:
                    weights[text.stem(word)] += weight
        candidates = [t for t, _w in weights.most_common(60)]
        if not candidates:
            return []
        with self.connection.cursor() as cursor, self._snapshot(cursor):
            state = self._reader.state(cursor)
            lookups = self._lookups(cursor, state)
            wanted = {"s:" + t for t in candidates} | {
                "a:" + t for t in tokens if t != columnar.PUBLIC
            }
            ids = columnar.term_ids(cursor, wanted)
            by_id = {pk: term for term, pk in ids.items()}
            post = {
                by_id[pk]: value
                for pk, value in columnar.postings(cursor, by_id.keys(), state.size).items()
            }
            base = self._access_mask(state, tokens, post)
            idea_code = lookups["codes"].get(("type", "idea"), -1)
            base &= state.columns["type"] == idea_code
            cursor.execute(
                "SELECT id FROM search_document WHERE doc_type = %s AND obj_id = %s",
                [document.type, document.id],
            )
            own = cursor.fetchone()
            if own is not None and own[0] < state.size:
                base[own[0]] = False
            live = max(state.live, 1)
            ranked_terms = sorted(
                (
                    (weights[t] * math.log((live + 1) / (len(post["s:" + t][0]) + 0.5)), t)
                    for t in candidates
                    if "s:" + t in post and len(post["s:" + t][0])
                ),
                reverse=True,
            )
            terms = [t for _s, t in ranked_terms[:SIMILAR_TERMS]]
            score = np.zeros(state.size, np.float64)
            for term in terms:
                docs, term_weights = post["s:" + term]
                score[docs] += columnar.bm25(state, (docs, term_weights))
            score[~base] = 0.0
            found = np.flatnonzero(score)
            if not len(found):
                return []
            best = float(score[found].max())
            found = found[score[found] >= best * SIMILAR_MIN_SHARE]
            own_code = lookups["codes"].get(("organisation", document.organisation), -1)
            same = state.columns["organisation"][found] == own_code
            # Other organisations first: reuse is the point; then by how alike they are.
            order = np.lexsort((-score[found], same))[:limit]
            ranked = [(int(found[i]), float(score[found[i]])) for i in order]
            highlighter = text.Highlighter(
                text.ParsedQuery([text.Clause((text.Term((t,)),)) for t in terms])
            )
            return self._hits(cursor, ranked, highlighter)

    # --- suggest ------------------------------------------------------------------------

    def suggest(self, prefix: str, access: Sequence[str], *, limit: int = 8) -> list[Hit]:
        """Titles starting with, or containing a word starting with, `prefix`."""
        typed = " ".join(text.words(prefix or ""))[:100]
        if len(typed) < 2:
            return []
        tokens = list(dict.fromkeys(access)) or ["public"]
        with self.connection.cursor() as cursor:
            sql, params = self.sql.suggest_candidates(typed, tokens)
            cursor.execute(sql, params)
            # Ideas first, then shorter (closer) titles; the SQL order (most reused, newest) next.
            rows = sorted(cursor.fetchall(), key=lambda r: (r[2] != "idea", len(r[1])))
            word_start = re.compile(r"(?:^|[\W_])" + re.escape(typed))
            starts, contains = [], []
            seen: set[str] = set()
            for pk, title, _doc_type in rows:
                lower = title.lower()
                if lower in seen:
                    continue
                # A real score: a title that starts with the typed text beats one with a word
                # that does, and the more of the title the typed text covers, the better.
                closeness = len(typed) / max(len(lower), 1)
                if lower.startswith(typed):
                    starts.append((pk, round(2.0 + closeness, 4)))
                elif word_start.search(lower):
                    contains.append((pk, round(1.0 + closeness, 4)))
                else:
                    continue
                seen.add(lower)
            chosen = (starts + contains)[:limit]
            return self._hits(cursor, chosen, text.Highlighter(text.parse_query(typed)))

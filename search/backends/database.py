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
in search.backends.sql_sqlite and search.backends.sql_postgresql, built as data; the engine
picks one by the connection's vendor and has no other branch on it. Writes are in
search.backends.database_index, matching terms in search.backends.matching, reading the
postings in search.backends.columnar_read.
"""

# SQL here is assembled from constant fragments and placeholders only; every value the user
# typed travels as a query parameter, never in the SQL text.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from search import text, understand
from search import thesaurus as thesaurus_module
from search.backends import columnar
from search.backends import columnar_read as reading
from search.backends.base import (
    FACETS,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResult,
)
from search.backends.database_index import HIT_COLUMNS, ORDERINGS, DatabaseIndex, _placeholders
from search.backends.matching import Matcher


class DatabaseBackend(DatabaseIndex):
    """Search in the project's own database (see the module docstring); writes are
    DatabaseIndex's."""

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
            lookups = reading.lookups(cursor, state)
            access_terms = {"a:" + t for t in tokens if t != columnar.PUBLIC}
            all_terms = [t for c in understood.parsed.clauses for t in c.terms]
            matcher = Matcher(cursor, state, self.sql)
            words = matcher.read_words(all_terms, access_terms)
            post = words.post

            base = reading.access_mask(state, tokens, post)

            # What the query matches, and how well (a typed word that finds nothing the
            # searcher may see is corrected, and the query matched again with it).
            score, coverage, unmatched = matcher.match(understood.parsed, words, base)
            corrections = matcher.corrections(unmatched, thesaurus, base)
            if corrections:
                understood = understand.with_corrections(understood, corrections)
                if thesaurus:
                    corrected = understand.apply_thesaurus(understood.parsed, thesaurus)
                    understood.parsed = corrected.parsed
                    understood.expansions += corrected.expansions
                all_terms = [t for c in understood.parsed.clauses for t in c.terms]
                words = matcher.read_words(all_terms, access_terms)
                score, coverage, _unmatched = matcher.match(understood.parsed, words, base)

            # Every clause must match, or else (questions, long queries) most of them.
            parsed = understood.parsed
            relaxed = False
            if parsed.positive:
                n = len(parsed.positive)
                strict = coverage >= n
                needed = understood.min_should_match(all_failed=not (strict & base).any())
                matched = coverage >= needed
                relaxed = needed < n and bool((matched & ~strict & base).any())
                base &= matched
            for clause in parsed.negative:
                for term in clause.terms:
                    mask, _ = matcher.term_match(term, words, scored=False)
                    base &= ~mask

            # Facet filters: AND across facets, OR within one; each facet's counts under the
            # other facets' filters.
            total_mask, facets = reading.filtered_facets(state, base, filters, lookups)

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
                page = reading.top(keys, candidates, offset + page_size)[offset:]
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
        weights = Counter(dict(weights.most_common(60)))
        candidates = list(weights)
        if not candidates:
            return []
        with self.connection.cursor() as cursor, self._snapshot(cursor):
            state = self._reader.state(cursor)
            lookups = reading.lookups(cursor, state)
            wanted = {"s:" + t for t in candidates} | {
                "a:" + t for t in tokens if t != columnar.PUBLIC
            }
            ids = reading.term_ids(cursor, wanted)
            by_id = {pk: term for term, pk in ids.items()}
            post = {
                by_id[pk]: value
                for pk, value in reading.postings(cursor, by_id.keys(), state.size).items()
            }
            base = reading.access_mask(state, tokens, post)
            idea_code = lookups["codes"].get(("type", "idea"), -1)
            base &= state.columns["type"] == idea_code
            cursor.execute(
                "SELECT id FROM search_document WHERE doc_type = %s AND obj_id = %s",
                [document.type, document.id],
            )
            own = cursor.fetchone()
            if own is not None and own[0] < state.size:
                base[own[0]] = False
            terms, ranked = reading.similar_ranked(
                state,
                post,
                base,
                weights,
                same_organisation=state.columns["organisation"]
                == lookups["codes"].get(("organisation", document.organisation), -1),
                limit=limit,
            )
            if not ranked:
                return []
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

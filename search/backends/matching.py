"""The matching half of the database search engine: what one query term matches over the
columnar postings, with which score, and what a typed word that matches nothing was meant as.

A Matcher works inside one read snapshot (a cursor and the postings' state, see
search.backends.database) on one database's SQL (search.backends.sql_<vendor>). Per term:

1. its Swedish stems (and the stems of its definite forms, search.text.stem_variants);
2. typed without diacritics: the written word it spells with them ("aldre" -> "äldre"), at
   FOLDED_WEIGHT; its own stem only if it is itself a word of the index (else "aldre" would
   also find "aldrig", which stems alike);
3. its stems inside longer words (compound parts), at PART_WEIGHT;
4. a quoted phrase: the documents from the database's full-text index, the score from the
   words' postings; several words of a synonym: all of them.

Every score is multiplied by the term's weight (synonyms and corrections count less).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from search import text, understand
from search.backends import columnar
from search.backends import columnar_read as reading


def run(cursor: Any, statements: Iterable[tuple[str, list[Any]]]) -> list[Any]:
    """Run statements built by a database's SQL module; the last one's rows."""
    rows: list[Any] = []
    for sql, params in statements:
        cursor.execute(sql, params)
        rows = list(cursor.fetchall()) if cursor.description else []
    return rows


class Words:
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


class Matcher:
    """Term matching within one read snapshot (see the module docstring)."""

    def __init__(self, cursor: Any, state: reading.State, sql: Any) -> None:
        self.cursor = cursor
        self.state = state
        self.sql = sql

    def phrase_documents(self, term: text.Term) -> list[int]:
        """Documents containing a quoted phrase, words in order, or inside longer words (the
        database's own full-text index: the postings keep no word positions)."""
        found: list[int] = []
        for sql, params in self.sql.phrase_documents(term):
            self.cursor.execute(sql, params)
            found += [int(r[0]) for r in self.cursor.fetchall()]
        return found

    def words_containing(self, part: str) -> list[int]:
        """Vocabulary ids of the written words that contain a compound part."""
        return [int(r[0]) for r in run(self.cursor, [self.sql.words_containing(part)])]

    def words_like(self, word: str, limit: int = 300) -> list[str]:
        """Written words of the index like a typed word (candidates for its correction)."""
        if len(word) < 3:
            return []
        return [str(r[0]) for r in run(self.cursor, self.sql.words_like(word, limit))]

    def term_match(
        self,
        term: text.Term,
        words: Words,
        *,
        scored: bool,
    ) -> tuple[Any, list[Any]]:
        """The documents a query term matches (a boolean array by document id) and, when
        `scored`, its BM25 score components (see search.backends.columnar), each already
        multiplied by the term's weight."""
        size = self.state.size
        post = words.post
        empty = reading.EMPTY
        components: list[Any] = []
        if term.phrase:
            # The postings keep no word positions: which documents have the phrase comes from
            # the database's own full-text index; the score from the words' postings, as for
            # any other term (so both databases rank phrases alike).
            mask = np.zeros(size, bool)
            found = np.unique(np.asarray(self.phrase_documents(term), np.int64))
            found = found[found < size]
            mask[found] = True
            if scored and len(found):
                score = np.zeros(size, np.float64)
                for word in term.words:
                    docs, weights = reading.combine(
                        self.state, [post.get("s:" + text.stem(word), empty)]
                    )
                    if len(docs):
                        score[docs] += reading.bm25(self.state, (docs, weights))
                score[found] = np.maximum(score[found], 1e-6)  # found inside a longer word
                components.append((found, term.weight * score[found]))
            return mask, components
        if term.every:
            # All the words, anywhere (a synonym of several words): each word by its stems.
            mask = np.ones(size, bool)
            for word in term.words:
                either = np.zeros(size, bool)
                for variant in text.stem_variants(word):
                    docs, weights = reading.combine(self.state, [post.get("s:" + variant, empty)])
                    if len(docs):
                        either[docs] = True
                        if scored:
                            components.append(
                                (docs, term.weight * reading.bm25(self.state, (docs, weights)))
                            )
                mask &= either
            return mask, [(d[mask[d]], v[mask[d]]) for d, v in components]
        mask = np.zeros(size, bool)
        lists: list[tuple[list[reading.Sparse], float]] = []
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
            docs, weights = reading.combine(self.state, postings)
            if not len(docs):
                continue
            mask[docs] = True
            if scored:
                components.append(
                    (docs, term.weight * factor * reading.bm25(self.state, (docs, weights)))
                )
        return mask, components

    def read_words(self, terms: list[text.Term], extra: Iterable[str]) -> Words:
        """Read what the terms need: their stems' postings, whether each typed word is a word
        of the index, its forms with diacritics, and the written words containing its parts."""
        words = Words()
        wanted = set(extra)
        typed = [t.words[0] for t in terms if t.typed and not t.phrase and not t.every]
        folded = [t.words[0] for t in terms if t.folded and not t.phrase and not t.every]
        words.restored = reading.restorations(self.cursor, folded)
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
        ids = reading.term_ids(self.cursor, wanted)
        by_id = {pk: term for term, pk in ids.items()}
        words.post = {
            by_id[pk]: value
            for pk, value in reading.postings(self.cursor, by_id.keys(), self.state.size).items()
        }
        words.known = {w for w in typed if len(words.post.get("w:" + w, reading.EMPTY)[0])}
        part_ids: dict[int, str] = {}
        for term in terms:
            if term.phrase:
                continue
            for part in words.parts_of(term):
                if part not in words.parts:
                    words.parts[part] = []
                    for pk in self.words_containing(part):
                        words.parts[part].append(f"#{pk}")
                        part_ids[pk] = f"#{pk}"
        if part_ids:
            words.post.update(
                (part_ids[pk], value)
                for pk, value in reading.postings(
                    self.cursor, part_ids.keys(), self.state.size
                ).items()
            )
        return words

    def match(
        self,
        parsed: text.ParsedQuery,
        words: Words,
        base: Any,
    ) -> tuple[Any, Any, list[text.Clause]]:
        """Scores and how many positive clauses each document matches; and the clauses of
        one typed word that match nothing the searcher may see (candidates for a typo)."""
        score = np.zeros(self.state.size, np.float64)
        coverage = np.zeros(self.state.size, np.int32)
        unmatched: list[text.Clause] = []
        for clause in parsed.positive:
            either = np.zeros(self.state.size, bool)
            for term in clause.terms:
                mask, components = self.term_match(term, words, scored=True)
                either |= mask
                for docs, values in components:
                    score[docs] += values
            coverage += either
            term = clause.terms[0]
            single = len(clause.terms) == 1 and term.typed and not term.phrase and not term.every
            if single and not (either & base).any():
                unmatched.append(clause)
        return score, coverage, unmatched

    def corrections(
        self,
        unmatched: list[text.Clause],
        thesaurus: Any,
        base: Any,
    ) -> dict[str, str]:
        """For each typed word that matched nothing visible, the word of the index (or of the
        thesaurus) it was most likely meant as — only if that finds something visible."""
        corrections: dict[str, str] = {}
        for clause in unmatched:
            term = clause.terms[0]
            word = term.words[0]
            candidates = self.words_like(word)
            if thesaurus is not None:
                candidates += [w for w in thesaurus.single_words if abs(len(w) - len(word)) <= 2]
            for candidate in understand.best_corrections(word, candidates)[:5]:
                trial = understand.with_corrections(
                    understand.Understood(text.ParsedQuery([clause])), {word: candidate}
                )
                if thesaurus is not None:
                    trial = understand.apply_thesaurus(trial.parsed, thesaurus)
                found = np.zeros(self.state.size, bool)
                extra = self.read_words(trial.parsed.positive_terms(), ())
                for alternative in trial.parsed.positive_terms():
                    m, _ = self.term_match(alternative, extra, scored=False)
                    found |= m
                if (found & base).any():
                    corrections[word] = candidate
                    break
        return corrections

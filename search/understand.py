"""What a query means beyond its words: synonyms from the thesaurus, corrections of typos,
and how much of a long query must match. Engine-independent: every backend reads the same
`Understood` query, so a search means the same on SQLite, PostgreSQL and Elasticsearch.

- Question words are dropped by the parser (search.text.QUESTION_WORDS).
- A word, or a run of up to four words, that is a term of a thesaurus group becomes one
  clause: the words as typed (weight 1.0) or any other term of the group (SYNONYM_WEIGHT).
  Typed without diacritics, the run is looked up folded too ("hemtjanst").
- A typed word that matches nothing the searcher may see is corrected against the index's
  own words (edit distance, never an external service), searched as the correction, and
  the page offers "Menade du …?" (the engines supply the vocabulary: `near_words`).
- When no document matches every clause, documents matching most of them are returned
  (`min_should_match`), ranked by how many they match; the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from search import text
from search.backends.base import Expanded, QueryNotes
from search.thesaurus import MAX_TERM_WORDS, SYNONYM_WEIGHT, Group, Thesaurus

#: Score factor of a match through a corrected word (below the word itself, above synonyms
#: of it: the correction is what the person meant).
CORRECTION_WEIGHT = 0.8
#: A question's words need not all match: at least this share of them (rounded up).
QUESTION_SHARE = 0.5
#: Other queries of at least this many words, when no document has them all, match most
#: of them (more than half).
RELAXED_FROM = 3
#: The longest edit distance accepted for a correction, by word length.
SHORTEST_CORRECTED = 4


@dataclass(frozen=True)
class Expansion:
    """Words the person typed that a thesaurus group stands for."""

    typed: str
    group: Group


@dataclass
class Understood:
    """A parsed query with the thesaurus applied, and what to tell the person about it."""

    parsed: text.ParsedQuery
    expansions: list[Expansion] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> correction
    english: bool = False  # the query has English words the thesaurus knows

    @property
    def clause_count(self) -> int:
        return len(self.parsed.positive)

    def min_should_match(self, *, all_failed: bool) -> int:
        """How many positive clauses a document must match: all of them, except in a
        question (half, rounded up) and, when no document matches them all, in a query of
        RELAXED_FROM words or more (more than half)."""
        n = self.clause_count
        if n <= 1:
            return n
        if self.parsed.question:
            return max(1, math.ceil(n * QUESTION_SHARE))
        if all_failed and n >= RELAXED_FROM:
            return n // 2 + 1
        return n

    def did_you_mean(self, q: str) -> str:
        """The query as typed, with each corrected word replaced (empty if none was)."""
        if not self.corrections:
            return ""
        out = q
        for typed, corrected in self.corrections.items():
            out = _replace_word(out, typed, corrected)
        return out

    def related(self) -> list[Group]:
        return [e.group for e in self.expansions]


def _replace_word(q: str, word: str, replacement: str) -> str:
    parts = []
    position = 0
    for match in text.WORD_RE.finditer(q):
        if match.group().lower() == word:
            parts.append(q[position : match.start()])
            parts.append(replacement)
            position = match.end()
    parts.append(q[position:])
    return "".join(parts)


def _alternatives(group: Group, typed_stems: tuple[str, ...]) -> list[text.Term]:
    """The group's Swedish terms other than the one typed, as terms to search."""
    found: list[text.Term] = []
    for term in group.terms:
        kept = tuple(w for w in text.words(term) if w not in text.DROPPED_WORDS)
        if not kept or tuple(text.stem(w) for w in kept) == typed_stems:
            continue
        words = tuple(text.words(term))
        if len(words) > 1:
            # A synonym of several words is a phrase: "hjälp i hemmet" in that order, not
            # "hjälp" somewhere and "hemma" somewhere else.
            # Not also inside longer words: a phrase is precise enough, and that lookup scans
            # the text itself.
            found.append(
                text.Term(words, phrase=True, weight=SYNONYM_WEIGHT, typed=False, compound=False)
            )
        else:
            found.append(text.Term(kept, weight=SYNONYM_WEIGHT, typed=False))
    return found


def _single_word(clause: text.Clause) -> str | None:
    if clause.negative or len(clause.terms) != 1:
        return None
    term = clause.terms[0]
    return term.words[0] if not term.phrase and len(term.words) == 1 else None


def apply_thesaurus(parsed: text.ParsedQuery, thesaurus: Thesaurus) -> Understood:
    """Each run of words that is a thesaurus term becomes one clause: it, or its synonyms."""
    understood = Understood(parsed)
    if not len(thesaurus) or parsed.is_empty:
        return understood
    clauses = parsed.clauses
    out: list[text.Clause] = []
    i = 0
    while i < len(clauses):
        clause = clauses[i]
        matched = False
        if _single_word(clause) is not None:
            for length in range(min(MAX_TERM_WORDS, len(clauses) - i), 0, -1):
                run = [_single_word(c) for c in clauses[i : i + length]]
                if any(w is None for w in run):
                    continue
                words = tuple(w for w in run if w is not None)
                stems = tuple(text.stem(w) for w in words)
                folded = not any(text.has_diacritics(w) for w in words)
                group = thesaurus.group_of(stems, folded=folded)
                if group is None:
                    continue
                own = clause.terms[0] if length == 1 else text.Term(words, every=True)
                out.append(text.Clause((own, *_alternatives(group, stems))))
                understood.expansions.append(Expansion(" ".join(words), group))
                if _is_english(words, group):
                    understood.english = True
                i += length
                matched = True
                break
        elif not clause.negative:
            # A quoted phrase or an OR group: each of its terms gets its own synonyms.
            terms: list[text.Term] = []
            for term in clause.terms:
                terms.append(term)
                if not term.typed:
                    continue
                stems = tuple(text.stem(w) for w in term.words if w not in text.DROPPED_WORDS)
                group = thesaurus.group_of(stems, folded=term.folded)
                if group is not None:
                    terms.extend(_alternatives(group, stems))
                    understood.expansions.append(Expansion(" ".join(term.words), group))
            out.append(text.Clause(tuple(dict.fromkeys(terms))))
            i += 1
            continue
        if not matched:
            out.append(clause)
            i += 1
    understood.parsed = text.ParsedQuery(out, question=parsed.question)
    return understood


def _is_english(words: Sequence[str], group: Group) -> bool:
    typed = " ".join(words)
    return any(" ".join(text.words(term)) == typed for term in group.english)


def with_corrections(understood: Understood, corrections: dict[str, str]) -> Understood:
    """The query with each corrected word searched as its correction (CORRECTION_WEIGHT)."""
    if not corrections:
        return understood
    out: list[text.Clause] = []
    for clause in understood.parsed.clauses:
        terms: list[text.Term] = []
        for term in clause.terms:
            terms.append(term)
            word = term.words[0] if term.typed and not term.phrase and not term.every else None
            if word in corrections:
                terms.append(text.Term((corrections[word],), weight=CORRECTION_WEIGHT, typed=False))
        out.append(text.Clause(tuple(terms), negative=clause.negative))
    understood.parsed = text.ParsedQuery(out, question=understood.parsed.question)
    understood.corrections = dict(corrections)
    return understood


def understand(q: str, thesaurus: Thesaurus) -> Understood:
    """Parse the query and apply the thesaurus (corrections come from the engine)."""
    return apply_thesaurus(text.parse_query(q), thesaurus)


# --- Typos ---------------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (Levenshtein plus swapped neighbours), or limit + 1
    as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def max_distance(word: str) -> int:
    """One edit for words of up to seven letters, two for longer ones; none for short ones."""
    if len(word) < SHORTEST_CORRECTED:
        return 0
    return 1 if len(word) <= 7 else 2


def trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}


def best_corrections(word: str, candidates: Iterable[str]) -> list[str]:
    """Candidates within the word's edit distance, closest first (then the most trigrams in
    common, then alphabetical); diacritics count as no edit ("forskola" -> "förskola")."""
    limit = max_distance(word)
    if not limit:
        return []
    folded = text.fold(word)
    grams = trigrams(word)
    ranked = []
    for candidate in set(candidates):
        if candidate == word:
            continue
        distance = edit_distance(folded, text.fold(candidate), limit)
        if distance <= limit:
            ranked.append((distance, -len(grams & trigrams(candidate)), candidate))
    return [c for _d, _g, c in sorted(ranked)]


def notes_for(
    q: str, understood: Understood, thesaurus: Thesaurus, *, relaxed: bool, count: int
) -> QueryNotes:
    """What to tell the person: the correction used, the synonyms searched, whether only
    most words matched, and (when little was found) related terms from the thesaurus."""
    expanded = []
    seen: set[str] = set()
    for expansion in understood.expansions:
        if expansion.group.key in seen:
            continue
        seen.add(expansion.group.key)
        others = [t for t in expansion.group.terms if t != expansion.typed]
        expanded.append(Expanded(expansion.typed, expansion.group.label, others))
    related: list[str] = []
    if count < 3:
        for expansion in understood.expansions:
            for group in thesaurus.related(expansion.group.key):
                if group.label not in related:
                    related.append(group.label)
    return QueryNotes(
        did_you_mean=understood.did_you_mean(q),
        corrections=dict(understood.corrections),
        expanded=expanded,
        relaxed=relaxed,
        english=understood.english,
        related=related[:8],
    )

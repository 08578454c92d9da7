"""Swedish text handling shared by the database backends: words, stems, folding, the query
parser and the snippet highlighter.

Both vendors see the same parsed query, so a query means the same on SQLite and on
PostgreSQL: words are ANDed, "quoted phrases" match in order, ``OR`` between two parts
accepts either, ``-word`` excludes. Anything else the user types (unbalanced quotes,
parentheses, ``*``, ``:``, ``NEAR``…) is reduced to plain words, so no input can reach an
engine as syntax.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import snowballstemmer

# Letters and digits (no underscore), which is also what FTS5's unicode61 tokenizer keeps.
WORD_RE = re.compile(r"[^\W_]+")

# Swedish stop words: the Snowball list, which is also PostgreSQL's `swedish` configuration's.
# Dropped from queries on both vendors so that "stöd för äldre" means "stöd äldre" everywhere.
STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra
    ert era vilkas
    """.split()
)

# Words that carry no meaning in a question ("hur ansöker jag om hemtjänst"): dropped from
# queries like stop words, but not from the index. Swedish beyond the Snowball list, and the
# English function words of a question ("how do I apply for home care").
QUESTION_WORDS = frozenset(
    """
    vad när vem varför finns få får fick ska skall måste kunna kunde göra gör gjort man
    behöver behöva vill ville hitta hittar söka söker var någonstans går gå
    how do does i we you what where when who which why can could is are the a an to of
    for in on at my our your me please find get help with about
    """.split()
)
#: What a query drops outside quoted phrases.
DROPPED_WORDS = STOP_WORDS | QUESTION_WORDS

#: A query part shorter than this is not searched as a part of a longer (compound) word:
#: "bil" inside "mobil" or "stabil" would be noise.
MIN_PART_LENGTH = 4
MAX_QUERY_TERMS = 32

_stemmer = snowballstemmer.stemmer("swedish")


def escape(value: str) -> str:
    """HTML-escaped text (what django.utils.html.escape gives, without its lazy-string
    wrapper, which costs more than the escaping on the thousands of words of a page)."""
    return html.escape(value)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Swedish stem of a lower-case word (å, ä, ö kept)."""
    return _stemmer.stemWord(word)


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Text without diacritics: "äldre" -> "aldre" (what someone without å ä ö types)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-case words of a text, in order."""
    return WORD_RE.findall(text.lower())


def stemmed(text: str) -> str:
    """The text as its stems, in order (what the SQLite index stores)."""
    return " ".join(stem(w) for w in words(text))


def folded_stemmed(text: str) -> str:
    return " ".join(fold(stem(w)) for w in words(text))


def stem_variants(word: str) -> tuple[str, ...]:
    """The stems a query word stands for.

    The Snowball stemmer leaves some forms of one word as different stems, so the query
    searches each as the other (the index keeps plain Snowball stems):
    - nouns in -an take -ningar in the plural (ansökan -> ansökningar, anmälan ->
      anmälningar);
    - the definite -n of nouns in -a is kept (förskolan, gatan, hyran: förskola -> förskol);
    - the definite -et is kept after some words (matavfallet, but matavfall).
    """
    base = stem(word)
    variants = [base]

    def add(variant: str) -> None:
        if variant and variant not in variants:
            variants.append(variant)

    if base.endswith("ning") and len(base) >= 8:
        add(base[:-4] + "an")
    elif base.endswith("an") and len(base) >= 7:
        add(base[:-2] + "ning")
    if base == word and len(word) >= 5:
        if word.endswith("an"):
            add(stem(word[:-1]))  # förskolan -> förskola -> förskol
        elif word.endswith("et"):
            add(stem(word[:-2]))  # matavfallet -> matavfall
        elif word[-1] not in "aeiouyåäö" and stem(word + "et") == word + "et":
            add(word + "et")  # matavfall -> matavfallet
    if word.endswith("a") and len(word) >= 4 and stem(word + "n") == word + "n":
        add(word + "n")  # förskola -> förskolan
    return tuple(variants)


def has_diacritics(word: str) -> bool:
    return fold(word) != word


@dataclass(frozen=True)
class Term:
    """One word or one quoted phrase of a query, or what search added for it.

    `every`: all the words, in any order (a synonym of several words: "hjälp i hemmet");
    `weight`: how much a match counts against the word itself (synonyms and corrections
    count less); `typed`: the user wrote it (only typed words are folded or corrected).
    """

    words: tuple[str, ...]  # lower-case
    phrase: bool = False
    every: bool = False
    weight: float = 1.0
    typed: bool = True
    # Typed without diacritics, not a word of the index, but the same letters as one with
    # them ("aldre" = "äldre"): it matches only that word. The database engine finds this
    # out itself from its vocabulary; the Elasticsearch backend marks the term after asking.
    restore: bool = False
    # Typed without diacritics and itself a word of the index ("aldrig"): its stem is not
    # also matched folded (that would find "äldre"), only words that fold to it exactly.
    # Marked by the Elasticsearch backend; the database engine reads its vocabulary.
    known: bool = False
    # Also looked for inside longer words (compound parts); a synonym of several words is not.
    compound: bool = True

    @property
    def variants(self) -> tuple[str, ...]:
        """Stems of a single word (see stem_variants); a phrase's stems in order, one string;
        every word's stems for an `every` term."""
        if self.phrase:
            return (" ".join(stem(w) for w in self.words),)
        if self.every:
            return tuple(v for w in self.words for v in stem_variants(w))
        return stem_variants(self.words[0])

    @property
    def folded(self) -> bool:
        """Whether the term also matches text with diacritics (it was typed without any)."""
        return self.typed and not any(has_diacritics(w) for w in self.words)

    @property
    def parts(self) -> tuple[str, ...]:
        """Strings searched inside longer words (compound parts): the stems of a word, or the
        phrase as typed; empty when too short to mean anything."""
        if self.every or not self.compound:
            return ()
        if self.phrase:
            text = " ".join(self.words)
            return (text,) if len(text) >= MIN_PART_LENGTH else ()
        return tuple(v for v in self.variants if len(v) >= MIN_PART_LENGTH)


@dataclass(frozen=True)
class Clause:
    """Terms joined by OR; a negative clause excludes what it matches."""

    terms: tuple[Term, ...]
    negative: bool = False


#: A query starting with one of these (or ending with "?") is a question: its words need not
#: all match (search.understand).
QUESTION_STARTERS = frozenset(
    """
    hur när var vad vem vilken vilket vilka varför kan får ska skall måste behöver finns
    how what where when who which why can do does is are
    """.split()
)


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    question: bool = False  # asked as a question ("hur ansöker jag om hemtjänst?")

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negative]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negative]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def positive_terms(self) -> list[Term]:
        return [t for c in self.positive for t in c.terms]


_TOKEN_RE = re.compile(r'(-?)"([^"]*)("?)|(\S+)')


def parse_query(q: str) -> ParsedQuery:
    """Parse user input into AND-ed clauses; never raises.

    An opening quote without its closing quote quotes the rest of the input, as the user
    evidently meant to. Stop words are dropped outside phrases; a phrase of stop words only
    is dropped too.
    """
    items: list[tuple[Term | None, bool]] = []  # (term, negative); None stands for OR
    for match in _TOKEN_RE.finditer(q or ""):
        minus, phrase_text, _closing, bare = match.groups()
        if phrase_text is not None:
            found = words(phrase_text)
            if not found or all(w in DROPPED_WORDS for w in found):
                continue
            if len(found) == 1:
                items.append((Term((found[0],)), bool(minus)))
            else:
                items.append((Term(tuple(found), phrase=True), bool(minus)))
            continue
        if bare == "OR":
            items.append((None, False))
            continue
        negative = bare.startswith("-") and len(bare) > 1
        for word in words(bare):
            if word in DROPPED_WORDS:
                continue
            # "-foo-bar": every part of it is excluded.
            items.append((Term((word,)), negative))
    clauses: list[Clause] = []
    pending_or = False
    for term, negative in items:
        if term is None:
            pending_or = bool(clauses) and not clauses[-1].negative
            continue
        if pending_or and not negative:
            last = clauses[-1]
            if term not in last.terms:
                clauses[-1] = Clause(last.terms + (term,))
        elif not any(c.terms == (term,) and c.negative == negative for c in clauses):
            clauses.append(Clause((term,), negative=negative))
        pending_or = False
    # A query of exclusions only lists everything but them; very long input is cut, not refused.
    typed = words(q or "")
    question = (q or "").strip().endswith("?") or bool(typed and typed[0] in QUESTION_STARTERS)
    return ParsedQuery(clauses[:MAX_QUERY_TERMS], question=question)


# --- Snippets -------------------------------------------------------------------------------

SNIPPET_WORDS = 32


class Highlighter:
    """Marks the words of a text that a query matched, escaping everything else."""

    def __init__(self, parsed: ParsedQuery) -> None:
        terms = parsed.positive_terms()
        self.stems: set[str] = set()
        self.folded: set[str] = set()
        self.parts: set[str] = set()
        self._seen: dict[str, bool] = {}  # word as written -> whether it matches
        for term in terms:
            for word in term.words if term.phrase else ():
                self.stems.add(stem(word))
                if term.folded:
                    self.folded.add(stem(word))
            if not term.phrase:
                self.stems.update(term.variants)
                if term.folded:
                    self.folded.update(term.variants)
                self.parts.update(term.parts)

    def matches(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = self._matches(word)
        return found

    def _matches(self, word: str) -> bool:
        lower = word.lower()
        s = stem(lower)
        if s in self.stems or (self.folded and fold(s) in self.folded):
            return True
        return any(part in lower for part in self.parts)

    def highlight(self, text: str) -> tuple[str, bool]:
        """The whole text, escaped, with <mark> around matched words; and whether any matched."""
        out: list[str] = []
        found = False
        position = 0
        for match in WORD_RE.finditer(text):
            out.append(escape(text[position : match.start()]))
            if self.matches(match.group()):
                out.append(f"<mark>{escape(match.group())}</mark>")
                found = True
            else:
                out.append(escape(match.group()))
            position = match.end()
        out.append(escape(text[position:]))
        return "".join(out), found

    def snippet(self, texts: Iterable[str], size: int = SNIPPET_WORDS) -> str:
        """A window of about `size` words around the first match in the first text that has
        one (else the start of the first non-empty text); HTML-safe."""
        candidates = [t for t in texts if t and t.strip()]
        for text in candidates:
            spans = list(WORD_RE.finditer(text))
            first = next((i for i, m in enumerate(spans) if self.matches(m.group())), None)
            if first is None:
                continue
            start_word = max(0, first - size // 4)
            end_word = min(len(spans), start_word + size)
            start = spans[start_word].start() if start_word else 0
            end = spans[end_word - 1].end() if end_word < len(spans) else len(text)
            html, _found = self.highlight(text[start:end].strip())
            return ("… " if start else "") + html + (" …" if end < len(text) else "")
        if not candidates:
            return ""
        text = candidates[0]
        spans = list(WORD_RE.finditer(text))
        end = spans[size - 1].end() if len(spans) > size else len(text)
        return escape(text[:end].strip()) + (" …" if end < len(text) else "")

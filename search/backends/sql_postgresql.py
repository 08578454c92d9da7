"""What only PostgreSQL has, for the database engine (search.backends.database), as data.

Every statement is built by a pure function of its arguments — SQL text with placeholders
and its parameters — so tests read them as data (tests/search/test_engine_sql.py); nothing
the user typed reaches the SQL text. PostgreSQL keeps, next to the shared tables:

- ``search_document.vector`` / ``folded_vector``: stored tsvectors (the `swedish`
  configuration, the same Snowball stemmer) for quoted phrases, which need word positions
  the columnar postings do not keep;
- ``search_word_tri``: the vocabulary's written words with a pg_trgm GIN index, for compound
  parts (LIKE) and corrections (similarity).

Index writes take a transaction-level advisory lock (the columnar store is edited
read-modify-write: posting blobs, new ids), so writers queue as SQLite's single writer does;
a read is one repeatable-read, read-only transaction (one snapshot for all its statements).
"""

# SQL here is assembled from constant fragments and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from search import text

Statement = tuple[str, list[Any]]
MANY = tuple[str, list[tuple[Any, ...]]]

VENDOR = "postgresql"
BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
WRITE_LOCK = 0x5EA7C4
#: pg_trgm similarity a correction candidate needs (a typo of a short word shares little).
TYPO_SIMILARITY = 0.2
PLAIN_TEXT = "lower(title || ' ' || summary || ' ' || meta || ' ' || body)"


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def like_escaped(value: str) -> str:
    """`value` for a LIKE pattern: its own %, _ and backslash are literal."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def write_lock() -> list[Statement]:
    return [("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])]


def folded_text(all_text: str) -> str:
    """The search_document.folded column (its folded_vector is generated from it)."""
    return text.fold(all_text.lower())


def text_rows(documents: list[tuple[int, Any, str]]) -> list[MANY]:
    """Nothing: the tsvectors are generated columns of search_document."""
    return []


def forget_texts(ids: list[int]) -> list[Statement]:
    return []


def clear_texts() -> list[Statement]:
    return []


def after_rebuild() -> list[Statement]:
    return [("ANALYZE search_document", []), ("ANALYZE search_posting", [])]


def phrase_documents(term: text.Term) -> list[Statement]:
    """Documents with a quoted phrase, words in order (also folded when typed without
    diacritics), or the phrase inside longer words."""
    phrase = " ".join(term.words)
    sql = "SELECT id FROM search_document WHERE vector @@ phraseto_tsquery('swedish', %s)"
    params: list[Any] = [phrase]
    if term.folded:
        sql += " OR folded_vector @@ phraseto_tsquery('swedish', %s)"
        params.append(text.fold(phrase))
    for part in term.parts:
        sql += f" OR {PLAIN_TEXT} LIKE %s"
        params.append(f"%{like_escaped(part)}%")
    return [(sql, params)]


def words_containing(part: str) -> Statement:
    """Vocabulary ids of the written words that contain `part` (pg_trgm index)."""
    return ("SELECT rowid FROM search_word_tri WHERE word LIKE %s", [f"%{like_escaped(part)}%"])


def words_like(word: str, limit: int) -> list[Statement]:
    """Written words most similar to `word` by trigrams (correction candidates)."""
    return [
        (f"SET LOCAL pg_trgm.similarity_threshold = {TYPO_SIMILARITY}", []),
        (
            "SELECT word FROM search_word_tri WHERE word %% %s "
            "ORDER BY similarity(word, %s) DESC LIMIT %s",
            [word, word, limit],
        ),
    ]


def suggest_candidates(typed: str, tokens: list[str]) -> Statement:
    """Titles the tokens open that contain the typed text."""
    return (
        "SELECT d.id, d.title, d.doc_type FROM search_document d WHERE lower(d.title) LIKE %s "
        f"AND d.id IN (SELECT document_id FROM search_access WHERE token IN ({marks(len(tokens))})) "
        "ORDER BY d.adoption_count DESC, d.created_at DESC LIMIT 400",
        [f"%{like_escaped(typed)}%", *tokens],
    )

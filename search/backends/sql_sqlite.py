"""What only SQLite has, for the database engine (search.backends.database), as data.

Every statement is built by a pure function of its arguments — SQL text with placeholders
and its parameters — so tests read them as data (tests/search/test_engine_sql.py) and the
engine runs them; nothing the user typed ever reaches the SQL text (FTS5 query strings are
parameters, with their terms quoted). SQLite keeps, next to the shared tables:

- ``search_fts``: FTS5 over the Snowball stems of each column and of the folded text, for
  quoted phrases (word positions, which the columnar postings do not keep);
- ``search_tri``: an FTS5 trigram table over the text as written, for a phrase inside longer
  words and for suggestions;
- ``search_word_tri``: an FTS5 trigram table over the vocabulary's written words, for
  compound parts and corrections.

One writer at a time is SQLite's own rule, so writes need no lock; a read is one deferred
transaction (a snapshot that takes no write lock).
"""

# SQL here is assembled from constant fragments and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from search import text

Statement = tuple[str, list[Any]]
MANY = tuple[str, list[tuple[Any, ...]]]  # one statement, many rows (executemany)

VENDOR = "sqlite"
BEGIN_READ = "BEGIN DEFERRED"


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def fts_string(value: str) -> str:
    """An FTS5 string literal (our terms are letters, digits and spaces; quotes doubled)."""
    return '"' + value.replace('"', '""') + '"'


def fts_term(term: text.Term) -> str:
    """An FTS5 query for one term over the stemmed columns (and the folded text when the
    term was typed without diacritics)."""
    columns = "{title summary meta body}"
    if term.phrase:
        phrase = term.variants[0]
        expr = f"{columns} : {fts_string(phrase)}"
        if term.folded:
            expr += f" OR folded : {fts_string(text.fold(phrase))}"
        return f"({expr})"
    alternatives = " OR ".join(fts_string(v) for v in term.variants)
    expr = f"{columns} : ({alternatives})"
    if term.folded:
        folded = " OR ".join(fts_string(text.fold(v)) for v in term.variants)
        expr += f" OR folded : ({folded})"
    return f"({expr})"


def write_lock() -> list[Statement]:
    """Nothing: SQLite has one writer (IMMEDIATE transactions queue the others)."""
    return []


def folded_text(all_text: str) -> str:
    """The search_document.folded column: unused on SQLite (FTS5 keeps its own)."""
    return ""


def text_rows(documents: list[tuple[int, Any, str]]) -> list[MANY]:
    """The FTS5 rows of new documents: (pk, SearchDocument, meta) each."""
    stems, trigrams = [], []
    for pk, doc, meta in documents:
        all_text = "\n".join((doc.title, doc.summary, meta, doc.body))
        stems.append(
            (
                pk,
                text.stemmed(doc.title),
                text.stemmed(doc.summary),
                text.stemmed(meta),
                text.stemmed(doc.body),
                text.folded_stemmed(all_text),
            )
        )
        trigrams.append((pk, doc.title, doc.summary, meta, doc.body))
    return [
        (
            "INSERT INTO search_fts (rowid, title, summary, meta, body, folded) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            stems,
        ),
        (
            "INSERT INTO search_tri (rowid, title, summary, meta, body) VALUES (%s, %s, %s, %s, %s)",
            trigrams,
        ),
    ]


def forget_texts(ids: list[int]) -> list[Statement]:
    """Before documents go: the trigram table's content is search_document itself, so it is
    told what to forget, with the old values, before the rows go."""
    m = marks(len(ids))
    return [
        (
            "INSERT INTO search_tri(search_tri, rowid, title, summary, meta, body) "
            f"SELECT 'delete', id, title, summary, meta, body FROM search_document WHERE id IN ({m})",
            list(ids),
        ),
        (f"DELETE FROM search_fts WHERE rowid IN ({m})", list(ids)),
    ]


def clear_texts() -> list[Statement]:
    return [
        ("INSERT INTO search_tri(search_tri) VALUES ('delete-all')", []),
        ("DELETE FROM search_fts", []),
    ]


def after_rebuild() -> list[Statement]:
    return [
        ("INSERT INTO search_fts(search_fts) VALUES ('optimize')", []),
        ("INSERT INTO search_tri(search_tri) VALUES ('optimize')", []),
    ]


def phrase_documents(term: text.Term) -> list[Statement]:
    """Documents with a quoted phrase, words in order, or the phrase inside longer words."""
    statements: list[Statement] = [
        ("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts_term(term)])
    ]
    if term.parts:
        statements.append(
            (
                "SELECT rowid FROM search_tri WHERE search_tri MATCH %s",
                [" OR ".join(fts_string(p) for p in term.parts)],
            )
        )
    return statements


def words_containing(part: str) -> Statement:
    """Vocabulary ids of the written words that contain `part` (3+ characters)."""
    return ("SELECT rowid FROM search_word_tri WHERE search_word_tri MATCH %s", [fts_string(part)])


def words_like(word: str, limit: int) -> list[Statement]:
    """Written words sharing the most three-letter pieces with `word` (correction candidates)."""
    grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
    return [
        (
            "SELECT word FROM search_word_tri WHERE search_word_tri MATCH %s ORDER BY rank LIMIT %s",
            [" OR ".join(fts_string(g) for g in grams), limit],
        )
    ]


def suggest_candidates(typed: str, tokens: list[str]) -> Statement:
    """Titles the tokens open that contain the typed text (FTS5 prefix for two letters)."""
    if len(typed) >= 3:
        candidates, param = "SELECT rowid FROM search_tri WHERE title LIKE %s", f"%{typed}%"
    else:
        candidates = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        param = "title : " + fts_string(typed) + "*"
    return (
        f"SELECT d.id, d.title, d.doc_type FROM search_document d WHERE d.id IN ({candidates}) "
        f"AND d.id IN (SELECT document_id FROM search_access WHERE token IN ({marks(len(tokens))})) "
        "ORDER BY d.adoption_count DESC, d.created_at DESC LIMIT 400",
        [param, *tokens],
    )

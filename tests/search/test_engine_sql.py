"""The SQL only one database has (search.backends.sql_sqlite, sql_postgresql), read as data:
what the user typed travels as parameters, never in the SQL text; both modules offer the
same statements."""

from __future__ import annotations

import inspect

import pytest

from search.backends import sql_postgresql, sql_sqlite
from search.text import Term

MODULES = [sql_sqlite, sql_postgresql]
HOSTILE = "x' OR 1=1; DROP TABLE search_document; --%_\\"


def public_functions(module: object) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and value.__module__ == module.__name__  # type: ignore[attr-defined]
    }


def test_both_databases_offer_the_same_statements() -> None:
    shared = {
        "write_lock",
        "folded_text",
        "text_rows",
        "forget_texts",
        "clear_texts",
        "after_rebuild",
        "phrase_documents",
        "words_containing",
        "words_like",
        "suggest_candidates",
    }
    for module in MODULES:
        assert shared <= public_functions(module), module.__name__
        assert isinstance(module.BEGIN_READ, str) and module.BEGIN_READ.startswith("BEGIN")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.VENDOR)
def test_typed_text_is_a_parameter_never_sql(module) -> None:  # type: ignore[no-untyped-def]
    statements = [
        module.words_containing(HOSTILE),
        *module.words_like(HOSTILE, 10),
        module.suggest_candidates(HOSTILE, ["public", HOSTILE]),
        *module.phrase_documents(Term(("digital", "ansökan"), phrase=True)),
    ]
    for sql, params in statements:
        assert HOSTILE not in sql
        assert "DROP" not in sql
        assert sql.count("%s") == len(params), sql


def test_sqlite_phrases_and_parts_are_fts5_queries_with_quoted_terms() -> None:
    (phrase, parts) = sql_sqlite.phrase_documents(Term(("digital", "ansökan"), phrase=True))
    assert phrase == (
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
        ['({title summary meta body} : "digital ansökan")'],
    )
    # Typed without diacritics, the folded text is searched too.
    ((_sql, folded), _parts) = sql_sqlite.phrase_documents(
        Term(("digital", "ansokan"), phrase=True)
    )
    assert folded == [
        '({title summary meta body} : "digital ansokan" OR folded : "digital ansokan")'
    ]
    assert parts[1] == ['"digital ansökan"']


def test_postgresql_phrases_use_the_stored_tsvector_and_escaped_like() -> None:
    ((sql, params),) = sql_postgresql.phrase_documents(Term(("50%", "rabatt_x"), phrase=True))
    assert "phraseto_tsquery('swedish', %s)" in sql
    assert params[0] == "50% rabatt_x"
    assert params[-1] == "%50\\% rabatt\\_x%"


def test_postgresql_writes_queue_behind_one_advisory_lock_and_sqlite_needs_none() -> None:
    assert sql_postgresql.write_lock() == [
        ("SELECT pg_advisory_xact_lock(%s)", [sql_postgresql.WRITE_LOCK])
    ]
    assert sql_sqlite.write_lock() == []


def test_reads_are_one_snapshot() -> None:
    assert sql_sqlite.BEGIN_READ == "BEGIN DEFERRED"
    assert "REPEATABLE READ" in sql_postgresql.BEGIN_READ

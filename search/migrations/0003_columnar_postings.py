"""SQLite: the columnar postings next to FTS5 (see search.backends.columnar), filled from the
documents already indexed. PostgreSQL: nothing."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE search_term (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE search_word_tri USING fts5(word, tokenize='trigram')",
    "CREATE TABLE search_posting (term_id INTEGER NOT NULL, chunk INTEGER NOT NULL, "
    "docs BLOB NOT NULL, weights BLOB NOT NULL, PRIMARY KEY (term_id, chunk)) WITHOUT ROWID",
    "CREATE TABLE search_chunk (chunk INTEGER PRIMARY KEY, version INTEGER NOT NULL, "
    "data BLOB NOT NULL)",
    "CREATE TABLE search_doc_terms (id INTEGER PRIMARY KEY, terms BLOB NOT NULL)",
    "CREATE TABLE search_facet_code (id INTEGER PRIMARY KEY, facet TEXT NOT NULL, "
    "value TEXT NOT NULL, UNIQUE (facet, value))",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_facet_code",
    "DROP TABLE IF EXISTS search_doc_terms",
    "DROP TABLE IF EXISTS search_chunk",
    "DROP TABLE IF EXISTS search_posting",
    "DROP TABLE IF EXISTS search_word_tri",
    "DROP TABLE IF EXISTS search_term",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_FORWARD:
        schema_editor.execute(statement)
    # Documents indexed before this migration get their postings now (the same code that
    # indexes them; `search_reindex` would do the same).
    from search.backends import columnar

    with schema_editor.connection.cursor() as cursor:
        columnar.backfill(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_structures")]

    operations = [migrations.RunPython(forward, backward)]

"""Full-text structures next to the search tables, per database vendor.

SQLite: an FTS5 table of pre-stemmed text (Swedish Snowball stems, å ä ö kept as letters,
plus a diacritics-folded column) and a trigram FTS5 table over the original text (parts of
compound words), whose content is the search_document table itself.

PostgreSQL: stored tsvector columns with the `swedish` configuration (weights A/B/C by field)
and over the folded text, GIN indexes, and pg_trgm indexes for parts of compound words and
title suggestions.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, summary, meta, body, folded, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_tri USING fts5("
    "title, summary, meta, body, content='search_document', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab('search_fts', 'row')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_tri",
    "DROP TABLE IF EXISTS search_fts",
]

PLAIN = "lower(title || ' ' || summary || ' ' || meta || ' ' || body)"
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish'::regconfig, title), 'A') || "
    "setweight(to_tsvector('swedish'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, meta), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, body), 'C')) STORED",
    "ALTER TABLE search_document ADD COLUMN folded_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('swedish'::regconfig, folded)) STORED",
    "CREATE INDEX search_document_vector ON search_document USING GIN (vector)",
    "CREATE INDEX search_document_folded ON search_document USING GIN (folded_vector)",
    f"CREATE INDEX search_document_plain_trgm ON search_document USING GIN ({PLAIN} gin_trgm_ops)",
    "CREATE INDEX search_document_title_trgm ON search_document USING GIN "
    "(lower(title) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_trgm",
    "DROP INDEX IF EXISTS search_document_plain_trgm",
    "DROP INDEX IF EXISTS search_document_folded",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS folded_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    # pg_trgm stays: other schemas may use it, and dropping an extension needs more rights.
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_tables")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]

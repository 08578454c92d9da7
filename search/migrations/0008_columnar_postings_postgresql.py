"""PostgreSQL: the same columnar postings the SQLite backend keeps (search.backends.columnar),
so both databases run one search engine (one ranking, one thesaurus, one set of rules) and
PostgreSQL answers from a few rows of postings instead of ranking every matching row in SQL.
Filled from the documents already indexed. SQLite: nothing (0003 and 0007 made them)."""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE TABLE search_term (id bigint PRIMARY KEY, term text NOT NULL UNIQUE)",
    # The written words, for parts of compound words and corrections (pg_trgm: 0002).
    "CREATE TABLE search_word_tri (rowid bigint PRIMARY KEY, word text NOT NULL)",
    "CREATE INDEX search_word_tri_trgm ON search_word_tri USING GIN (word gin_trgm_ops)",
    "CREATE TABLE search_posting (term_id bigint NOT NULL, chunk integer NOT NULL, "
    "docs bytea NOT NULL, weights bytea NOT NULL, PRIMARY KEY (term_id, chunk))",
    "CREATE TABLE search_chunk (chunk integer PRIMARY KEY, version bigint NOT NULL, "
    "data bytea NOT NULL)",
    "CREATE TABLE search_doc_terms (id bigint PRIMARY KEY, terms bytea NOT NULL)",
    "CREATE TABLE search_facet_code (id bigint PRIMARY KEY, facet text NOT NULL, "
    "value text NOT NULL, UNIQUE (facet, value))",
    "CREATE TABLE search_word_fold (folded text NOT NULL, term_id bigint NOT NULL)",
    "CREATE INDEX search_word_fold_folded ON search_word_fold (folded)",
    # Postings are stored, never detoasted by compression: they are already compact.
    "ALTER TABLE search_posting ALTER COLUMN docs SET STORAGE EXTERNAL",
    "ALTER TABLE search_posting ALTER COLUMN weights SET STORAGE EXTERNAL",
]
POSTGRES_BACKWARD = [
    "DROP TABLE IF EXISTS search_word_fold",
    "DROP TABLE IF EXISTS search_facet_code",
    "DROP TABLE IF EXISTS search_doc_terms",
    "DROP TABLE IF EXISTS search_chunk",
    "DROP TABLE IF EXISTS search_posting",
    "DROP TABLE IF EXISTS search_word_tri",
    "DROP TABLE IF EXISTS search_term",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_FORWARD:
        schema_editor.execute(statement)
    from search.backends import columnar

    with schema_editor.connection.cursor() as cursor:
        columnar.backfill(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_word_folds")]

    operations = [migrations.RunPython(forward, backward)]

"""SQLite: the columnar postings next to FTS5 (see search.backends.columnar), filled from the
documents already indexed. PostgreSQL: nothing."""

from django.db import migrations

from search.backends import columnar


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in columnar.SQLITE_TABLES:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        columnar.backfill(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in columnar.SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_structures")]

    operations = [migrations.RunPython(forward, backward)]

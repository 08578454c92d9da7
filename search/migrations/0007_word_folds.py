"""SQLite: the written words of the index by their form without diacritics, so a word typed
without them finds the word it stands for ("aldre" -> "äldre") and nothing else."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.text import fold, has_diacritics

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE search_word_fold (folded TEXT NOT NULL, term_id INTEGER NOT NULL)"
        )
        cursor.execute("CREATE INDEX search_word_fold_folded ON search_word_fold (folded)")
        cursor.execute("SELECT id, term FROM search_term WHERE term LIKE 'w:%'")
        rows = [
            (fold(term[2:]), pk) for pk, term in cursor.fetchall() if has_diacritics(term[2:])
        ]
        cursor.executemany("INSERT INTO search_word_fold (folded, term_id) VALUES (%s, %s)", rows)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_word_fold")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_load_thesaurus")]

    operations = [migrations.RunPython(forward, backward)]

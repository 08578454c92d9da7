"""The token that says when cached facet names (search.labels) must be read again."""

import uuid

from django.db import migrations, models


def first_token(apps, schema_editor):
    apps.get_model("search", "FacetNamesVersion").objects.create(id=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_columnar_postings"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetNamesVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "facet names version",
                "verbose_name_plural": "facet names versions",
                "db_table": "search_facet_names_version",
            },
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
    ]

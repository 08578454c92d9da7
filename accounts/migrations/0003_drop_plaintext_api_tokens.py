"""API tokens moved to django-rest-knox (hashed, expiring, revocable). The old table of
DRF's authtoken app held every token in plain text and is no longer read: drop it, so
those tokens stop existing rather than lie unused in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_load_counties_and_municipalities"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop
        ),
    ]

"""Excerpts of comments were stored as their Markdown source (`**`, `[…](…)`); they are shown
as text, so turn the stored ones into the plain text new notifications keep."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from hub.markdown import markdown_to_text


def excerpts_as_plain_text(apps: Any, schema_editor: Any) -> None:
    notification_model = apps.get_model("notifications", "Notification")
    rows = notification_model.objects.filter(kind__in=["comment", "reply"]).exclude(excerpt="")
    for row in rows.only("id", "excerpt").iterator(chunk_size=500):
        plain = " ".join(markdown_to_text(row.excerpt).split())[:300]
        if plain != row.excerpt:
            notification_model.objects.filter(pk=row.pk).update(excerpt=plain)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_notifications")]

    operations = [
        migrations.RunPython(excerpts_as_plain_text, migrations.RunPython.noop, elidable=True),
    ]

"""The documents waiting to be indexed become the queue every write adds to (search.indexing):
several rows per document are allowed, with a plain index on the key instead of the unique
constraint, and the time is when the row was queued."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0009_drop_facet_names_version")]

    operations = [
        migrations.RemoveConstraint(model_name="dirtydocument", name="search_dirty_unique"),
        migrations.RenameField(model_name="dirtydocument", old_name="failed_at", new_name="queued_at"),
        migrations.AlterField(
            model_name="dirtydocument",
            name="queued_at",
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AddIndex(
            model_name="dirtydocument",
            index=models.Index(fields=["doc_type", "obj_id"], name="search_dirty_key"),
        ),
    ]

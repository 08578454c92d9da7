"""Seed the thesaurus from search/data/thesaurus.yaml (staff edit it in the admin after)."""

from django.db import migrations


def load(apps, schema_editor):
    from search.thesaurus import read_seed, seed

    seed(apps.get_model("search", "ThesaurusGroup"), read_seed())


def unload(apps, schema_editor):
    apps.get_model("search", "ThesaurusGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_thesaurus_groups")]

    operations = [migrations.RunPython(load, unload)]

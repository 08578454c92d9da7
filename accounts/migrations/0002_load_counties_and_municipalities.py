"""Load Sweden's 21 counties, 21 regions and 290 municipalities from accounts/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from accounts import reference_data

    reference_data.load(apps.get_model("accounts", "County"), apps.get_model("accounts", "Organisation"))


def unload(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Organisation.objects.filter(kind__in=["municipality", "region"]).delete()
    apps.get_model("accounts", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

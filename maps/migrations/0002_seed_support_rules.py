"""The two distance rules for support to the last village shop named in the source
material: the 15 km of the 2017 case (Sikås, 7 km from Hammerdal) and the later regional
guidance of more than 10 km. Staff correct or add rules in the admin."""

import datetime
from decimal import Decimal

from django.db import migrations

RULES = [
    {
        "name": "15 km till närmaste andra butik (ärendet 2017)",
        "threshold_km": Decimal("15"),
        "valid_from": datetime.date(2017, 1, 1),
        "valid_to": datetime.date(2019, 12, 31),
        "source": (
            "Stödärendet 2017 om den sista butiken i Sikås, Strömsunds kommun (7 km från "
            "Hammerdal): stödet krävde 15 km till närmaste andra butik. Datumen är "
            "ungefärliga; rätta dem när beslutet finns till hands."
        ),
    },
    {
        "name": "Mer än 10 km till närmaste andra butik (regional vägledning)",
        "threshold_km": Decimal("10"),
        "valid_from": datetime.date(2020, 1, 1),
        "valid_to": None,
        "source": (
            "Senare regional vägledning om stöd till kommersiell service på landsbygden: mer "
            "än 10 km till närmaste andra butik. Startdatumet är ungefärligt."
        ),
    },
]


def seed(apps, schema_editor):
    SupportRule = apps.get_model("maps", "SupportRule")
    for rule in RULES:
        SupportRule.objects.get_or_create(name=rule["name"], defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("maps", "SupportRule").objects.filter(
        name__in=[rule["name"] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("maps", "0001_places_and_support_rules")]

    operations = [migrations.RunPython(seed, unseed)]

"""Demo places for a fresh `make run`: the Jämtland cases of the source material.

Krokom's four service points in Föllinge, Trångsviken, Ås and Offerdal (Änge) that became
safety points with backup power; Strömsund's Sikås, whose shop is about 7 km from
Hammerdal's (too close for the 15 km of the 2017 support case, and for the later "more than
10 km"); Bräcke's service points from its service plan. Villages are real, points plausible
(checked against each municipality's boundary by the service, like any place). Everything
goes through maps.services. Idempotent: a place is keyed on (municipality, name).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress

from accounts.demo import DEMO_PASSWORD
from accounts.models import Membership, Organisation, User
from ideas.models import Idea
from maps import services
from maps.models import Place

SAFETY = [
    "backup_power",
    "information_channel",
    "crisis_contact",
    "heating",
    "water",
    "charging",
]
#: A member of Strömsund kommun, who records its places (added to the demo people here).
STROMSUND_MEMBER = ("eva.lund@stromsund.example", "Eva Lund")


@dataclass
class DemoPlace:
    municipality: str
    author: str
    kind: str
    name: str
    area: str
    village: str
    point: tuple[float, float]
    description: str
    functions: list[str] = field(default_factory=list)
    agreement: tuple[datetime.date, datetime.date | None] | None = None
    idea: str = ""  # the title of an idea of the same municipality it belongs to


KROKOM_IDEA = "Servicepunkter blir informations- och trygghetspunkter"
BRACKE_IDEA = "Serviceplan för Bräcke kommun – åtgärder för service på landsbygden"
MARIA = "maria.persson@krokom.example"
JOHAN = "johan.berg@bracke.example"
EVA = STROMSUND_MEMBER[0]

PLACES = [
    DemoPlace(
        "krokom",
        MARIA,
        "safety_point",
        "Föllinge Handel – trygghetspunkt",
        "Föllinge",
        "Föllinge",
        (14.6160, 63.6660),
        "Lanthandel med serviceavtal. Första trygghetspunkten: reservkraft sedan vintern, "
        "krisinformation på anslagstavlan och i lokalradion.",
        [*SAFETY, "parcels", "pharmacy"],
        (datetime.date(2023, 1, 1), datetime.date(2027, 12, 31)),
        KROKOM_IDEA,
    ),
    DemoPlace(
        "krokom",
        MARIA,
        "safety_point",
        "Trångsvikens Livs – trygghetspunkt",
        "Alsen",
        "Trångsviken",
        (14.0170, 63.3390),
        "Servicepunkt vid E14 som blev trygghetspunkt med reservkraft.",
        [*SAFETY, "parcels", "fuel"],
        (datetime.date(2023, 1, 1), datetime.date(2027, 12, 31)),
        KROKOM_IDEA,
    ),
    DemoPlace(
        "krokom",
        MARIA,
        "safety_point",
        "Ås Lanthandel – trygghetspunkt",
        "Ås",
        "Ås",
        (14.5570, 63.2490),
        "Servicepunkt och trygghetspunkt. Vattnet ordnas ännu med grannfastigheten.",
        ["backup_power", "information_channel", "crisis_contact", "heating", "charging"],
        (datetime.date(2024, 1, 1), None),
        KROKOM_IDEA,
    ),
    DemoPlace(
        "krokom",
        MARIA,
        "safety_point",
        "Offerdals Handel – trygghetspunkt",
        "Offerdal",
        "Änge",
        (14.0280, 63.5310),
        "Lanthandeln i Änge, servicepunkt för Offerdal, nu också trygghetspunkt.",
        [*SAFETY, "parcels"],
        (datetime.date(2023, 6, 1), datetime.date(2027, 12, 31)),
        KROKOM_IDEA,
    ),
    DemoPlace(
        "krokom",
        MARIA,
        "meeting_place",
        "Föllinge bygdegård",
        "Föllinge",
        "Föllinge",
        (14.6100, 63.6700),
        "Bygdegården där fokusgruppen för Föllinge bygd träffas.",
    ),
    DemoPlace(
        "stromsund",
        EVA,
        "service_point",
        "Sikås Lanthandel",
        "Hammerdal",
        "Sikås",
        (15.3100, 63.6550),
        "Byns sista butik. Stödärendet 2017 gällde den: Hammerdals butik ligger bara drygt "
        "7 km bort, och stödet krävde 15 km.",
        ["parcels", "pharmacy"],
        (datetime.date(2017, 3, 1), None),
    ),
    DemoPlace(
        "stromsund",
        EVA,
        "shop",
        "Hammerdals Livs",
        "Hammerdal",
        "Hammerdal",
        (15.3530, 63.5930),
        "Dagligvarubutik i Hammerdal.",
        ["parcels", "cash"],
    ),
    DemoPlace(
        "bracke",
        JOHAN,
        "service_point",
        "Kälarne Livs",
        "Kälarne",
        "Kälarne",
        (16.0800, 62.9800),
        "Servicepunkt enligt serviceplanen: ombud för paket och apotek.",
        ["parcels", "pharmacy", "information_channel"],
        (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)),
        BRACKE_IDEA,
    ),
    DemoPlace(
        "bracke",
        JOHAN,
        "service_point",
        "Gällö Handel",
        "Revsund",
        "Gällö",
        (15.2300, 62.9170),
        "Servicepunkt vid E14, utrustad för trygghetspunkt enligt Krokoms modell.",
        [*SAFETY, "parcels"],
        (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)),
        BRACKE_IDEA,
    ),
    DemoPlace(
        "bracke",
        JOHAN,
        "shop",
        "Bräcke Livs",
        "Bräcke",
        "Bräcke",
        (15.4200, 62.7500),
        "Dagligvarubutik i centralorten.",
        ["parcels", "cash", "pharmacy"],
    ),
]


def _stromsund_member() -> None:
    email, name = STROMSUND_MEMBER
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, display_name=name
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        user=user, organisation=Organisation.objects.get(slug="stromsund")
    )


def load(stdout: Any) -> None:
    """Create the demo places (idempotent)."""
    _stromsund_member()
    made = 0
    for demo in PLACES:
        organisation = Organisation.objects.get(slug=demo.municipality)
        if Place.objects.filter(organisation=organisation, name=demo.name).exists():
            continue
        ideas = list(
            Idea.objects.filter(organisation=organisation, title=demo.idea).values_list(
                "pk", flat=True
            )
        )
        services.place_create(
            actor=User.objects.get(email=demo.author),
            organisation=organisation,
            kind=demo.kind,
            name=demo.name,
            area=demo.area,
            village=demo.village,
            point=demo.point,
            description=demo.description,
            functions=demo.functions,
            agreement_from=demo.agreement[0] if demo.agreement else None,
            agreement_to=demo.agreement[1] if demo.agreement else None,
            ideas=ideas,
        )
        made += 1
    stdout.write(f"Demo places: {Place.objects.count()} places ({made} new).")

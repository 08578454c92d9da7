"""Demo dialogue for a fresh `make run`: Krokom's "put your place on the map" from the source
material. Its two questions, its focus groups (newcomers, young people 14–25, entrepreneurs,
integration, and one group per bygd) and the five bygder with their villages, open, with a
handful of contributions from the demo citizens (some on the map, some by village). The
meetings are the meetings app's demo. Everything goes through dialogues.services; idempotent:
the dialogue is keyed on (municipality, title).
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from accounts.demo import DEMO_PASSWORD
from accounts.models import Organisation, User
from dialogues import services
from dialogues.models import Dialogue

TITLE = "Sätt din plats på kartan"
MARIA = "maria.persson@krokom.example"
PROMPTS = ["Varför bor du där du bor?", "Vad är unikt med din plats?"]
#: The five bygder of Krokom and villages in each (real villages; a plausible grouping).
BYGDER = [
    ("Alsen-Näskott", ["Alsen", "Näskott", "Trångsviken"]),
    ("Aspås-Rödön-Ås", ["Aspås", "Rödön", "Ås", "Krokom", "Dvärsätt"]),
    ("Föllinge-Laxsjö", ["Föllinge", "Laxsjö", "Rönnöfors"]),
    ("Hotagen", ["Rötviken", "Hotagen", "Valsjöbyn"]),
    ("Offerdal", ["Offerdal", "Änge", "Landön", "Jänsmässholmen", "Kaxås"]),
]
GROUPS: list[dict[str, Any]] = [
    {"name": "Nyinflyttade", "description": "Du som flyttat till Krokom de senaste fem åren."},
    {
        "name": "Unga 14–25",
        "description": "Unga som bor eller går i skola i kommunen.",
        "age_min": 14,
        "age_max": 25,
    },
    {"name": "Företagare", "description": "Du som driver företag i kommunen."},
    {"name": "Integration", "description": "Du som är ny i Sverige och bor i Krokom."},
    *(
        {"name": f"Bygd: {name}", "description": f"Boende i {', '.join(villages)}."}
        for name, villages in BYGDER
    ),
]
CONSENT = (
    "Jag samtycker till att Krokoms kommun använder mina svar i arbetet med hur kommunen "
    "beskriver sig. Min exakta punkt ses bara av kommunens team; andra ser området eller en "
    "ruta på ungefär 250 meter. Mitt namn visas bara om jag väljer det."
)
#: Residents (demo citizens; two added here) and what they answered.
RESIDENTS = [
    ("greta.medborgare@example.org", "Greta"),
    ("ali.medborgare@example.org", "Ali"),
    ("elin.medborgare@example.org", "Elin"),
    ("oskar.medborgare@example.org", "Oskar"),
]
CONTRIBUTIONS: list[dict[str, Any]] = [
    {
        "author": "greta.medborgare@example.org",
        "answers": [
            "Jag växte upp här och kom tillbaka för lugnet och närheten till fjällen.",
            "Älven genom byn och att alla hjälps åt när det behövs.",
        ],
        "point": (14.6160, 63.6660),
        "show_name": True,
        "gold": True,
    },
    {
        "author": "ali.medborgare@example.org",
        "answers": [
            "Arbetet på sågverket, och att barnen kan gå till skolan själva.",
            "Föreningslivet – fotbollen samlar hela bygden.",
        ],
        "village": "Ås",
        "group": "Integration",
    },
    {
        "author": "elin.medborgare@example.org",
        "answers": ["Jag pendlar till Östersund men vill bo nära Storsjön.", ""],
        "point": (14.0170, 63.3390),
        "group": "Nyinflyttade",
    },
    {
        "author": "oskar.medborgare@example.org",
        "answers": [
            "Familjen har haft gården i fyra generationer.",
            "Mörkret på vintern och norrskenet över Hotagssjön.",
        ],
        "village": "Rötviken",
        "group": "Unga 14–25",
        "gold": True,
    },
    {
        "author": "greta.medborgare@example.org",
        "answers": ["", "Lanthandeln i Änge som också är trygghetspunkt."],
        "point": (14.0280, 63.5310),
    },
]


def _residents() -> None:
    for email, name in RESIDENTS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, display_name=name
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


def load(stdout: Any) -> None:
    """Create Krokom's dialogue with its contributions (idempotent)."""
    krokom = Organisation.objects.get(slug="krokom")
    if Dialogue.objects.filter(organisation=krokom, title=TITLE).exists():
        stdout.write("Demo dialogues: Krokom's dialogue is already there.")
        return
    _residents()
    maria = User.objects.get(email=MARIA)
    dialogue = services.dialogue_create(
        actor=maria,
        organisation=krokom,
        title=TITLE,
        description=(
            "Krokoms kommun vill veta varför du bor där du bor och vad som är unikt med din "
            "plats. Svaren blir grunden för hur kommunen beskriver sig. Svara här, i en "
            "fokusgrupp eller på ett dialogmöte."
        ),
        prompts=PROMPTS,
        consent_text=CONSENT,
        areas=[{"name": name, "villages": villages} for name, villages in BYGDER],
        focus_groups=GROUPS,
    )
    dialogue = services.dialogue_update(actor=maria, dialogue=dialogue, status="open")
    groups = {g.name: g for g in dialogue.focus_groups.all()}
    for item in CONTRIBUTIONS:
        made = services.contribution_create(
            author=User.objects.get(email=item["author"]),
            dialogue=dialogue,
            answers=item["answers"],
            consent=True,
            point=item.get("point"),
            village=item.get("village", ""),
            focus_group=groups[item["group"]] if "group" in item else None,
            show_name=item.get("show_name", False),
        )
        if item.get("gold"):
            services.contribution_mark_gold(actor=maria, contribution=made)
    stdout.write(f"Demo dialogues: {TITLE} ({len(CONTRIBUTIONS)} contributions).")

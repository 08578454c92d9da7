"""Demo prototypes and test rounds for Skellefteå's ideas (runs after ideas/demo.py).

Idempotent: what exists is left alone. Everything is written through the services, so the
demo data obeys the same rules as real data (status moves, consent, capacity).
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from ideas.models import Idea
from prototypes import services
from prototypes.models import Prototype, TestRound

TEAM_EMAIL = "erik.nilsson@skelleftea.example"
CITIZENS = ["greta.medborgare@example.org", "ali.medborgare@example.org"]
# Extra demo participants so the closed round has enough answers to show a spread.
EXTRA_PARTICIPANTS = [
    ("deltagare.sofia@example.org", "Sofia"),
    ("deltagare.omar@example.org", "Omar"),
    ("deltagare.lena@example.org", "Lena"),
]

CONSENT = (
    "Jag samtycker till att delta i testet av {service}. Skellefteå kommun sparar mina svar "
    "på uppgifterna och frågorna för att förbättra e-tjänsten. Teamet ser mig bara som en "
    "numrerad deltagare, aldrig mitt namn eller min e-postadress. Jag kan när som helst avbryta "
    "mitt deltagande, och då raderas mina svar. Svaren sparas som längst ett år efter testet."
)

LEDIGHET_TASKS = [
    "Logga in i e-tjänsten.",
    "Ansök om ledighet för ditt barn fredagen den 14 mars.",
    "Kontrollera att ansökan har skickats och att förskolan fått den.",
]

# (completed, difficulty, seconds, comment) per task, SUS answers, free text — one per person.
CLOSED_ROUND_ANSWERS: list[tuple[list[tuple[bool, int, int | None, str]], list[int], str]] = [
    (
        [
            (True, 1, 40, ""),
            (True, 2, 150, "Datumväljaren var lite krånglig."),
            (False, 4, 120, "Jag såg ingen bekräftelse efteråt."),
        ],
        [4, 2, 4, 1, 4, 2, 5, 2, 4, 2],
        "Bra på det stora hela, men jag vet inte om ansökan kom fram.",
    ),
    (
        [
            (True, 1, 35, ""),
            (True, 3, 210, "Fick leta efter rätt barn i listan."),
            (True, 3, 90, ""),
        ],
        [4, 2, 4, 2, 3, 2, 4, 2, 4, 2],
        "Smidigt att slippa ringa förskolan.",
    ),
    (
        [
            (True, 2, 55, ""),
            (True, 2, 130, ""),
            (False, 5, 240, "Bekräftelsen syntes inte på mobilen."),
        ],
        [3, 3, 3, 2, 3, 3, 4, 3, 3, 2],
        "",
    ),
    (
        [
            (True, 1, 30, ""),
            (True, 1, 80, "Enkelt!"),
            (True, 2, 60, ""),
        ],
        [5, 1, 5, 1, 4, 1, 5, 1, 5, 1],
        "Mycket bättre än pappersblanketten.",
    ),
    (
        [
            (True, 2, 70, ""),
            (False, 4, 300, "Datumväljaren gick inte att använda med tangentbordet."),
            (False, 4, None, "Gav upp."),
        ],
        [2, 4, 3, 3, 2, 4, 3, 4, 2, 3],
        "Svår att använda med min skärmläsare.",
    ),
]


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _prototype(
    team: User, idea: Idea, label: str, description: str, status: str = "open"
) -> Prototype:
    existing = Prototype.objects.filter(idea=idea, label=label).first()
    if existing:
        return existing
    return services.prototype_create(
        actor=team,
        idea=idea,
        label=label,
        description=description,
        link=f"https://prototyper.skelleftea.example/{idea.pk}/{label}",
        status=status,
    )


def _round(
    team: User, prototype: Prototype, *, status: str, **fields: Any
) -> tuple[TestRound, bool]:
    existing = TestRound.objects.filter(prototype=prototype, title=fields["title"]).first()
    if existing:
        return existing, False
    test_round = services.test_round_create(actor=team, prototype=prototype, **fields)
    for step in ("recruiting", "running", "closed"):
        if test_round.status == status:
            break
        test_round = services.test_round_update(actor=team, test_round=test_round, status=step)
    return test_round, True


def _find(title: str, stdout: Any) -> Idea | None:
    idea = Idea.objects.filter(organisation__slug="skelleftea", title=title).first()
    if idea is None:
        stdout.write(f"Demo prototypes: the idea “{title}” is missing; its prototypes are skipped.")
    return idea


def load(stdout: Any) -> None:
    """Prototypes, test rounds, feedback and findings for Skellefteå's demo ideas."""
    team = User.objects.filter(email=TEAM_EMAIL).first()
    if team is None:
        stdout.write("Demo prototypes: the demo people are missing; skipped.")
        return
    now = timezone.now()
    day = datetime.timedelta(days=1)
    created = 0

    if idea := _find("Ledighetsansökan", stdout):
        v1 = _prototype(
            team,
            idea,
            "v1",
            "Första klickbara versionen av e-tjänsten för ledighetsansökan i förskolan.",
        )
        v2 = _prototype(
            team,
            idea,
            "v2",
            "Andra versionen: tydlig bekräftelse efter inskickad ansökan och en datumväljare "
            "som fungerar med tangentbord och skärmläsare.",
        )
        closed, is_new = _round(
            team,
            v1,
            status="running",
            title="Ledighetsansökan v1 – test med vårdnadshavare",
            goal="Ta reda på om vårdnadshavare kan ansöka om ledighet för sitt barn utan hjälp.",
            target_group="Vårdnadshavare",
            tasks=LEDIGHET_TASKS,
            starts_at=now - 40 * day,
            ends_at=now - 26 * day,
            remote=True,
            capacity=8,
            consent_text=CONSENT.format(service="ledighetsansökan"),
        )
        if is_new:
            people = [User.objects.get(email=email) for email in CITIZENS] + [
                _person(email, name) for email, name in EXTRA_PARTICIPANTS
            ]
            feedback = []
            for person, (tasks, sus, text) in zip(people, CLOSED_ROUND_ANSWERS, strict=True):
                services.participation_create(user=person, test_round=closed, consent=True)
                feedback.append(
                    services.feedback_create(
                        user=person,
                        test_round=closed,
                        tasks=[
                            {"completed": c, "difficulty": d, "seconds": s, "comment": m}
                            for c, d, s, m in tasks
                        ],
                        sus=sus,
                        text=text,
                    )
                )
            services.test_round_update(actor=team, test_round=closed, status="closed")
            services.finding_create(
                actor=team,
                test_round=closed,
                severity="critical",
                description="Efter inskickad ansökan syns ingen bekräftelse på mobilen: flera "
                "deltagare trodde att ansökan inte hade skickats.",
                feedback_ids=[feedback[0].pk, feedback[2].pk],
                addressed_in=v2,
            )
            services.finding_create(
                actor=team,
                test_round=closed,
                severity="major",
                description="Datumväljaren går inte att använda med tangentbord eller skärmläsare.",
                feedback_ids=[feedback[4].pk],
                addressed_in=v2,
            )
            services.finding_create(
                actor=team,
                test_round=closed,
                severity="minor",
                description="Det är svårt att välja rätt barn när man har flera barn i förskolan.",
                feedback_ids=[feedback[1].pk],
            )
            services.finding_create(
                actor=team,
                test_round=closed,
                severity="positive",
                description="Inloggningen upplevdes som enkel av alla deltagare.",
                feedback_ids=[f.pk for f in feedback],
            )
            created += 1
        _, is_new = _round(
            team,
            v2,
            status="running",
            title="Ledighetsansökan v2 – test av bekräftelse och datumväljare",
            goal="Se om den nya bekräftelsen och datumväljaren löser problemen från första "
            "testomgången.",
            target_group="Vårdnadshavare",
            tasks=LEDIGHET_TASKS,
            starts_at=now - 2 * day,
            ends_at=now + 12 * day,
            remote=True,
            capacity=10,
            consent_text=CONSENT.format(service="ledighetsansökan"),
        )
        created += is_new
        if v1.status != "archived":
            services.prototype_update(actor=team, prototype=v1, status="archived")

    if idea := _find("Avfallsaffär'n", stdout):
        prototype = _prototype(
            team,
            idea,
            "v1",
            "Webbshop för återbrukade möbler och prylar från Avfallsaffär'n: sök, reservera "
            "och hämta.",
        )
        _, is_new = _round(
            team,
            prototype,
            status="recruiting",
            title="Avfallsaffär'n – reservera en möbel på nätet",
            goal="Förstå om det är lätt att hitta, reservera och boka hämtning av en möbel.",
            target_group="Hushåll",
            tasks=[
                "Hitta en bokhylla som kostar under 300 kronor.",
                "Reservera bokhyllan.",
                "Boka en tid för att hämta den.",
            ],
            starts_at=now + 5 * day,
            ends_at=now + 20 * day,
            remote=True,
            capacity=12,
            consent_text=CONSENT.format(service="Avfallsaffär'ns webbshop"),
        )
        created += is_new

    if idea := _find("Aktiva seniorer", stdout):
        prototype = _prototype(
            team,
            idea,
            "v1",
            "Kalender där seniorer hittar och anmäler sig till aktiviteter i kommunen.",
        )
        _, is_new = _round(
            team,
            prototype,
            status="recruiting",
            title="Aktiva seniorer – hitta en aktivitet",
            goal="Se om seniorer hittar en aktivitet och kan anmäla sig utan hjälp.",
            target_group="Seniorer",
            tasks=[
                "Hitta en promenadgrupp nära dig nästa vecka.",
                "Anmäl dig till promenadgruppen.",
            ],
            starts_at=now + 10 * day,
            ends_at=now + 11 * day,
            remote=False,
            place="Medborgarhuset, Skellefteå",
            capacity=6,
            consent_text=CONSENT.format(service="Aktiva seniorer"),
        )
        created += is_new

    stdout.write(
        f"Demo prototypes: {Prototype.objects.count()} prototypes, "
        f"{TestRound.objects.count()} test rounds ({created} new)."
    )

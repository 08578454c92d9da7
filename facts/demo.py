"""Demo facts for a fresh `make run`: Skinnskatteberg's knowledge base ("Fokus
Skinnskatteberg") as the source material describes it: almost one resident in three is over
65, the dependency ratio is high, public-health figures are low and young people's mental
health is a concern. Only the figure the material gives (about 31 % over 65) is a number;
the rest is text. Its idea cites the figure as evidence. Through facts.services and
ideas.services; idempotent (a sheet is keyed on organisation and year)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.models import Organisation, User
from facts import services
from facts.models import Fact, FactSheet
from ideas import services as idea_services
from ideas.models import Evidence, Idea

SARA = "sara.holm@skinnskatteberg.example"
YEAR = 2024
IDEA = "Fokus Skinnskatteberg – kunskapsplattform"
OVER_65 = "Andel invånare 65 år och äldre"

SECTIONS = [
    (
        "En åldrande befolkning",
        "Nästan var tredje invånare i Skinnskatteberg är över 65 år. Andelen har ökat "
        "under flera år och väntas fortsätta öka, samtidigt som de unga flyttar för att "
        "studera och arbeta på annat håll.",
    ),
    (
        "Hög försörjningskvot",
        "Försörjningskvoten – hur många barn, unga och äldre varje person i arbetsför ålder "
        "försörjer – är hög. Färre ska bära mer av välfärden, och det påverkar vilka "
        "lösningar kommunen kan välja.",
    ),
    (
        "Folkhälsa",
        "Folkhälsotalen är låga jämfört med länet och riket. Kunskapsplattformen samlar "
        "underlaget så att invånare, företag, föreningar och medarbetare ser samma bild "
        "innan de föreslår lösningar.",
    ),
    (
        "Ungas psykiska hälsa",
        "Fler unga berättar om oro och psykisk ohälsa. Skolan, fritidsgårdarna och "
        "föreningslivet behöver arbeta tillsammans, och de ungas egna röster ska höras.",
    ),
]


def load(stdout: Any) -> None:
    """Create Skinnskatteberg's fact sheet (idempotent)."""
    organisation = Organisation.objects.get(slug="skinnskatteberg")
    if FactSheet.objects.filter(organisation=organisation, year=YEAR).exists():
        stdout.write("Demo facts: already loaded (0 new).")
        return
    sara = User.objects.get(email=SARA)
    sheet = services.fact_sheet_create(
        actor=sara, organisation=organisation, year=YEAR, copy_from_previous=False
    )
    for title, text in SECTIONS:
        services.fact_section_add(actor=sara, sheet=sheet, title=title, text=text)
    fact = services.fact_add(
        actor=sara,
        sheet=sheet,
        label=OVER_65,
        value=Decimal("31"),
        unit="%",
        year=YEAR,
        source="Fokus Skinnskatteberg, kommunens kunskapsplattform",
    )
    idea = Idea.objects.filter(organisation=organisation, title=IDEA).first()
    if idea is not None and not Evidence.objects.filter(idea=idea, fact=fact).exists():
        idea_services.evidence_add(
            actor=sara,
            idea=idea,
            stage="insights",
            title="Nästan var tredje invånare är över 65 år",
            fact=fact.pk,
        )
    stdout.write(f"Demo facts: {Fact.objects.filter(sheet=sheet).count()} figures (1 new sheet).")

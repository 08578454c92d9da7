"""Demo citizen proposals for a fresh `make run`: residents' proposals to Skellefteå and
Krokom; one answered and turned into an idea, one being considered, one declined with its
reasons. Everything goes through proposals.services (so the proposers get their
notifications, as real ones would). Idempotent: a proposal is keyed on (municipality,
title)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test.utils import override_settings

from accounts.models import Organisation, User
from maps.models import Place
from proposals import services
from proposals.models import Proposal

GRETA = "greta.medborgare@example.org"
ALI = "ali.medborgare@example.org"
ANNA = "anna.lindberg@skelleftea.example"
MARIA = "maria.persson@krokom.example"


@dataclass
class DemoProposal:
    municipality: str
    author: str
    title: str
    body: str
    show_name: bool = False
    place: str = ""  # the name of a public place of the municipality
    me_too: tuple[str, ...] = ()
    answer: tuple[str, str, str] | None = None  # (member, kind or "considering", text)


PROPOSALS = [
    DemoProposal(
        "skelleftea",
        GRETA,
        "Anmälan till simskola för barn via e-tjänst",
        "Som förälder vill jag kunna anmäla mina barn till simskolan på webben, se lediga "
        "platser och få en bekräftelse direkt. I dag måste man ringa under kontorstid.",
        show_name=True,
        me_too=(ALI,),
        answer=(
            ANNA,
            "idea",
            "Tack för förslaget! Vi gör det till en idé och bjuder in föräldrar att testa "
            "en prototyp under våren.",
        ),
    ),
    DemoProposal(
        "skelleftea",
        ALI,
        "Belysning längs cykelvägen till Morö backe",
        "Cykelvägen mellan centrum och Morö backe är **mörk** på vintern. Fler lampor skulle "
        "göra den tryggare för barn och äldre.",
        me_too=(GRETA,),
        answer=(ANNA, "considering", ""),
    ),
    DemoProposal(
        "krokom",
        GRETA,
        "Laddstolpe vid trygghetspunkten i Föllinge",
        "När strömmen går vill byborna kunna ladda telefonen vid trygghetspunkten. En "
        "laddstolpe för elbilar vore också bra för turisterna på sommaren.",
        place="Föllinge Handel – trygghetspunkt",
        me_too=(ALI,),
        answer=(
            MARIA,
            "declined",
            "Trygghetspunkten har redan laddning av telefoner via reservkraften. En laddstolpe "
            "för bilar ryms inte i årets budget; vi tar med den i nästa serviceplan.",
        ),
    ),
    DemoProposal(
        "krokom",
        ALI,
        "Öppet bibliotek på lördagar i Ås",
        "Många som pendlar hinner inte till biblioteket på vardagar. Meröppet på lördagar "
        "skulle hjälpa.",
    ),
]


def load(stdout: Any) -> None:
    """Create the demo proposals that do not exist yet, with their me toos and answers."""
    people = {u.email: u for u in User.objects.filter(email__in=[GRETA, ALI, ANNA, MARIA])}
    created = 0
    # The demo sends several proposals per person at once: not the rate a person is held to.
    with override_settings(PROPOSAL_RATE_LIMIT="0/d"):
        for demo in PROPOSALS:
            organisation = Organisation.objects.filter(slug=demo.municipality).first()
            author = people.get(demo.author)
            if organisation is None or author is None:
                continue
            if Proposal.objects.filter(organisation=organisation, title=demo.title).exists():
                continue
            place = Place.objects.filter(
                organisation=organisation, name=demo.place, visibility=Place.Visibility.PUBLIC
            ).first()
            proposal = services.proposal_create(
                author=author,
                organisation=organisation,
                title=demo.title,
                body=demo.body,
                show_name=demo.show_name,
                place=place,
            )
            created += 1
            for email in demo.me_too:
                if email in people:
                    services.me_too_add(user=people[email], proposal=proposal)
                    services.proposal_follow_add(user=people[email], proposal=proposal)
            if demo.answer is not None and demo.answer[0] in people:
                member, kind, text = demo.answer
                if kind == "considering":
                    services.proposal_change_status(
                        actor=people[member], proposal=proposal, status=kind
                    )
                else:
                    services.proposal_answer(
                        actor=people[member], proposal=proposal, kind=kind, text=text
                    )
    stdout.write(f"Demo proposals: {Proposal.objects.count()} proposals ({created} new).")

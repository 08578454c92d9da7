"""Demo comments for a fresh `make run`: a few Swedish discussions on the demo ideas.

Everything goes through `services.comment_create`, so the demo obeys the same rules as
real comments (and notifies the followers). Idempotent: each demo comment has a fixed
client_id, and the service returns the stored comment instead of a second one.
Runs after ideas/demo.py (INSTALLED_APPS order).
"""

from __future__ import annotations

import uuid
from typing import Any

from accounts.models import User
from comments import services
from comments.models import Comment
from ideas.models import Idea

NAMESPACE = uuid.UUID("6d1f6a3e-2f57-4c1e-9b1a-5c0f8f2d7e41")

# (organisation slug, idea title, key, author e-mail, parent key or "", body)
COMMENTS: list[tuple[str, str, str, str, str, str]] = [
    (
        "skelleftea",
        "Ledighetsansökan",
        "ledighet-1",
        "lars.ek@umea.example",
        "",
        "Vi funderar på samma sak i Umeå. Hur löste ni **beslutet hos rektor** – "
        "signerar rektorn i e-tjänsten eller i verksamhetssystemet?",
    ),
    (
        "skelleftea",
        "Ledighetsansökan",
        "ledighet-2",
        "erik.nilsson@skelleftea.example",
        "ledighet-1",
        "Rektorn beslutar direkt i e-tjänsten, och beslutet skrivs över till "
        "verksamhetssystemet varje natt. Hör av dig så visar vi flödet!",
    ),
    (
        "skelleftea",
        "Ledighetsansökan",
        "ledighet-3",
        "greta.medborgare@example.org",
        "ledighet-2",
        "Som förälder uppskattar jag att man får svar i mobilen. Förra gången kom "
        "pappret aldrig fram.",
    ),
    (
        "skelleftea",
        "Aktiva seniorer",
        "seniorer-1",
        "greta.medborgare@example.org",
        "",
        "Jag var med på testet i våras. Det var lätt att hitta aktiviteter, men "
        "texten kunde vara större.",
    ),
    (
        "skelleftea",
        "Aktiva seniorer",
        "seniorer-2",
        "anna.lindberg@skelleftea.example",
        "seniorer-1",
        "Tack Greta! Större text och bättre kontrast finns med i nästa version.",
    ),
    (
        "krokom",
        "Servicepunkter blir informations- och trygghetspunkter",
        "servicepunkt-1",
        "karin.sjoberg@regionjh.example",
        "",
        "Regionen vill gärna vara med och planera reservkraften. Vilka orter prioriteras först?",
    ),
]


def load(stdout: Any) -> None:
    """Create the demo comments that do not exist yet."""
    emails = {row[3] for row in COMMENTS}
    people = {u.email: u for u in User.objects.filter(email__in=emails)}
    stored: dict[str, Comment] = {}
    created = 0
    for organisation, title, key, email, parent_key, body in COMMENTS:
        idea = Idea.objects.filter(organisation__slug=organisation, title=title).first()
        author = people.get(email)
        if idea is None or author is None:
            continue
        client_id = uuid.uuid5(NAMESPACE, key)
        existed = Comment.objects.filter(author=author, client_id=client_id).exists()
        comment = services.comment_create(
            author=author,
            idea=idea,
            body=body,
            parent=stored.get(parent_key),
            client_id=client_id,
        )
        stored[key] = comment
        created += 0 if existed else 1
    stdout.write(f"Demo comments: {Comment.objects.count()} comments ({created} new).")

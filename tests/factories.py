"""Test data builders. Organisations come from the reference data every database has."""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress

from accounts import reference_data
from accounts.models import County, Membership, Organisation, User

PASSWORD = "korrekt-hast-batteri-9"
_counter = itertools.count(1)


def ensure_reference_data() -> None:
    """Transactional tests flush the database; put the municipalities back when needed."""
    if not Organisation.objects.filter(kind="municipality").exists():
        reference_data.load(County, Organisation)


def organisation(slug: str) -> Organisation:
    ensure_reference_data()
    return Organisation.objects.get(slug=slug)


def user(
    *,
    email: str | None = None,
    organisation: Organisation | None = None,
    role: str = Membership.Role.MEMBER,
    display_name: str = "",
    verified: bool = True,
    **extra: Any,
) -> User:
    """A user with a verified e-mail address, optionally a member of an organisation."""
    email = email or f"person{next(_counter)}@example.se"
    created = User.objects.create_user(email, PASSWORD, display_name=display_name, **extra)
    EmailAddress.objects.create(user=created, email=email, verified=verified, primary=True)
    if organisation is not None:
        Membership.objects.create(user=created, organisation=organisation, role=role)
    return created


def idea(
    *, organisation: Organisation, created_by: User, title: str = "Aktiva seniorer", **fields: Any
) -> Any:
    """An idea saved straight through the ORM (for tests of other capabilities)."""
    from ideas.models import Idea

    fields.setdefault("kind", Idea.Kind.SERVICE_CONCEPT)
    fields.setdefault("summary", f"Sammanfattning av {title}")
    return Idea.objects.create(
        organisation=organisation, created_by=created_by, title=title, **fields
    )


def prototype(*, idea: Any, created_by: User, label: str = "v1", status: str = "open") -> Any:
    """A prototype version of an idea, open for testing unless told otherwise."""
    from prototypes.models import Prototype

    return Prototype.objects.create(
        idea=idea, created_by=created_by, label=label, status=status, link="https://example.se/p"
    )


def test_round(
    *,
    prototype: Any,
    created_by: User,
    status: str = "recruiting",
    tasks: list[str] | None = None,
    capacity: int = 5,
    consent_text: str = "Jag samtycker till att mina svar används i testet.",
    **fields: Any,
) -> Any:
    """A test round (recruiting by default) with its first consent text version."""
    from prototypes.models import ConsentText, TestRound

    fields.setdefault("title", "Testomgång 1")
    fields.setdefault("goal", "Se om ansökan går att göra utan hjälp.")
    created = TestRound.objects.create(
        prototype=prototype,
        created_by=created_by,
        status=status,
        tasks=tasks if tasks is not None else ["Logga in", "Skicka ansökan"],
        capacity=capacity,
        consent_text=consent_text,
        **fields,
    )
    ConsentText.objects.create(round=created, version=1, text=consent_text)
    return created


test_round.__test__ = False  # type: ignore[attr-defined]  # a builder, not a pytest test


def dialogue(
    *, organisation: Organisation, created_by: User, status: str = "open", **fields: Any
) -> Any:
    """A dialogue made through its service (two questions, two areas with villages, two focus
    groups), then moved to `status` one step at a time."""
    from dialogues import services
    from dialogues.models import Dialogue

    fields.setdefault("title", "Sätt din plats på kartan")
    fields.setdefault("prompts", ["Varför bor du där du bor?", "Vad är unikt med din plats?"])
    fields.setdefault("consent_text", "Jag samtycker till att mitt svar används i dialogen.")
    fields.setdefault(
        "areas",
        [
            {"name": "Föllinge-Laxsjö", "villages": ["Föllinge", "Laxsjö"]},
            {"name": "Offerdal", "villages": ["Offerdal", "Landön"]},
        ],
    )
    fields.setdefault(
        "focus_groups",
        [
            {"name": "Nyinflyttade", "description": "Flyttat hit de senaste fem åren"},
            {"name": "Unga 14–25", "age_min": 14, "age_max": 25},
        ],
    )
    made = services.dialogue_create(actor=created_by, organisation=organisation, **fields)
    order = [s.value for s in Dialogue.Status]
    for step in order[1 : order.index(status) + 1]:
        made = services.dialogue_update(actor=created_by, dialogue=made, status=step)
    return made

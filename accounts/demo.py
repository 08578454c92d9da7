"""Demo people for a fresh `make run`: municipal developers, a coordinator and citizens.

Every demo account has the password in DEMO_PASSWORD; they exist only on machines
that ran `manage.py load_demo`.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "delahub-demo-2026"  # noqa: S105 - published demo credential, local data only

# (email, display name, organisation slug or None for a citizen, role)
PEOPLE: list[tuple[str, str, str | None, str]] = [
    ("anna.lindberg@skelleftea.example", "Anna Lindberg", "skelleftea", "admin"),
    ("erik.nilsson@skelleftea.example", "Erik Nilsson", "skelleftea", "member"),
    ("maria.persson@krokom.example", "Maria Persson", "krokom", "coordinator"),
    ("johan.berg@bracke.example", "Johan Berg", "bracke", "member"),
    ("sara.holm@skinnskatteberg.example", "Sara Holm", "skinnskatteberg", "member"),
    ("lars.ek@umea.example", "Lars Ek", "umea", "member"),
    (
        "karin.sjoberg@regionjh.example",
        "Karin Sjöberg",
        "region-jamtland-harjedalen",
        "coordinator",
    ),
    ("greta.medborgare@example.org", "Greta", None, ""),
    ("ali.medborgare@example.org", "Ali", None, ""),
]


def load(stdout: Any) -> None:
    """Create the demo people and their memberships (idempotent)."""
    for email, name, slug, role in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if slug:
            organisation = Organisation.objects.get(slug=slug)
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
    if not User.objects.filter(email="admin@delahub.example").exists():
        User.objects.create_superuser(
            "admin@delahub.example", DEMO_PASSWORD, display_name="Maja Lindqvist"
        )
    EmailAddress.objects.get_or_create(
        user=User.objects.get(email="admin@delahub.example"),
        email="admin@delahub.example",
        defaults={"verified": True, "primary": True},
    )
    stdout.write(f"Demo people: {len(PEOPLE) + 1} (password {DEMO_PASSWORD}).")

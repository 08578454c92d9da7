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

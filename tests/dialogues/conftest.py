from __future__ import annotations

import pytest

from accounts.models import Membership, Organisation, User
from tests import factories

# Real places of Jämtland (WGS 84, longitude first).
FOLLINGE = (14.6160, 63.6660)  # in Krokom
OSTERSUND = (14.6357, 63.1792)  # the town, in Östersund kommun: outside Krokom


@pytest.fixture
def team(krokom: Organisation) -> User:
    """A member of Krokom kommun, who runs its dialogue."""
    return factories.user(email="maria@krokom.example", organisation=krokom, display_name="Maria")


@pytest.fixture
def krokom_coordinator(krokom: Organisation) -> User:
    return factories.user(
        email="samordnare@krokom.example", organisation=krokom, role=Membership.Role.COORDINATOR
    )


@pytest.fixture
def resident(db: None) -> User:
    return factories.user(email="anna@example.org", display_name="Anna Andersson")


@pytest.fixture
def dialogue(krokom: Organisation, team: User):  # type: ignore[no-untyped-def]
    return factories.dialogue(organisation=krokom, created_by=team)


@pytest.fixture
def draft(krokom: Organisation, team: User):  # type: ignore[no-untyped-def]
    return factories.dialogue(organisation=krokom, created_by=team, status="draft", title="Utkast")

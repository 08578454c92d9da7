"""Fixtures for prototypes and test rounds: a public Skellefteå idea with an open prototype."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from tests import factories

# Hand-checked SUS answer sets (odd items: answer − 1, even items: 5 − answer, sum × 2.5).
SUS_80 = [4, 2, 4, 1, 4, 2, 5, 2, 4, 2]  # odd 3+3+3+4+3=16, even 3+4+3+3+3=16 → 32 × 2.5 = 80
SUS_50 = [3] * 10  # every item scores 2 → 20 × 2.5 = 50
SUS_35 = [2, 4, 3, 3, 2, 4, 3, 3, 2, 4]  # odd 1+2+1+2+1=7, even 1+2+1+2+1=7 → 14 × 2.5 = 35


def answers(*rows: tuple[bool, int, int | None]) -> list[dict[str, Any]]:
    """Task answers from (completed, difficulty, seconds) rows."""
    return [{"completed": c, "difficulty": d, "seconds": s, "comment": ""} for c, d, s in rows]


@pytest.fixture
def idea(owner: User, skelleftea: Any) -> Any:
    return factories.idea(
        organisation=skelleftea, created_by=owner, title="Ledighetsansökan", visibility="public"
    )


@pytest.fixture
def members_idea(owner: User, skelleftea: Any) -> Any:
    return factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Intern e-tjänst",
        visibility="organisation",
    )


@pytest.fixture
def prototype(idea: Any, owner: User) -> Any:
    return factories.prototype(idea=idea, created_by=owner)


@pytest.fixture
def test_round(prototype: Any, owner: User) -> Any:
    """A recruiting round with two tasks and five places."""
    return factories.test_round(prototype=prototype, created_by=owner)


@pytest.fixture
def running_round(prototype: Any, owner: User) -> Any:
    return factories.test_round(
        prototype=prototype, created_by=owner, status="running", title="Pågående omgång"
    )


@pytest.fixture
def citizen2(db: None) -> User:
    return factories.user(email="citizen2@example.org", display_name="Bertil")


@pytest.fixture
def citizen3(db: None) -> User:
    return factories.user(email="citizen3@example.org", display_name="Doris")

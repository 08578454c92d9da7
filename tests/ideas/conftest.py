from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Organisation, User
from ideas import services
from ideas.models import Idea


@pytest.fixture
def make_idea(owner: User, skelleftea: Organisation):  # type: ignore[no-untyped-def]
    """`make_idea(**fields)`: an idea created through the service, as the owner by default."""

    def make(
        *, actor: User | None = None, organisation: Organisation | None = None, **fields: Any
    ) -> Idea:
        fields.setdefault("kind", Idea.Kind.SERVICE_CONCEPT)
        fields.setdefault("title", "Ledighetsansökan")
        fields.setdefault("summary", "Vårdnadshavare ansöker om ledighet i en e-tjänst.")
        return services.idea_create(
            actor=actor or owner, organisation=organisation or skelleftea, **fields
        )

    return make


@pytest.fixture
def public_idea(make_idea) -> Idea:  # type: ignore[no-untyped-def]
    return make_idea(stage="concept", tags=["e-tjänst"], target_groups=["Vårdnadshavare"])


@pytest.fixture
def organisation_idea(make_idea) -> Idea:  # type: ignore[no-untyped-def]
    return make_idea(title="Intern rutin", visibility=Idea.Visibility.ORGANISATION)


@pytest.fixture
def draft_idea(make_idea) -> Idea:  # type: ignore[no-untyped-def]
    return make_idea(title="Mitt utkast", visibility=Idea.Visibility.DRAFT)

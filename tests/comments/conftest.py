from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from accounts.models import Organisation, User
from ideas.models import Idea
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    # Rate limits and presence counters live in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_idea(owner: User, skelleftea: Organisation) -> Idea:
    return factories.idea(organisation=skelleftea, created_by=owner, title="Ledighetsansökan")


@pytest.fixture
def organisation_idea(owner: User, skelleftea: Organisation) -> Idea:
    return factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Intern rutin",
        visibility=Idea.Visibility.ORGANISATION,
    )


@pytest.fixture
def draft_idea(owner: User, skelleftea: Organisation) -> Idea:
    return factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Mitt utkast",
        visibility=Idea.Visibility.DRAFT,
    )

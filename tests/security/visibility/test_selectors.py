"""The rule as selectors: `may_see_idea` and `users_who_may_see_idea` answer as the table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ideas.selectors import may_see_idea, users_who_may_see_idea
from tests.security.visibility.table import keys_of, visible
from tests.security.visibility.world import PERSONAS, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_idea_selectors_answer_as_the_table_does(world: World, persona: str) -> None:
    """`may_see_idea` (one person, memberships read afresh: services and sockets) and
    `users_who_may_see_idea` (many people in one query: notifications) state the same rule
    as `Idea.objects.visible_to`."""
    user = world.users[persona]
    for key in keys_of("idea"):
        idea = world.objects[key]
        assert may_see_idea(user or AnonymousUser(), idea.pk) == visible(persona, key), key
        if user is not None:
            audience = users_who_may_see_idea(idea, [user.pk]).values_list("pk", flat=True)
            assert (user.pk in audience) == visible(persona, key), key

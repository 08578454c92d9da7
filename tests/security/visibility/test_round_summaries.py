"""A closed round's figures reach people outside the team only from the minimum group size
(issue 12, finding 11), in the API's summary and on the results page."""

from __future__ import annotations

import pytest

from tests.security.visibility.checks import Leaks, Reader
from tests.security.visibility.table import expected_status
from tests.security.visibility.world import PERSONAS, VISIBILITIES, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_closed_rounds_figures_are_the_teams_below_the_minimum_group(
    world: World, persona: str
) -> None:
    """Nobody answered in the world's closed rounds, fewer than ROUND_SUMMARY_MIN_PARTICIPANTS
    (issue 12, finding 11): the team and platform staff get the figures; everyone else who
    may read the summary gets the participants and findings, and why."""
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    figures = persona in ("member", "coordinator", "staff")
    for v in VISIBILITIES:
        key = f"round-closed:{v}"
        if expected_status("summary", key, persona) != 200:
            continue
        data = read.json(f"/api/v1/test-rounds/{world.id(key)}/summary/")
        read.same(f"summary of {key}: withheld", data["suppressed"], not figures)
        read.same(f"summary of {key}: tasks shown", bool(data["tasks"]), figures)
        response, _body = read.get(f"/testomgangar/{world.id(key)}/resultat/")
        summary = response.context["summary"]
        read.same(f"results page of {key}: withheld", summary["suppressed"], not figures)
    leaks.report()

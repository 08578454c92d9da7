"""A closed round's published summary shows figures only from a minimum group size
(issue 12, finding 11).

With one participant, the completion rates, times, difficulty and SUS figures are that
person's exact answers. Below ROUND_SUMMARY_MIN_PARTICIPANTS people who answered (default 5),
everyone outside the team sees the number of participants and the findings only, and is told
why; the team (members of the idea's owning organisation) and platform staff see everything.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from accounts.models import User
from prototypes import services
from prototypes.models import TestRound
from tests import factories
from tests.prototypes.conftest import SUS_80, answers

pytestmark = pytest.mark.django_db

HIDDEN_SUS = {
    "mean": None,
    "sd": None,
    "n": None,
    "min": None,
    "max": None,
    "adjective": None,
    "adjective_label": None,
}


def _take_part(test_round: TestRound, people: int, *, answering: int | None = None) -> None:
    """`people` citizens sign up; the first `answering` of them (all by default) answer."""
    answering = people if answering is None else answering
    for n in range(people):
        person = factories.user(email=f"deltagare{n}@example.org")
        services.participation_create(user=person, test_round=test_round, consent=True)
        if n < answering:
            services.feedback_create(
                user=person,
                test_round=test_round,
                tasks=answers((True, 2, 61), (False, 4, 307)),
                sus=SUS_80,
                text="Mitt eget svar",
            )


def _close(test_round: TestRound, owner: User) -> None:
    services.test_round_update(actor=owner, test_round=test_round, status="closed")


@pytest.fixture
def closed_with_one(running_round: TestRound, owner: User) -> TestRound:
    """A closed round one person took part in and answered, with one finding."""
    _take_part(running_round, 1)
    services.finding_create(
        actor=owner, test_round=running_round, severity="major", description="Knappen syns inte"
    )
    _close(running_round, owner)
    return running_round


def _summary(client: Any, test_round: TestRound) -> dict[str, Any]:
    response = client.get(f"/api/v1/test-rounds/{test_round.pk}/summary/")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_public_sees_only_participants_and_findings_of_a_round_with_one_participant(
    api_as: Any, citizen: User, outsider: User, closed_with_one: TestRound
) -> None:
    for who in (None, citizen, outsider):
        data = _summary(api_as(who), closed_with_one)
        assert data["participants"] == 1
        assert data["findings"] == {"critical": 0, "major": 1, "minor": 0, "positive": 0}
        assert data["suppressed"] is True
        assert data["min_participants"] == 5
        assert "5" in data["suppressed_reason"]
        # No figure computed from the answers, not even how many answered.
        assert data["responses"] is None
        assert data["tasks"] == []
        assert data["sus"] == HIDDEN_SUS
        assert data["difficulty_distribution"] == {}


def test_team_and_staff_see_every_figure_of_a_round_with_one_participant(
    api_as: Any, owner: User, colleague: User, staff: User, closed_with_one: TestRound
) -> None:
    for who in (owner, colleague, staff):
        data = _summary(api_as(who), closed_with_one)
        assert data["suppressed"] is False
        assert data["suppressed_reason"] is None
        assert data["min_participants"] == 5
        assert data["responses"] == 1
        assert data["sus"]["mean"] == 80.0
        assert [t["median_seconds"] for t in data["tasks"]] == [61, 307]


def test_public_sees_the_figures_once_five_took_part_and_answered(
    api: Any, owner: User, running_round: TestRound
) -> None:
    _take_part(running_round, 5)
    _close(running_round, owner)
    data = _summary(api, running_round)
    assert data["suppressed"] is False
    assert (data["participants"], data["responses"], data["sus"]["n"]) == (5, 5, 5)
    assert data["sus"]["mean"] == 80.0
    assert [t["completion_rate"] for t in data["tasks"]] == [1.0, 0.0]


def test_the_minimum_counts_the_people_who_answered_not_those_who_signed_up(
    api: Any, owner: User, running_round: TestRound
) -> None:
    # Five signed up but one answered: the figures would be that one person's answers.
    _take_part(running_round, 5, answering=1)
    _close(running_round, owner)
    data = _summary(api, running_round)
    assert data["participants"] == 5
    assert data["suppressed"] is True
    assert data["sus"] == HIDDEN_SUS


def test_the_setting_sets_the_minimum(
    api: Any, settings: Any, owner: User, closed_with_one: TestRound
) -> None:
    settings.ROUND_SUMMARY_MIN_PARTICIPANTS = 1
    data = _summary(api, closed_with_one)
    assert (data["suppressed"], data["min_participants"]) == (False, 1)
    assert data["sus"]["mean"] == 80.0
    settings.ROUND_SUMMARY_MIN_PARTICIPANTS = 2
    data = _summary(api, closed_with_one)
    assert (data["suppressed"], data["min_participants"]) == (True, 2)
    assert data["sus"] == HIDDEN_SUS


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema says it (what jsonschema understands)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def test_withheld_and_full_summaries_both_match_the_documented_schema(
    client: Any, api: Any, api_as: Any, owner: User, closed_with_one: TestRound
) -> None:
    document = client.get("/api/schema/", {"format": "json"}).json()
    operation = document["paths"]["/api/v1/test-rounds/{id}/summary/"]["get"]
    schema = {
        **operation["responses"]["200"]["content"]["application/json"]["schema"],
        "components": _json_schema(document["components"]),
    }
    withheld = _summary(api, closed_with_one)
    full = _summary(api_as(owner), closed_with_one)
    assert (withheld["suppressed"], full["suppressed"]) == (True, False)
    for data in (withheld, full):
        jsonschema.validate(data, schema)


# --- The results page ----------------------------------------------------------------------


def _page(client: Any, test_round: TestRound) -> str:
    response = client.get(f"/testomgangar/{test_round.pk}/resultat/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_results_page_says_why_the_figures_are_not_shown_below_the_minimum(
    client: Any, citizen: User, closed_with_one: TestRound
) -> None:
    for signed_in in (False, True):
        if signed_in:
            client.force_login(citizen)
        text = _page(client, closed_with_one)
        assert "Färre än 5 deltagare har svarat" in text
        assert "<svg" not in text
        assert "<caption>Uppgifter</caption>" not in text
        assert "Genomsnittlig användbarhetspoäng" not in text
        assert "61 s" not in text and "80.0" not in text and "80,0" not in text
        assert "Deltagare: 1" in text
        assert "Knappen syns inte" in text  # the findings stay


def test_results_page_shows_the_team_every_figure_and_what_others_see(
    client: Any, owner: User, closed_with_one: TestRound
) -> None:
    client.force_login(owner)
    text = _page(client, closed_with_one)
    assert "<svg" in text and "<caption>Uppgifter</caption>" in text
    assert "Färre än 5 deltagare har svarat" not in text
    assert "Andra ser dem först när minst 5 deltagare har svarat" in text


def test_results_page_shows_the_figures_to_everyone_from_the_minimum(
    client: Any, owner: User, running_round: TestRound
) -> None:
    _take_part(running_round, 5)
    _close(running_round, owner)
    text = _page(client, running_round)
    assert "<svg" in text and "<caption>Uppgifter</caption>" in text
    assert "Färre än" not in text

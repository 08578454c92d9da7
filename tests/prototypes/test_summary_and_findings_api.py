"""Round summary (computed, checked against hand-computed values), findings and who sees them."""

from __future__ import annotations

import math

import pytest

from prototypes import services
from prototypes.models import Finding
from tests import factories
from tests.prototypes.conftest import SUS_35, SUS_50, SUS_80, answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(running_round, citizen, citizen2, citizen3):  # type: ignore[no-untyped-def]
    """Three participants with hand-checked answers (SUS 80, 50 and 35)."""
    rows = [
        (citizen, answers((True, 2, 60), (False, 5, 300)), SUS_80),
        (citizen2, answers((True, 1, 40), (True, 3, 200)), SUS_50),
        (citizen3, answers((False, 4, None), (True, 4, 100)), SUS_35),
    ]
    feedback = []
    for person, tasks, sus in rows:
        services.participation_create(user=person, test_round=running_round, consent=True)
        feedback.append(
            services.feedback_create(user=person, test_round=running_round, tasks=tasks, sus=sus)
        )
    return feedback


def summary_url(test_round) -> str:
    return f"/api/v1/test-rounds/{test_round.pk}/summary/"


def test_summary_matches_hand_computed_values(api_as, owner, running_round, answered) -> None:
    response = api_as(owner).get(summary_url(running_round))
    assert response.status_code == 200
    data = response.json()
    assert data["participants"] == 3
    # Task 1: completed by 2 of 3; times 60 and 40 (one left empty) → median 50.
    # Task 2: completed by 2 of 3; times 300, 200, 100 → median 200.
    assert [(t["completion_rate"], t["median_seconds"]) for t in data["tasks"]] == [
        (0.6667, 50),
        (0.6667, 200),
    ]
    # SUS 80, 50, 35 → mean 55; sample SD √(((25)² + (−5)² + (−20)²) / 2) = √525 ≈ 22.91.
    assert data["sus"]["mean"] == 55.0
    assert math.isclose(data["sus"]["sd"], 22.91)
    assert data["sus"]["n"] == 3
    assert data["sus"]["adjective"] == "good"
    assert data["sus"]["adjective_label"] == "Bra"
    assert data["difficulty_distribution"] == {"1": 1, "2": 1, "3": 1, "4": 2, "5": 1}
    assert data["findings"] == {"critical": 0, "major": 0, "minor": 0, "positive": 0}


def test_withdrawal_removes_the_answers_from_the_summary(
    api_as, owner, citizen, running_round, answered
) -> None:
    assert (
        api_as(citizen).delete(f"/api/v1/test-rounds/{running_round.pk}/participation/").status_code
        == 204
    )
    data = api_as(owner).get(summary_url(running_round)).json()
    assert data["participants"] == 2
    # SUS 50 and 35 → mean 42.5, sample SD √((7.5² + 7.5²) / 1) ≈ 10.61 → "OK".
    assert (data["sus"]["mean"], data["sus"]["sd"], data["sus"]["adjective"]) == (42.5, 10.61, "ok")
    assert [(t["completion_rate"], t["median_seconds"]) for t in data["tasks"]] == [
        (0.5, 40),
        (1.0, 150),
    ]


def test_summary_of_a_round_without_feedback_has_no_numbers(api_as, owner, test_round) -> None:
    data = api_as(owner).get(summary_url(test_round)).json()
    assert data["participants"] == 0
    assert data["sus"] == {
        "mean": None,
        "sd": None,
        "n": 0,
        "min": None,
        "max": None,
        "adjective": None,
        "adjective_label": None,
    }
    assert data["tasks"][0]["completion_rate"] is None


def test_team_sees_the_summary_while_the_round_runs_others_do_not(
    api_as, api, owner, colleague, citizen, outsider, running_round, answered
) -> None:
    assert api_as(colleague).get(summary_url(running_round)).status_code == 200
    assert api_as(citizen).get(summary_url(running_round)).status_code == 403  # a participant
    assert api_as(outsider).get(summary_url(running_round)).status_code == 403
    assert api.get(summary_url(running_round)).status_code == 403


def test_summary_is_published_to_everyone_who_may_see_the_round_once_closed(
    api_as, api, settings, owner, citizen, outsider, running_round, answered
) -> None:
    # Three answered: publish from three (the minimum group size has its own tests in
    # test_summary_minimum_group.py).
    settings.ROUND_SUMMARY_MIN_PARTICIPANTS = 3
    services.test_round_update(actor=owner, test_round=running_round, status="closed")
    for client in (api_as(citizen), api_as(outsider), api):
        assert client.get(summary_url(running_round)).json()["sus"]["mean"] == 55.0


def test_closed_summary_of_a_members_only_idea_stays_hidden_from_outsiders(
    api_as, owner, outsider, colleague, members_idea
) -> None:
    closed = factories.test_round(
        prototype=factories.prototype(idea=members_idea, created_by=owner),
        created_by=owner,
        status="closed",
    )
    assert api_as(outsider).get(summary_url(closed)).status_code == 404
    assert api_as(colleague).get(summary_url(closed)).status_code == 200


def test_team_records_a_finding_linked_to_feedback(api_as, owner, running_round, answered) -> None:
    response = api_as(owner).post(
        f"/api/v1/test-rounds/{running_round.pk}/findings/",
        {
            "severity": "major",
            "description": "Knappen Skicka syns inte på mobil.",
            "feedback": [answered[0].pk],
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["feedback"] == [answered[0].pk]
    assert data["participants"] == ["Deltagare 1"]
    summary = api_as(owner).get(summary_url(running_round)).json()
    assert summary["findings"] == {"critical": 0, "major": 1, "minor": 0, "positive": 0}


def test_a_finding_linked_to_feedback_of_another_round_is_400(
    api_as, owner, citizen, prototype, running_round, answered
) -> None:
    other = factories.test_round(
        prototype=prototype, created_by=owner, status="running", title="Annan"
    )
    services.participation_create(user=citizen, test_round=other, consent=True)
    foreign = services.feedback_create(
        user=citizen, test_round=other, tasks=answers((True, 1, 5), (True, 1, 5)), sus=SUS_50
    )
    response = api_as(owner).post(
        f"/api/v1/test-rounds/{running_round.pk}/findings/",
        {"severity": "minor", "description": "x", "feedback": [answered[1].pk, foreign.pk]},
    )
    assert response.status_code == 400
    assert str(foreign.pk) in response.json()["feedback"][0]
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"severity": "blocker", "description": "x"}, "severity"),
        ({"severity": "minor", "description": ""}, "description"),
        ({"severity": "minor"}, "description"),
        ({"severity": "minor", "description": "x", "feedback": [2**80]}, "feedback"),
    ],
)
def test_bad_findings_are_400(api_as, owner, running_round, payload, field) -> None:
    response = api_as(owner).post(f"/api/v1/test-rounds/{running_round.pk}/findings/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Finding.objects.exists()


def test_addressed_in_must_be_a_version_of_the_same_idea(
    api_as, owner, skelleftea, running_round
) -> None:
    other_idea = factories.idea(organisation=skelleftea, created_by=owner, title="Annan idé")
    other_version = factories.prototype(idea=other_idea, created_by=owner)
    response = api_as(owner).post(
        f"/api/v1/test-rounds/{running_round.pk}/findings/",
        {"severity": "minor", "description": "x", "addressed_in": other_version.pk},
    )
    assert response.status_code == 400
    assert "addressed_in" in response.json()


def test_team_marks_a_finding_as_addressed_in_a_later_version(
    api_as, owner, idea, running_round
) -> None:
    finding = services.finding_create(
        actor=owner,
        test_round=running_round,
        severity="critical",
        description="Går inte att skicka",
    )
    v2 = factories.prototype(idea=idea, created_by=owner, label="v2")
    response = api_as(owner).patch(f"/api/v1/findings/{finding.pk}/", {"addressed_in": v2.pk})
    assert response.status_code == 200
    assert response.json()["addressed_in"] == v2.pk
    assert api_as(owner).delete(f"/api/v1/findings/{finding.pk}/").status_code == 204


def test_only_the_team_records_or_edits_findings(
    api_as, citizen, outsider, owner, running_round
) -> None:
    body = {"severity": "minor", "description": "x"}
    url = f"/api/v1/test-rounds/{running_round.pk}/findings/"
    assert api_as(citizen).post(url, body).status_code == 403
    assert api_as(outsider).post(url, body).status_code == 403
    finding = services.finding_create(actor=owner, test_round=running_round, **body)
    # While the round runs its findings are the team's: for others they do not exist (404).
    assert (
        api_as(outsider).patch(f"/api/v1/findings/{finding.pk}/", {"severity": "major"}).status_code
        == 404
    )
    services.test_round_update(actor=owner, test_round=running_round, status="closed")
    # Published with the closed round: visible, but still not theirs to edit (403).
    assert (
        api_as(outsider).patch(f"/api/v1/findings/{finding.pk}/", {"severity": "major"}).status_code
        == 403
    )
    assert api_as(outsider).delete(f"/api/v1/findings/{finding.pk}/").status_code == 403
    assert not Finding.objects.exclude(severity="minor").exists()


def test_findings_are_published_with_the_summary(api_as, api, owner, running_round) -> None:
    services.finding_create(
        actor=owner, test_round=running_round, severity="positive", description="Tydligt"
    )
    url = f"/api/v1/test-rounds/{running_round.pk}/findings/"
    assert api.get(url).status_code == 403
    assert api_as(owner).get(url).json()["count"] == 1
    services.test_round_update(actor=owner, test_round=running_round, status="closed")
    assert api.get(url).json()["results"][0]["severity"] == "positive"


def test_withdrawal_unlinks_the_feedback_from_findings(
    api_as, owner, citizen, running_round, answered
) -> None:
    finding = services.finding_create(
        actor=owner,
        test_round=running_round,
        severity="major",
        description="x",
        feedback_ids=[answered[0].pk, answered[1].pk],
    )
    api_as(citizen).delete(f"/api/v1/test-rounds/{running_round.pk}/participation/")
    assert list(finding.feedback.all()) == [answered[1]]


def test_team_sees_participants_under_pseudonyms_and_staff_see_who_they_are(
    api_as, owner, staff, outsider, citizen, running_round, answered
) -> None:
    url = f"/api/v1/test-rounds/{running_round.pk}/participants/"
    team = api_as(owner).get(url).json()["results"]
    assert [p["pseudonym"] for p in team] == ["Deltagare 1", "Deltagare 2", "Deltagare 3"]
    assert all(p["identity"] is None for p in team)
    assert citizen.email not in str(team)
    assert team[0]["feedback"]["sus_score"] == 80.0
    staff_member = factories.user(
        email="staffmember@skelleftea.example",
        organisation=running_round.prototype.idea.organisation,
        is_staff=True,
    )
    seen_by_staff = api_as(staff_member).get(url).json()["results"]
    assert seen_by_staff[0]["identity"]["email"] == citizen.email
    assert api_as(staff).get(url).json()["results"][0]["identity"]["email"] == citizen.email
    assert api_as(outsider).get(url).status_code == 403
    assert api_as(citizen).get(url).status_code == 403

"""Participations, consents and feedback in the personal-data export, and account deletion."""

from __future__ import annotations

import pytest

from prototypes import services
from prototypes.models import Feedback, Participation
from tests.prototypes.conftest import SUS_80, answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_feedback(citizen, running_round):  # type: ignore[no-untyped-def]
    services.participation_create(user=citizen, test_round=running_round, consent=True)
    return services.feedback_create(
        user=citizen,
        test_round=running_round,
        tasks=answers((True, 2, 60), (False, 5, 300)),
        sus=SUS_80,
        text="Bra tjänst",
    )


def test_export_includes_participations_consents_and_feedback(
    api_as, citizen, running_round, with_feedback
) -> None:
    data = api_as(citizen).get("/api/v1/me/export/").json()
    [entry] = data["test_rounds"]
    assert entry["round"] == running_round.pk
    assert entry["pseudonym"] == "Deltagare 1"
    assert entry["consent"]["version"] == 1
    assert entry["consent"]["text"] == running_round.consent_text
    assert entry["consent"]["given_at"]
    assert entry["feedback"]["sus"] == SUS_80
    assert entry["feedback"]["sus_score"] == 80.0
    assert entry["feedback"]["text"] == "Bra tjänst"


def test_export_shows_the_consent_text_version_the_person_agreed_to(
    api_as, owner, citizen, running_round, with_feedback
) -> None:
    services.test_round_update(actor=owner, test_round=running_round, consent_text="Version två")
    entry = api_as(citizen).get("/api/v1/me/export/").json()["test_rounds"][0]
    assert entry["consent"] == {
        **entry["consent"],
        "version": 1,
        "text": running_round.consent_text,
    }


def test_export_has_no_one_elses_test_data(api_as, citizen2, with_feedback) -> None:
    assert api_as(citizen2).get("/api/v1/me/export/").json()["test_rounds"] == []


def test_deleting_the_account_deletes_participations_and_feedback(
    api_as, owner, citizen, running_round, with_feedback
) -> None:
    finding = services.finding_create(
        actor=owner,
        test_round=running_round,
        severity="minor",
        description="x",
        feedback_ids=[with_feedback.pk],
    )
    assert api_as(citizen).delete("/api/v1/me/").status_code == 204
    assert not Participation.objects.filter(user=citizen).exists()
    assert not Feedback.objects.exists()
    assert finding.feedback.count() == 0
    assert (
        api_as(owner).get(f"/api/v1/test-rounds/{running_round.pk}/summary/").json()["participants"]
        == 0
    )

"""/api/v1/test-rounds/{id}/feedback/: one feedback per participation, from a running round."""

from __future__ import annotations

import pytest

from prototypes.models import Feedback
from tests import factories
from tests.prototypes.conftest import SUS_50, SUS_80, answers

pytestmark = pytest.mark.django_db

GOOD = {
    "tasks": answers((True, 2, 95), (False, 5, 300)),
    "sus": SUS_80,
    "text": "Knappen syns dåligt.",
}


def feedback_url(test_round) -> str:
    return f"/api/v1/test-rounds/{test_round.pk}/feedback/"


@pytest.fixture
def participant(api_as, citizen, running_round):  # type: ignore[no-untyped-def]
    client = api_as(citizen)
    assert (
        client.post(
            f"/api/v1/test-rounds/{running_round.pk}/participation/", {"consent": True}
        ).status_code
        == 201
    )
    return client


def test_participant_gives_feedback_and_gets_the_sus_score(participant, running_round) -> None:
    response = participant.post(feedback_url(running_round), GOOD)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["sus_score"] == 80.0
    assert data["participant"] == "Deltagare 1"
    assert data["tasks"] == GOOD["tasks"]
    assert data["sus"] == SUS_80
    assert data["text"] == "Knappen syns dåligt."


def test_participant_reads_their_own_feedback(participant, running_round) -> None:
    assert participant.get(feedback_url(running_round)).status_code == 404
    participant.post(feedback_url(running_round), GOOD)
    assert participant.get(feedback_url(running_round)).json()["sus_score"] == 80.0


def test_one_feedback_per_participation(participant, running_round) -> None:
    participant.post(feedback_url(running_round), GOOD)
    again = participant.post(feedback_url(running_round), GOOD)
    assert again.status_code == 400
    assert Feedback.objects.count() == 1


def test_feedback_is_editable_while_the_round_runs(participant, running_round) -> None:
    participant.post(feedback_url(running_round), GOOD)
    response = participant.put(feedback_url(running_round), {**GOOD, "sus": SUS_50})
    assert response.status_code == 200
    assert response.json()["sus_score"] == 50.0
    patched = participant.patch(feedback_url(running_round), {"text": "Ändrad"})
    assert patched.status_code == 200
    assert patched.json()["text"] == "Ändrad"
    assert patched.json()["sus_score"] == 50.0
    assert Feedback.objects.get().sus_score == 50.0


def test_feedback_cannot_be_edited_after_the_round_closes(participant, running_round) -> None:
    participant.post(feedback_url(running_round), GOOD)
    running_round.status = "closed"
    running_round.save()
    response = participant.put(feedback_url(running_round), {**GOOD, "sus": SUS_50})
    assert response.status_code == 400
    assert "avslutad" in response.json()["detail"]
    assert Feedback.objects.get().sus_score == 80.0


def test_editing_before_giving_feedback_is_400(participant, running_round) -> None:
    assert participant.put(feedback_url(running_round), GOOD).status_code == 400


def test_feedback_to_a_round_that_is_not_running_is_400(api_as, citizen, test_round) -> None:
    client = api_as(citizen)
    client.post(f"/api/v1/test-rounds/{test_round.pk}/participation/", {"consent": True})
    response = client.post(feedback_url(test_round), GOOD)
    assert response.status_code == 400
    assert "pågår" in response.json()["detail"]
    assert not Feedback.objects.exists()


def test_non_participant_cannot_give_feedback(api_as, citizen2, running_round) -> None:
    response = api_as(citizen2).post(feedback_url(running_round), GOOD)
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_team_member_cannot_give_feedback(api_as, owner, running_round) -> None:
    assert api_as(owner).post(feedback_url(running_round), GOOD).status_code == 403


def test_anonymous_feedback_is_401(api, running_round) -> None:
    assert api.post(feedback_url(running_round), GOOD).status_code == 401


def test_outsider_gets_404_for_feedback_to_a_hidden_round(
    api_as, outsider, owner, members_idea
) -> None:
    hidden = factories.test_round(
        prototype=factories.prototype(idea=members_idea, created_by=owner),
        created_by=owner,
        status="running",
    )
    assert api_as(outsider).post(feedback_url(hidden), GOOD).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"tasks": answers((True, 0, 95), (False, 5, 300))}, "tasks", "Uppgift 1"),
        ({"tasks": answers((True, 2, 95), (False, 6, 300))}, "tasks", "Uppgift 2"),
        ({"tasks": answers((True, 2.5, 95), (False, 5, 300))}, "tasks", "heltal"),
        ({"tasks": answers((True, 2, -1), (False, 5, 300))}, "tasks", "sekunder"),
        ({"tasks": [{"difficulty": 2, "seconds": 3}, GOOD["tasks"][1]]}, "tasks", "klarade"),
        ({"tasks": answers((True, 2, 95))}, "tasks", "2 uppgifter"),
        ({"tasks": None}, "tasks", "2 uppgifter"),
        ({"sus": SUS_80[:9]}, "sus", "saknas: 10"),
        ({"sus": [*SUS_80[:3], None, *SUS_80[4:]]}, "sus", "saknas: 4"),
        ({"sus": [*SUS_80[:9], 6]}, "sus", "påstående 10"),
        ({"sus": [*SUS_80[:9], 0]}, "sus", "påstående 10"),
        ({"sus": [*SUS_80, 3]}, "sus", "exakt tio"),
        ({"sus": "4,2,4,1,4,2,5,2,4,2"}, "sus", "tio"),
        ({"text": 42}, "text", "10 000"),
    ],
)
def test_bad_feedback_is_400_with_a_clear_message_and_nothing_is_stored(
    participant, running_round, change, field, words
) -> None:
    response = participant.post(feedback_url(running_round), {**GOOD, **change})
    assert response.status_code == 400
    messages = " ".join(response.json()[field])
    assert words in messages, messages
    assert not Feedback.objects.exists()


def test_every_problem_is_reported_at_once(participant, running_round) -> None:
    response = participant.post(
        feedback_url(running_round),
        {"tasks": answers((True, 9, 95), (False, 5, 300)), "sus": SUS_80[:8]},
    )
    assert set(response.json()) == {"tasks", "sus"}


def test_feedback_that_is_not_json_is_400(participant, running_round) -> None:
    response = participant.post(
        feedback_url(running_round), "{not json", content_type="application/json"
    )
    assert response.status_code == 400

"""POST/DELETE/GET /api/v1/test-rounds/{id}/participation/: consent, capacity, pseudonyms."""

from __future__ import annotations

import pytest

from prototypes.models import Feedback, Participation
from tests import factories
from tests.prototypes.conftest import SUS_50, answers

pytestmark = pytest.mark.django_db


def url(test_round) -> str:
    return f"/api/v1/test-rounds/{test_round.pk}/participation/"


def test_citizen_signs_up_with_consent_and_the_record_keeps_version_and_time(
    api_as, citizen, test_round
) -> None:
    response = api_as(citizen).post(url(test_round), {"consent": True})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["pseudonym"] == "Deltagare 1"
    assert data["consent_version"] == 1
    assert data["consented_at"]
    participation = Participation.objects.get(user=citizen)
    assert participation.consent_version == 1 and participation.consented_at is not None


@pytest.mark.parametrize("body", [{}, {"consent": False}, {"consent": "yes please"}])
def test_sign_up_without_consent_is_400_and_nothing_is_stored(
    api_as, citizen, test_round, body
) -> None:
    response = api_as(citizen).post(url(test_round), body)
    assert response.status_code == 400
    assert "consent" in response.json()
    assert not Participation.objects.exists()


def test_sign_up_with_an_outdated_consent_version_is_400(api_as, citizen, test_round) -> None:
    test_round.consent_version = 2
    test_round.save()
    response = api_as(citizen).post(url(test_round), {"consent": True, "consent_version": 1})
    assert response.status_code == 400
    assert "consent_version" in response.json()
    assert not Participation.objects.exists()


def test_sign_up_to_a_full_round_is_400(api_as, owner, citizen, citizen2, prototype) -> None:
    full = factories.test_round(prototype=prototype, created_by=owner, capacity=1)
    assert api_as(citizen).post(url(full), {"consent": True}).status_code == 201
    response = api_as(citizen2).post(url(full), {"consent": True})
    assert response.status_code == 400
    assert response.json()["detail"] == "Omgången är full; alla platser är tagna."
    assert Participation.objects.count() == 1


def test_sign_up_to_a_closed_round_is_400(api_as, owner, citizen, prototype) -> None:
    closed = factories.test_round(prototype=prototype, created_by=owner, status="closed")
    response = api_as(citizen).post(url(closed), {"consent": True})
    assert response.status_code == 400
    assert "avslutad" in response.json()["detail"]
    assert not Participation.objects.exists()


def test_sign_up_to_a_running_round_is_allowed(api_as, citizen, running_round) -> None:
    assert api_as(citizen).post(url(running_round), {"consent": True}).status_code == 201


def test_signing_up_twice_is_400(api_as, citizen, test_round) -> None:
    client = api_as(citizen)
    client.post(url(test_round), {"consent": True})
    response = client.post(url(test_round), {"consent": True})
    assert response.status_code == 400
    assert Participation.objects.count() == 1


def test_team_members_cannot_take_part_in_their_own_round(api_as, colleague, test_round) -> None:
    response = api_as(colleague).post(url(test_round), {"consent": True})
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_outsider_from_another_municipality_may_take_part_in_a_public_round(
    api_as, outsider, test_round
) -> None:
    assert api_as(outsider).post(url(test_round), {"consent": True}).status_code == 201


def test_anonymous_sign_up_is_401(api, test_round) -> None:
    assert api.post(url(test_round), {"consent": True}).status_code == 401


def test_pseudonyms_follow_sign_up_order_and_stay_stable_after_a_withdrawal(
    api_as, citizen, citizen2, citizen3, test_round
) -> None:
    for person in (citizen, citizen2, citizen3):
        api_as(person).post(url(test_round), {"consent": True})
    api_as(citizen).delete(url(test_round))
    assert api_as(citizen2).get(url(test_round)).json()["pseudonym"] == "Deltagare 2"
    assert api_as(citizen3).get(url(test_round)).json()["pseudonym"] == "Deltagare 3"
    rejoined = api_as(citizen).post(url(test_round), {"consent": True}).json()
    assert rejoined["pseudonym"] == "Deltagare 4"


def test_pseudonym_is_english_for_english_speakers(api_as, citizen, test_round) -> None:
    response = api_as(citizen).post(url(test_round), {"consent": True}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["pseudonym"] in ("Participant 1", "Deltagare 1")


def test_withdrawal_deletes_the_participation_and_its_feedback(
    api_as, owner, citizen, running_round
) -> None:
    client = api_as(citizen)
    client.post(url(running_round), {"consent": True})
    client.post(
        f"/api/v1/test-rounds/{running_round.pk}/feedback/",
        {"tasks": answers((True, 2, 30), (True, 3, 60)), "sus": SUS_50, "text": "Bra"},
    )
    assert Feedback.objects.count() == 1
    assert client.delete(url(running_round)).status_code == 204
    assert not Participation.objects.exists()
    assert not Feedback.objects.exists()
    assert client.get(url(running_round)).status_code == 404


def test_withdrawing_when_not_signed_up_is_400(api_as, citizen, test_round) -> None:
    assert api_as(citizen).delete(url(test_round)).status_code == 400


def test_withdrawal_frees_the_place(api_as, owner, citizen, citizen2, prototype) -> None:
    one_place = factories.test_round(prototype=prototype, created_by=owner, capacity=1)
    api_as(citizen).post(url(one_place), {"consent": True})
    api_as(citizen).delete(url(one_place))
    assert api_as(citizen2).post(url(one_place), {"consent": True}).status_code == 201


def test_a_participant_still_sees_the_round_they_joined(api_as, citizen, test_round) -> None:
    api_as(citizen).post(url(test_round), {"consent": True})
    assert api_as(citizen).get(f"/api/v1/test-rounds/{test_round.pk}/").status_code == 200

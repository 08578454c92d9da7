"""The proposals' rules in the services: status moves, answers, me too, follow, withdraw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas.models import Idea
from proposals import services
from proposals.models import AnswerKind, MeToo, Proposal, Status, allowed_next_statuses
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_status_rule_moves_forward_only() -> None:
    assert allowed_next_statuses("submitted") == ["considering", "answered"]
    assert allowed_next_statuses("considering") == ["answered"]
    assert allowed_next_statuses("answered") == []
    assert allowed_next_statuses("submitted", withdrawn=True) == []


def test_considering_cannot_go_back_to_submitted(owner, proposal) -> None:
    services.proposal_change_status(actor=owner, proposal=proposal, status=Status.CONSIDERING)
    with pytest.raises(ValidationError) as error:
        services.proposal_change_status(actor=owner, proposal=proposal, status=Status.SUBMITTED)
    assert "status" in error.value.message_dict
    assert Proposal.objects.get(pk=proposal.pk).status == Status.CONSIDERING


def test_an_answered_proposal_cannot_be_answered_again(owner, proposal) -> None:
    services.proposal_answer(actor=owner, proposal=proposal, kind="accepted", text="Ja.")
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=owner, proposal=proposal, kind="declined", text="Nej.")
    assert Proposal.objects.get(pk=proposal.pk).answer_kind == AnswerKind.ACCEPTED


def test_a_withdrawn_proposal_cannot_be_answered(owner, citizen, proposal) -> None:
    services.proposal_withdraw(actor=citizen, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=owner, proposal=proposal, kind="accepted", text="Ja.")


def test_the_proposer_cannot_withdraw_after_the_answer(owner, citizen, proposal) -> None:
    services.proposal_answer(actor=owner, proposal=proposal, kind="accepted", text="Ja.")
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=citizen, proposal=proposal)


def test_turned_into_a_new_idea_linked_both_ways(owner, proposal) -> None:
    services.proposal_answer(
        actor=owner, proposal=proposal, kind="idea", text="Vi utvecklar det som en idé."
    )
    proposal.refresh_from_db()
    idea = proposal.idea
    assert idea is not None
    assert idea.organisation_id == proposal.organisation_id
    assert idea.title == proposal.title and idea.visibility == Idea.Visibility.PUBLIC
    assert list(idea.proposals.all()) == [proposal]


def test_turned_into_an_existing_idea_of_the_municipality(owner, proposal, skelleftea) -> None:
    existing = factories.idea(organisation=skelleftea, created_by=owner, title="Trygga stråk")
    services.proposal_answer(
        actor=owner,
        proposal=proposal,
        kind="idea",
        text="Det hör till trygga stråk.",
        idea=existing.pk,
    )
    proposal.refresh_from_db()
    assert proposal.idea_id == existing.pk
    assert Idea.objects.count() == 1


def test_an_idea_of_another_organisation_cannot_be_linked(
    owner, outsider, proposal, krokom
) -> None:
    elsewhere = factories.idea(organisation=krokom, created_by=outsider, title="Annat")
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(
            actor=owner, proposal=proposal, kind="idea", text="X", idea=elsewhere.pk
        )
    assert "idea" in error.value.message_dict
    assert Proposal.objects.get(pk=proposal.pk).status == Status.SUBMITTED


def test_me_too_once_per_person_however_often_repeated(owner, colleague, proposal) -> None:
    for _ in range(3):
        services.me_too_add(user=owner, proposal=proposal)
    services.me_too_add(user=colleague, proposal=proposal)
    assert MeToo.objects.filter(proposal=proposal).count() == 2
    assert Proposal.objects.get(pk=proposal.pk).me_too_count == 2
    services.me_too_remove(user=owner, proposal=proposal)
    services.me_too_remove(user=owner, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).me_too_count == 1


def test_follow_is_idempotent(owner, proposal) -> None:
    first = services.proposal_follow_add(user=owner, proposal=proposal)
    again = services.proposal_follow_add(user=owner, proposal=proposal)
    assert first.pk == again.pk


def test_a_place_must_be_a_public_place_of_the_municipality(
    citizen, owner, skelleftea, krokom
) -> None:
    from maps import services as places

    outsider = factories.user(email="k@krokom.example", organisation=krokom)
    mine = places.place_create(
        actor=owner, organisation=skelleftea, kind="shop", name="Byns butik", point=(20.95, 64.75)
    )
    theirs = places.place_create(
        actor=outsider, organisation=krokom, kind="shop", name="Föllinge", point=(14.6, 63.67)
    )
    proposal = services.proposal_create(
        author=citizen, organisation=skelleftea, title="T", body="B", place=mine.pk
    )
    assert proposal.place_id == mine.pk
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            author=citizen, organisation=skelleftea, title="T", body="B", place=theirs.pk
        )
    assert "place" in error.value.message_dict

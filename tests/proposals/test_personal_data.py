"""Proposals in the personal-data export; kept anonymised when the account goes."""

from __future__ import annotations

import pytest

from accounts.services import user_delete, user_export
from proposals import services
from proposals.models import MeToo, Proposal, ProposalFollow
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_has_the_proposals_sent_me_too_and_follows(
    citizen, owner, proposal, skelleftea
) -> None:
    other = services.proposal_create(author=owner, organisation=skelleftea, title="O", body="o")
    services.me_too_add(user=citizen, proposal=other)
    services.proposal_follow_add(user=citizen, proposal=other)
    data = user_export(user=citizen)["proposals"]
    assert [p["title"] for p in data["proposals_sent"]] == [proposal.title]
    assert data["proposals_sent"][0]["body"] == proposal.body
    assert [r["proposal"] for r in data["proposals_me_too"]] == [other.pk]
    assert [r["proposal"] for r in data["proposals_followed"]] == [other.pk]


def test_deleting_the_account_keeps_the_proposal_anonymised(
    citizen, owner, skelleftea, api
) -> None:
    mine = services.proposal_create(
        author=citizen, organisation=skelleftea, title="Mitt", body="m", show_name=True
    )
    other = services.proposal_create(author=owner, organisation=skelleftea, title="O", body="o")
    services.me_too_add(user=citizen, proposal=other)
    services.proposal_follow_add(user=citizen, proposal=other)
    user_delete(user=citizen)
    mine.refresh_from_db()
    assert mine.author_id is None and mine.show_name is False
    assert api.get(f"/api/v1/proposals/{mine.pk}/").json()["author_display"] == "Invånare"
    assert not MeToo.objects.filter(user=citizen).exists()
    assert not ProposalFollow.objects.filter(user=citizen).exists()
    assert Proposal.objects.get(pk=other.pk).me_too_count == 0


def test_deleting_another_account_leaves_proposals_alone(citizen, proposal) -> None:
    user_delete(user=factories.user(email="x@example.org"))
    proposal.refresh_from_db()
    assert proposal.author_id == citizen.pk

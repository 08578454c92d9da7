"""A proposal may build on a fact: a figure of any organisation's public fact sheet (issue 19,
"optional link to a fact"). A proposal is public, so what it cites must be public too; a
sheet that later becomes its organisation's own no longer shows its figure to others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import Organisation, User
from facts import services as facts
from facts.models import Fact, FactSheet
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def krokom_member(krokom: Organisation) -> User:
    return factories.user(email="analys@krokom.example", organisation=krokom)


def _fact(member: User, organisation: Organisation, visibility: str = "public") -> Fact:
    sheet = facts.fact_sheet_create(
        actor=member,
        organisation=organisation,
        year=2024,
        visibility=visibility,
        copy_from_previous=False,
    )
    return facts.fact_add(
        actor=member,
        sheet=sheet,
        label="Invånare 65 år och äldre",
        value=Decimal("24.5"),
        unit="%",
        source="Kolada",
    )


def _send(api_as, citizen: User, **extra: object):  # type: ignore[no-untyped-def]
    body = {"organisation": "skelleftea", "title": "Fler bänkar", "body": "Vid älven.", **extra}
    return api_as(citizen).post("/api/v1/proposals/", body, format="json")


def test_a_proposal_cites_a_public_fact_of_another_organisation(
    api_as, api, client, citizen, skelleftea, krokom, krokom_member
) -> None:
    fact = _fact(krokom_member, krokom)
    response = _send(api_as, citizen, fact=fact.pk)
    assert response.status_code == 201, response.content
    assert response.json()["fact"] == fact.pk
    proposal_id = response.json()["id"]
    assert api.get(f"/api/v1/proposals/{proposal_id}/").json()["fact"] == fact.pk
    page = client.get(f"/forslag/{proposal_id}/").content.decode()
    assert "Bygger på faktauppgiften" in page
    assert "Invånare 65 år och äldre" in page and "24,5" in page
    assert "/organisationer/krokom/fakta/?year=2024" in page


def test_a_members_only_fact_is_answered_like_a_missing_one(
    api_as, citizen, skelleftea, krokom, krokom_member
) -> None:
    hidden = _fact(krokom_member, krokom, visibility=FactSheet.Visibility.ORGANISATION)
    for fact_id in (hidden.pk, 987_654):
        response = _send(api_as, citizen, fact=fact_id)
        assert response.status_code == 400
        assert response.json()["fact"] == [f"Inget offentligt faktablad har uppgift {fact_id}."]
    assert not Proposal.objects.exists()


def test_the_proposer_changes_the_fact_and_removes_it(
    api_as, citizen, skelleftea, krokom, krokom_member
) -> None:
    fact = _fact(krokom_member, krokom)
    proposal_id = _send(api_as, citizen).json()["id"]
    url = f"/api/v1/proposals/{proposal_id}/"
    assert api_as(citizen).patch(url, {"fact": fact.pk}, format="json").json()["fact"] == fact.pk
    assert api_as(citizen).patch(url, {"fact": None}, format="json").json()["fact"] is None


def test_a_sheet_made_internal_later_hides_the_figure_from_others_but_its_members(
    api_as, api, client, citizen, skelleftea, krokom, krokom_member
) -> None:
    fact = _fact(krokom_member, krokom)
    proposal_id = _send(api_as, citizen, fact=fact.pk).json()["id"]
    facts.fact_sheet_update(
        actor=krokom_member, sheet=fact.sheet, visibility=FactSheet.Visibility.ORGANISATION
    )
    assert api.get(f"/api/v1/proposals/{proposal_id}/").json()["fact"] is None
    assert api.get("/api/v1/proposals/").json()["results"][0]["fact"] is None
    assert "Invånare 65 år" not in client.get(f"/forslag/{proposal_id}/").content.decode()
    assert api_as(krokom_member).get(f"/api/v1/proposals/{proposal_id}/").json()["fact"] == fact.pk

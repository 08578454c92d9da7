"""A finding is published with its round's summary: until the round closes it exists for the
team only (404 for everyone else, on its own URLs and on every page that would list it), and
a draft version it was addressed in stays the team's even once the finding is published."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from prototypes import services
from prototypes.models import Finding
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(idea: Any, owner: User) -> tuple[Any, Any]:
    """The open v1 under test and the team's draft v2."""
    v1 = factories.prototype(idea=idea, created_by=owner, label="v1", status="open")
    v2 = factories.prototype(idea=idea, created_by=owner, label="v2-utkast", status="draft")
    return v1, v2


def _finding(test_round: Any, owner: User, addressed_in: Any, text: str) -> Finding:
    return Finding.objects.create(
        round=test_round,
        severity=Finding.Severity.MAJOR,
        description=text,
        addressed_in=addressed_in,
        created_by=owner,
    )


def test_a_finding_of_a_round_that_is_not_closed_is_404_outside_the_team(
    api, api_as, client, owner: User, citizen: User, outsider: User, staff: User, versions: Any
) -> None:
    v1, _v2 = versions
    running = factories.test_round(prototype=v1, created_by=owner, status="running")
    finding = _finding(running, owner, None, "Knappen syns inte")
    url = f"/api/v1/findings/{finding.pk}/"
    for person in (citizen, outsider, staff):
        assert api_as(person).get(url).status_code == 404
        assert api_as(person).patch(url, {"severity": "minor"}, format="json").status_code == 404
        assert api_as(person).delete(url).status_code == 404
        client.force_login(person)
        assert client.get(f"/fynd/{finding.pk}/redigera/").status_code == 404
    assert api.get(url).status_code == 404
    assert api_as(owner).get(url).status_code == 200


def test_the_prototype_page_lists_only_findings_the_visitor_may_read(
    client, owner: User, citizen: User, versions: Any
) -> None:
    v1, _v2 = versions
    running = factories.test_round(prototype=v1, created_by=owner, status="running")
    closed = factories.test_round(prototype=v1, created_by=owner, status="closed", title="Klar")
    _finding(running, owner, v1, "Inte publicerad ännu")
    _finding(closed, owner, v1, "Publicerad slutsats")
    page = client.get(f"/prototyper/{v1.pk}/").content.decode()
    assert "Publicerad slutsats" in page and "Inte publicerad ännu" not in page
    client.force_login(owner)
    team_page = client.get(f"/prototyper/{v1.pk}/").content.decode()
    assert "Publicerad slutsats" in team_page and "Inte publicerad ännu" in team_page


def test_a_published_finding_does_not_name_a_draft_version_outside_the_team(
    api, api_as, client, owner: User, citizen: User, versions: Any
) -> None:
    v1, v2 = versions
    closed = factories.test_round(prototype=v1, created_by=owner, status="closed")
    finding = _finding(closed, owner, v2, "Åtgärdas i nästa version")
    assert api.get(f"/api/v1/findings/{finding.pk}/").json()["addressed_in"] is None
    listed = api_as(citizen).get(f"/api/v1/test-rounds/{closed.pk}/findings/").json()
    assert [f["addressed_in"] for f in listed["results"]] == [None]
    assert "v2-utkast" not in client.get(f"/testomgangar/{closed.pk}/resultat/").content.decode()
    assert api_as(owner).get(f"/api/v1/findings/{finding.pk}/").json()["addressed_in"] == v2.pk
    client.force_login(owner)
    assert "v2-utkast" in client.get(f"/testomgangar/{closed.pk}/resultat/").content.decode()
    services.prototype_update(actor=owner, prototype=v2, status="open")
    assert api.get(f"/api/v1/findings/{finding.pk}/").json()["addressed_in"] == v2.pk


def test_addressed_in_answers_a_prototype_of_another_idea_like_a_missing_one(
    api_as, owner: User, skelleftea: Any, versions: Any
) -> None:
    v1, _v2 = versions
    running = factories.test_round(prototype=v1, created_by=owner, status="running")
    hidden_idea = factories.idea(
        organisation=factories.organisation("krokom"),
        created_by=factories.user(organisation=factories.organisation("krokom")),
        title="Krokoms utkast",
        visibility="draft",
    )
    hidden = factories.prototype(idea=hidden_idea, created_by=hidden_idea.created_by)
    url = f"/api/v1/test-rounds/{running.pk}/findings/"
    body = {"severity": "minor", "description": "x"}
    answers = [
        api_as(owner).post(url, {**body, "addressed_in": pk}, format="json")
        for pk in (hidden.pk, 987654321)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    texts = [
        a.json()["addressed_in"][0].replace(str(pk), "<id>")
        for a, pk in zip(answers, (hidden.pk, 987654321), strict=True)
    ]
    assert texts[0] == texts[1]

"""Citizen proposals (issue 19): every persona sees a public proposal; a hidden or withdrawn
one only its proposer (the citizen persona), the municipality's members and staff. Members
of the municipality answer; its coordinators and staff moderate. Each persona's table row
below says what it may do; the API and the pages answer alike."""

from __future__ import annotations

import pytest

from comments import moderation
from proposals import services
from proposals.models import Proposal
from tests.security.visibility.checks import Leaks, Reader, request
from tests.security.visibility.world import PERSONAS, World

pytestmark = pytest.mark.django_db

#: persona: (sees hidden and withdrawn ones, answers, moderates)
TABLE = {
    "anonymous": (False, False, False),
    "citizen": (True, False, False),  # the proposer of all three
    "member": (True, True, False),
    "other": (False, False, False),
    "coordinator": (True, True, True),
    "staff": (True, False, True),
}


def _proposals(world: World) -> tuple[Proposal, Proposal, Proposal]:
    citizen, staff = world.users["citizen"], world.users["staff"]
    assert citizen is not None and staff is not None

    def sent(title: str) -> Proposal:
        return services.proposal_create(
            author=citizen, organisation=world.skelleftea, title=title, body="Text"
        )

    public, hidden, withdrawn = sent("Öppet förslag"), sent("Dolt förslag"), sent("Tillbaka")
    moderation.hide(actor=staff, target=hidden, reason="Personuppgifter")
    services.proposal_withdraw(actor=citizen, proposal=withdrawn)
    return public, hidden, withdrawn


@pytest.mark.parametrize("persona", PERSONAS)
def test_proposals_are_seen_as_the_persona_may(world: World, persona: str) -> None:
    public, hidden, withdrawn = _proposals(world)
    sees, _answers, _moderates = TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    want = {public.pk, hidden.pk, withdrawn.pk} if sees else {public.pk}
    for query in ({}, {"organisation": "skelleftea"}, {"county": world.skelleftea.county_id}):
        listed = read.json("/api/v1/proposals/", **query)
        read.same(f"proposal list {query}", {p["id"] for p in listed["results"]}, want)
    _response, page = read.get("/forslag/")
    read.same("list page shows the hidden one", "Dolt förslag" in page, sees)
    read.same("list page shows the public one", "Öppet förslag" in page, True)
    for proposal, visible in ((public, True), (hidden, sees), (withdrawn, sees)):
        status = 200 if visible else 404
        read.get(f"/api/v1/proposals/{proposal.pk}/", want=status)
        read.get(f"/forslag/{proposal.pk}/", want=status)
        read.get(f"/api/v1/proposals/{proposal.pk}/comments/", want=status)
    _response, org_page = read.get("/organisationer/skelleftea/")
    read.same("organisation page lists the hidden one", "Dolt förslag" in org_page, sees)
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_proposals_are_acted_on_as_the_persona_may(world: World, persona: str) -> None:
    public, hidden, _withdrawn = _proposals(world)
    sees, answers, moderates = TABLE[persona]
    signed_in = persona != "anonymous"
    proposer = persona == "citizen"
    client = world.client(persona)
    leaks = Leaks(world)

    def check(method: str, url: str, want: int, body: dict | None = None) -> None:
        leaks.status(f"{persona} {method} {url}", request(client, method, url, body), want)

    api = f"/api/v1/proposals/{public.pk}/"
    check("POST", api + "me-too/", 401 if not signed_in else 400 if proposer else 200)
    check("DELETE", api + "me-too/", 401 if not signed_in else 200)
    check("POST", api + "follow/", 401 if not signed_in else 200)
    check("DELETE", api + "follow/", 401 if not signed_in else 200)
    check("POST", api + "comments/", 401 if not signed_in else 201, {"body": "Hej"})
    check("PATCH", api, 401 if not signed_in else 200 if proposer else 403, {"title": "Nytt"})
    check(
        "PATCH",
        api,
        401 if not signed_in else 200 if answers else 403,
        {"status": "considering"},
    )
    check(
        "POST",
        api + "flag/",
        401 if not signed_in else 400 if proposer else 201,
        {"reason": "Fel"},
    )
    check("POST", api + "dismiss-flags/", 401 if not signed_in else 200 if moderates else 403)
    check(
        "GET",
        "/api/v1/moderation/proposals/",
        401 if not signed_in else 200 if moderates else 403,
    )
    # A hidden proposal: what the persona may not see is 404 for every action.
    hidden_api = f"/api/v1/proposals/{hidden.pk}/"
    gone = 401 if not signed_in else None
    check("POST", hidden_api + "follow/", gone or (200 if sees else 404))
    check(
        "POST",
        hidden_api + "flag/",
        gone or (404 if not sees else 400 if proposer else 201),
        {"reason": "x"},
    )
    check("DELETE", hidden_api + "hide/", gone or (404 if not sees else 204 if moderates else 403))
    # Pages: the forms refuse before they are shown, as the services would.
    login = 302
    pages = {
        f"/forslag/{public.pk}/redigera/": 200 if proposer else 403,
        f"/forslag/{public.pk}/dra-tillbaka/": 200 if proposer else 403,
        f"/forslag/{public.pk}/svara/": 200 if answers else 403,
        f"/forslag/{public.pk}/flagga/": 200,
        f"/forslag/{public.pk}/dolj/": 200 if moderates else 403,
        "/forslag/ny/": 200,
        f"/forslag/{hidden.pk}/svara/": (200 if answers else 403) if sees else 404,
    }
    for url, want in pages.items():
        check("GET", url, want if signed_in else login)
    for url, want in {
        f"/forslag/{public.pk}/jag-ocksa/": 302,
        f"/forslag/{public.pk}/folj/": 302,
        f"/forslag/{public.pk}/kommentarer/": 200,  # an empty body: the form again
        f"/moderering/forslag/{public.pk}/avfarda/": 302 if moderates else 403,
        f"/forslag/{hidden.pk}/folj/": 302 if sees else 404,
    }.items():
        check("POST", url, want if signed_in else login)
    check(
        "POST", api + "hide/", 401 if not signed_in else 204 if moderates else 403, {"reason": "x"}
    )
    leaks.report()

"""Citizen proposals (issue 19): every persona sees a public proposal; a hidden or withdrawn
one only its proposer (the citizen persona), the municipality's members and staff. Members
of the municipality answer; its coordinators and staff moderate. Each persona's table row
below says what it may do; the API and the pages answer alike."""

from __future__ import annotations

import pytest

from comments import moderation
from proposals import services
from proposals.models import Proposal
from tests.security.visibility.checks import Leaks, Reader, request, rolled_back
from tests.security.visibility.world import MISSING_ID, PERSONAS, World

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


#: persona: (sees Skellefteå's internal place and members-only fact sheet)
CITED_TABLE = {
    "anonymous": False,
    "citizen": False,
    "member": True,
    "other": False,
    "coordinator": True,
    "staff": False,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_send_form_names_only_what_a_proposal_may_cite(world: World, persona: str) -> None:
    """/forslag/ny/?plats=&fakta= names a public place and a public figure to everyone; an
    internal place or a members-only figure is named to no one (not even the members who
    see it elsewhere: a proposal is public), answered like a missing id, and the pages link
    to the form only for what may be cited."""
    from decimal import Decimal

    from facts import services as fact_services
    from maps import services as place_services

    member = world.users["member"]
    assert member is not None
    point = (20.95, 64.75)
    public_place = place_services.place_create(
        actor=member, organisation=world.skelleftea, kind="shop", name="Byns butik", point=point
    )
    internal_place = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="safety_point",
        name="Krisrum Citathemlis",
        point=point,
        visibility="organisation",
    )
    public_sheet = fact_services.fact_sheet_create(
        actor=member, organisation=world.skelleftea, year=2023, copy_from_previous=False
    )
    public_fact = fact_services.fact_add(
        actor=member, sheet=public_sheet, label="Invånare", value=Decimal(77000)
    )
    hidden_sheet = fact_services.fact_sheet_create(
        actor=member,
        organisation=world.skelleftea,
        year=2022,
        visibility="organisation",
        copy_from_previous=False,
    )
    secret_fact = fact_services.fact_add(
        actor=member, sheet=hidden_sheet, label="Siffra Citathemlis", value=Decimal(3)
    )
    sees = CITED_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    signed_in = persona != "anonymous"

    # The links: on the public place and figure for everyone, never on the hidden ones.
    _response, page = read.get(f"/platser/{public_place.pk}/")
    read.same("public place links the form", f"?plats={public_place.pk}" in page, True)
    _response, page = read.get(f"/platser/{internal_place.pk}/", want=200 if sees else 404)
    read.same("internal place links the form", "?plats=" in page, False)
    _response, page = read.get("/organisationer/skelleftea/fakta/")
    read.same("public figure links the form", f"?fakta={public_fact.pk}" in page, True)
    _response, page = read.get(
        "/organisationer/skelleftea/fakta/", want=200 if sees else 404, year=2022
    )
    read.same("members-only figure links the form", "?fakta=" in page, False)

    # The form from a link.
    cited = {"plats": public_place.pk, "fakta": public_fact.pk}
    _response, page = read.get("/forslag/ny/", want=200 if signed_in else 302, **cited)
    read.same("form names the public place", "Byns butik" in page, signed_in)
    hidden = {"plats": internal_place.pk, "fakta": secret_fact.pk}
    for query in (hidden, {"plats": MISSING_ID, "fakta": MISSING_ID}):
        _response, page = read.get("/forslag/ny/", want=400 if signed_in else 302, **query)
        read.same(f"form names hidden {query}", "Citathemlis" in page, False)

    # Sending it: the service refuses the hidden ones (400), nothing is saved.
    client = world.client(persona)
    form = {"organisation": "skelleftea", "title": "Citerar", "body": "Text"}
    before = Proposal.objects.count()
    for field, value in (("place", internal_place.pk), ("fact", secret_fact.pk)):
        with rolled_back():
            response = client.post("/forslag/ny/", {**form, field: str(value)})
            read.same(f"POST {field} hidden saved", Proposal.objects.count(), before)
        leaks.status(f"{persona} POST /forslag/ny/ {field}", response, 400 if signed_in else 302)
        read.same(f"POST {field} names it", "Citathemlis" in response.content.decode(), False)
    leaks.report()

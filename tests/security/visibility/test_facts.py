"""Facts (issue 19): Skellefteå's public fact sheet is read by everyone, its members-only
sheet by its members alone (404 to everyone else: API, pages, search and counts), and only
its members write. A public idea cites the hidden fact: the citation shows to no one who
may not see the fact, and the hidden fact's ideas are listed only to members."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facts import services as fact_services
from ideas import services as idea_services
from search import services as search_services
from tests.security.visibility.checks import Leaks, Reader, request
from tests.security.visibility.world import PERSONAS, World

pytestmark = pytest.mark.django_db

#: persona: (sees the members-only sheet, edits Skellefteå's facts)
FACT_TABLE = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "member": (True, True),
    "other": (False, False),
    "coordinator": (True, True),
    "staff": (False, False),
}
HIDDEN_WORD = "Faktahemlis"


@pytest.mark.parametrize("persona", PERSONAS)
def test_fact_sheets_are_seen_and_edited_as_the_persona_may(world: World, persona: str) -> None:
    member = world.users["member"]
    assert member is not None
    public = fact_services.fact_sheet_create(
        actor=member, organisation=world.skelleftea, year=2023, copy_from_previous=False
    )
    shown = fact_services.fact_add(
        actor=member, sheet=public, label="Invånare", value=Decimal(77000)
    )
    hidden = fact_services.fact_sheet_create(
        actor=member,
        organisation=world.skelleftea,
        year=2022,
        visibility="organisation",
        copy_from_previous=False,
    )
    fact_services.fact_section_add(actor=member, sheet=hidden, title=f"Avsnitt {HIDDEN_WORD}")
    secret = fact_services.fact_add(
        actor=member, sheet=hidden, label=f"Siffra {HIDDEN_WORD}", value=Decimal(3)
    )
    idea_services.evidence_add(
        actor=member,
        idea=world.objects["idea:public"],
        stage="insights",
        title="Underlag",
        fact=secret.pk,
    )
    # The world's index is committed; these sheets live in the test's transaction, so they
    # are indexed in it (and rolled back with it) rather than after a commit.
    search_services.index_now({"fact": [public.pk, hidden.pk]})
    sees, edits = FACT_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    client = world.client(persona)
    signed_in = persona != "anonymous"

    def hidden_word_in(body: str, what: str) -> None:
        read.same(f"{what} shows the hidden sheet", HIDDEN_WORD in body, sees)

    sheets = read.json("/api/v1/organisations/skelleftea/facts/")
    read.same("sheets", [s["year"] for s in sheets], [2023, 2022] if sees else [2023])
    read.same(
        "?year=2022",
        len(read.json("/api/v1/organisations/skelleftea/facts/", year=2022)),
        int(sees),
    )
    read.get(f"/api/v1/facts/{shown.pk}/")
    read.get(f"/api/v1/facts/{secret.pk}/", want=200 if sees else 404)
    _response, page = read.get("/organisationer/skelleftea/fakta/")
    read.same("year link to the hidden sheet", "?year=2022" in page, sees)
    read.get("/organisationer/skelleftea/fakta/?year=2022", want=200 if sees else 404)
    # The public idea cites the hidden fact: only those who see the fact see the citation.
    _response, idea_page = read.get(f"/ideer/{world.id('idea:public')}/")
    hidden_word_in(idea_page, "idea timeline")
    evidence = read.json(f"/api/v1/ideas/{world.id('idea:public')}/evidence/")
    read.same(
        "evidence fact", [e["fact"] for e in evidence if e["fact"]], [secret.pk] if sees else []
    )
    # Search: hits and the type counts.
    hits = read.json("/api/v1/search/", q=HIDDEN_WORD)
    read.same("search hits", len(hits["results"]), int(sees))
    everything = read.json("/api/v1/search/")
    counts = {v["value"]: v["count"] for v in everything["facets"]["type"]}
    read.same("search counts", counts.get("fact"), 2 if sees else 1)
    # Writes.
    for fact, visible in ((shown, True), (secret, sees)):
        url = f"/api/v1/facts/{fact.pk}/"
        hidden_answer = None if visible else 404
        leaks.status(
            f"{persona} PATCH {url}",
            request(client, "PATCH", url, {"value": 1}),
            401 if not signed_in else hidden_answer or (200 if edits else 403),
        )
        leaks.status(
            f"{persona} DELETE {url}",
            request(client, "DELETE", url),
            401 if not signed_in else hidden_answer or (204 if edits else 403),
        )
    leaks.status(
        f"{persona} POST facts",
        request(client, "POST", "/api/v1/organisations/skelleftea/facts/", {"year": 2024}),
        401 if not signed_in else 201 if edits else 403,
    )
    edit = client.get("/organisationer/skelleftea/fakta/2022/andra/")
    leaks.status(
        f"{persona} edit page of the hidden sheet",
        edit,
        302 if not signed_in else 200 if edits else 404,
    )
    create = client.get("/organisationer/skelleftea/fakta/ny/")
    leaks.status(f"{persona} create page", create, 302 if not signed_in else 200 if edits else 403)
    leaks.report()

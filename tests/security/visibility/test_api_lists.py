"""API lists, counts and the open-data exports contain exactly what each persona may see;
a token sees what the session sees. A new list endpoint (api_routes.LIST_OPS) says here what
it must contain."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.security.visibility.checks import Leaks, Reader, rolled_back, searchable, visible_ids
from tests.security.visibility.table import PROTOTYPES, ROUNDS, expected_status, visible
from tests.security.visibility.world import PERSONAS, VISIBILITIES, WORD, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_show_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    ideas = visible_ids(world, persona, "idea")
    county = world.skelleftea.county_id
    for filters in (
        {},
        {"organisation": "skelleftea"},
        {"county": county},
        {"stage": "prototype"},
        {"kind": "service_concept"},
        {"category": "culture"},
        {"ordering": "-adoption_count"},
    ):
        data = read.json("/api/v1/ideas/", page_size=100, **filters)
        read.same(f"ideas {filters}", {r["id"] for r in data["results"]}, ideas)
        read.same(f"ideas {filters} count", data["count"], len(ideas))
    # Open data is public ideas only, whoever asks.
    public = {world.id("idea:public")}
    _response, text = read.get("/api/v1/ideas/export.csv")
    read.same("export.csv", {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}, public)
    exported = read.json("/api/v1/ideas/export.json")
    read.same("export.json", {row["id"] for row in exported["ideas"]}, public)
    read.same("export.json count", exported["count"], 1)
    _response, text = read.get("/api/v1/ideas/export.xlsx")  # the CSV's rows: public ideas only
    read.same("export.xlsx", {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}, public)
    open_rounds = read.json("/api/v1/test-rounds/", page_size=100)
    want_open = visible_ids(world, persona, "round-recruiting")
    read.same("open rounds", {r["id"] for r in open_rounds["results"]}, want_open)
    read.same("open rounds count", open_rounds["count"], len(want_open))
    for v in VISIBILITIES:
        if not visible(persona, f"idea:{v}"):
            continue
        idea_id = world.id(f"idea:{v}")
        prototypes = read.json(f"/api/v1/ideas/{idea_id}/prototypes/", page_size=100)
        want = {world.id(f"{k}:{v}") for k in PROTOTYPES if visible(persona, f"{k}:{v}")}
        read.same(f"prototypes of idea:{v}", {p["id"] for p in prototypes["results"]}, want)
        read.same(f"prototypes of idea:{v} count", prototypes["count"], len(want))
        comments = read.json(f"/api/v1/ideas/{idea_id}/comments/")
        read.same(
            f"comments of idea:{v}",
            [c["id"] for c in comments["results"]],
            [world.id(f"comment:{v}")],
        )
        read.json(f"/api/v1/ideas/{idea_id}/adoptions/")
        read.json(f"/api/v1/ideas/{idea_id}/stages/")
        read.json(f"/api/v1/ideas/{idea_id}/evidence/")
        for kind in PROTOTYPES:
            if not visible(persona, f"{kind}:{v}"):
                continue
            rounds = read.json(f"/api/v1/prototypes/{world.id(f'{kind}:{v}')}/test-rounds/")
            want = {
                world.id(f"{r}:{v}")
                for r in ROUNDS
                if visible(persona, f"{r}:{v}")
                and world.objects[f"{r}:{v}"].prototype_id == world.id(f"{kind}:{v}")
            }
            read.same(f"rounds of {kind}:{v}", {r["id"] for r in rounds["results"]}, want)
        for kind, finding in (
            ("round-recruiting", "finding-open"),
            ("round-closed", "finding-closed"),
        ):
            if expected_status("summary", f"{kind}:{v}", persona) != 200:
                continue
            findings = read.json(f"/api/v1/test-rounds/{world.id(f'{kind}:{v}')}/findings/")
            read.same(
                f"findings of {kind}:{v}",
                [f["id"] for f in findings["results"]],
                [world.id(f"{finding}:{v}")],
            )
    read.json("/api/v1/organisations/", search="Skellefte")
    read.json("/api/v1/organisations/skelleftea/")
    if persona in ("coordinator", "staff"):
        queue = read.json("/api/v1/moderation/flags/")
        flagged = {
            world.id(f"comment:{v}")
            for v in ("public", "organisation")
            if visible(persona, f"comment:{v}")
        }
        read.same("moderation queue", {e["comment"]["id"] for e in queue["results"]}, flagged)
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_token_sees_what_the_session_sees(world: World, persona: str) -> None:
    user = world.users[persona]
    if user is None:
        response = Client().post(
            "/api/v1/auth/token/",
            {"email": "nobody@example.org", "password": PASSWORD},
            "application/json",
        )
        assert response.status_code == 400
        return
    leaks = Leaks(world)
    with rolled_back():  # the token row goes with the transaction
        token = Client().post(
            "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, "application/json"
        )
        assert token.status_code == 200, token.content
        client = Client(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        ideas = client.get("/api/v1/ideas/")
        leaks.scan(f"{persona} ideas by token", persona, ideas)
        assert {r["id"] for r in ideas.json()["results"]} == visible_ids(world, persona, "idea")
        search = client.get("/api/v1/search/", {"q": WORD.lower(), "page_size": 100})
        leaks.scan(f"{persona} search by token", persona, search)
        assert search.json()["count"] == len(searchable(persona))
    leaks.report()

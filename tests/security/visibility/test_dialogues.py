"""Citizen dialogues (issue 18): a draft exists only for its municipality's team (404 to
everyone else on every API operation and page); an open dialogue is public, its exact points
and pseudonyms are the team's, its summary is the team's until reported; the team's
operations are 403 to others (401 anonymous), and a contribution needs a signed-in person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from comments import moderation
from dialogues import services
from dialogues.models import Contribution, Dialogue
from tests import factories
from tests.security.visibility.checks import Leaks, Reader, request
from tests.security.visibility.world import PERSONAS, World

pytestmark = pytest.mark.django_db

#: persona: (on the team of Skellefteå's dialogues, moderates them)
DIALOGUE_TABLE = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "member": (True, False),
    "other": (False, False),
    "coordinator": (True, True),
    "staff": (False, True),
}
DRAFT_MARKER = "mkdialoguedraft"
#: A point in Skellefteå kommun (WGS 84).
POINT = (20.9500, 64.7500)


def _dialogues(world: World) -> tuple[Dialogue, Dialogue, Contribution]:
    member = world.users["member"]
    citizen = world.users["citizen"]
    assert member is not None and citizen is not None
    common: dict[str, Any] = {
        "prompts": ["Varför bor du där du bor?"],
        "consent_text": "Jag samtycker.",
        "areas": [{"name": "Centrum", "villages": ["Byn"]}],
    }
    draft = services.dialogue_create(
        actor=member, organisation=world.skelleftea, title=f"Utkast {DRAFT_MARKER}", **common
    )
    public = services.dialogue_create(
        actor=member, organisation=world.skelleftea, title="Öppen dialog", **common
    )
    public = services.dialogue_update(actor=member, dialogue=public, status="open")
    contribution = services.contribution_create(
        author=citizen, dialogue=public, answers=["Hemma"], consent=True, point=POINT
    )
    return draft, public, contribution


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    from tests.security.visibility.checks import rolled_back

    with rolled_back():
        return client.post(url, data)


@pytest.mark.parametrize("persona", PERSONAS)
def test_dialogue_api_answers_each_persona_as_its_table_says(world: World, persona: str) -> None:
    draft, public, contribution = _dialogues(world)
    team, moderates = DIALOGUE_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    signed_in = persona != "anonymous"
    hidden = None if team else 404

    listed = {d["id"] for d in read.json("/api/v1/dialogues/")["results"]}
    read.same("dialogue list", listed, {draft.pk, public.pk} if team else {public.pk})
    for status in ("draft", "open"):
        got = {d["id"] for d in read.json("/api/v1/dialogues/", status=status)["results"]}
        want = {draft.pk} if status == "draft" and team else set()
        read.same(f"dialogue list status={status}", got - {public.pk}, want)
    for url in (
        f"/api/v1/dialogues/{draft.pk}/",
        f"/api/v1/dialogues/{draft.pk}/contributions/",
        f"/api/v1/dialogues/{draft.pk}/contributions.geojson",
        f"/api/v1/dialogues/{draft.pk}/summary/",
    ):
        read.get(url, want=200 if team else 404)
    read.get(f"/api/v1/dialogues/{public.pk}/")
    rows = read.json(f"/api/v1/dialogues/{public.pk}/contributions/")["results"]
    read.same("exact point shown", "exact_point" in rows[0], team)
    features = read.json(f"/api/v1/dialogues/{public.pk}/contributions.geojson")["features"]
    read.same(
        "geojson point exact",
        features[0]["geometry"]["coordinates"] == list(POINT),
        team,
    )
    read.get(f"/api/v1/dialogues/{public.pk}/summary/", want=200 if team else 403)

    client = world.client(persona)
    for dialogue in (draft, public):
        url = f"/api/v1/dialogues/{dialogue.pk}/"
        not_seen = hidden if dialogue is draft else None
        patch = request(client, "PATCH", url, {"title": "Ny titel"})
        leaks.status(
            f"{persona} PATCH {url}",
            patch,
            401 if not signed_in else not_seen or (200 if team else 403),
        )
    base = f"/api/v1/dialogues/{public.pk}/contributions/{contribution.pk}/"
    gold = request(client, "PATCH", base, {"is_gold": True})
    leaks.status(f"{persona} PATCH {base}", gold, 401 if not signed_in else 200 if team else 403)
    hide = request(client, "PATCH", base, {"hidden": True, "hidden_reason": "Personuppgifter"})
    leaks.status(
        f"{persona} PATCH {base} hide",
        hide,
        401 if not signed_in else 200 if team and moderates else 403,
    )
    idea = request(client, "POST", base + "idea/", {"title": "Ny idé"})
    leaks.status(
        f"{persona} POST {base}idea/", idea, 401 if not signed_in else 201 if team else 403
    )
    contribute = request(
        client,
        "POST",
        f"/api/v1/dialogues/{public.pk}/contributions/",
        {"answers": ["Svar"], "consent": True, "area": "Centrum"},
    )
    leaks.status(f"{persona} POST contributions", contribute, 401 if not signed_in else 201)
    draft_contribute = request(
        client,
        "POST",
        f"/api/v1/dialogues/{draft.pk}/contributions/",
        {"answers": ["Svar"], "consent": True, "area": "Centrum"},
    )
    leaks.status(
        f"{persona} POST draft contributions",
        draft_contribute,
        401 if not signed_in else 400 if team else 404,
    )
    created = request(
        client,
        "POST",
        "/api/v1/dialogues/",
        {
            "organisation": "skelleftea",
            "title": "Ny",
            "prompts": ["Fråga?"],
            "consent_text": "Ja.",
        },
    )
    leaks.status(
        f"{persona} POST /api/v1/dialogues/",
        created,
        401 if not signed_in else 201 if team else 403,
    )
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_dialogue_pages_answer_each_persona_as_its_table_says(world: World, persona: str) -> None:
    draft, public, contribution = _dialogues(world)
    team, moderates = DIALOGUE_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    signed_in = persona != "anonymous"
    _response, body = read.get("/dialoger/")
    read.same("draft on /dialoger/", DRAFT_MARKER in body, team)
    read.get(f"/dialoger/{draft.pk}/", want=200 if team else 404)
    _response, body = read.get(f"/dialoger/{public.pk}/")
    read.same("exact point on the page", "20.95, 64.75" in body, team)
    read.same("contribution form on the page", 'name="consent"' in body, signed_in)
    login = 302
    read.get(
        f"/dialoger/{public.pk}/redigera/", want=login if not signed_in else 200 if team else 403
    )
    read.get(
        f"/dialoger/{draft.pk}/redigera/", want=login if not signed_in else 200 if team else 404
    )
    # Any member of a municipality starts dialogues for it ("other" is Krokom's).
    starts = team or persona == "other"
    read.get("/dialoger/ny/", want=login if not signed_in else 200 if starts else 404)
    client = world.client(persona)
    posts = {
        f"/dialoger/{public.pk}/status/": ({"status": "closed"}, 302 if team else 403),
        f"/dialoger/{draft.pk}/status/": ({"status": "open"}, 302 if team else 404),
        f"/dialoger/{public.pk}/bidrag/{contribution.pk}/guldkorn/": (
            {"gold": "1"},
            302 if team else 403,
        ),
        f"/dialoger/{public.pk}/bidrag/{contribution.pk}/ide/": (
            {"title": "Idé"},
            302 if team else 403,
        ),
        f"/dialoger/{public.pk}/bidrag/{contribution.pk}/dolj/": (
            {"reason": "Skäl"},
            302 if moderates else 403,
        ),
    }
    for url, (data, want) in posts.items():
        response = _post(client, url, data)
        leaks.status(f"{persona} POST {url}", response, want if signed_in else 302)
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_contribution_flags_and_their_queue_answer_each_persona_as_its_table_says(
    world: World, persona: str
) -> None:
    """Anyone signed in but its author flags a contribution they may see; its moderators
    (the municipality's coordinators, platform staff) dismiss flags and read the queue; a
    contribution named under another dialogue's address is 404 to everyone."""
    draft, public, contribution = _dialogues(world)
    _team, moderates = DIALOGUE_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    signed_in = persona != "anonymous"
    flagger = factories.user(email="matrix-flagger@example.se")
    moderation.flag(actor=flagger, target=contribution, reason="Personuppgifter")
    client = world.client(persona)
    base = f"/api/v1/dialogues/{public.pk}/contributions/{contribution.pk}/"
    author = persona == "citizen"
    flag = request(client, "POST", base + "flag/", {"reason": "Reklam"})
    leaks.status(
        f"{persona} POST {base}flag/", flag, 401 if not signed_in else 400 if author else 201
    )
    dismiss = request(client, "POST", base + "dismiss-flags/")
    leaks.status(
        f"{persona} POST {base}dismiss-flags/",
        dismiss,
        401 if not signed_in else 200 if moderates else 403,
    )
    elsewhere = f"/api/v1/dialogues/{draft.pk}/contributions/{contribution.pk}/"
    for action, body in (("flag/", {"reason": "Reklam"}), ("dismiss-flags/", None)):
        response = request(client, "POST", elsewhere + action, body)
        leaks.status(f"{persona} POST {elsewhere}{action}", response, 401 if not signed_in else 404)
    if moderates:
        queue = read.json("/api/v1/moderation/contributions/")["results"]
        read.same("contribution queue", [entry["id"] for entry in queue], [contribution.pk])
        read.same("exact point in the queue", "exact_point" in queue[0], False)
        _response, body = read.get("/moderering/")
        read.same(
            "contribution on /moderering/", f"flagged-contribution-{contribution.pk}" in body, True
        )
    else:
        queue_response = client.get("/api/v1/moderation/contributions/")
        leaks.status(
            f"{persona} GET /api/v1/moderation/contributions/",
            queue_response,
            401 if not signed_in else 403,
        )
    flag_page = f"/dialoger/{public.pk}/bidrag/{contribution.pk}/flagga/"
    read.get(flag_page, want=302 if not signed_in else 200)
    read.get(
        f"/dialoger/{draft.pk}/bidrag/{contribution.pk}/flagga/", want=302 if not signed_in else 404
    )
    posts = {
        flag_page: ({"reason": "Reklam"}, 200 if author else 302),
        f"/dialoger/{public.pk}/bidrag/{contribution.pk}/avfarda/": (
            {},
            302 if moderates else 403,
        ),
    }
    for url, (data, want) in posts.items():
        response = _post(client, url, data)
        leaks.status(f"{persona} POST {url}", response, want if signed_in else 302)
    leaks.report()

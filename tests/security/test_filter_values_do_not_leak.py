"""Filter values do not reveal hidden ideas (issue 12, finding 9).

Tags and target groups are made by whoever writes an idea or plans a test round, also on an
organisation-only idea. If a value nobody uses were a 400 ("unknown") while a value only hidden
ideas use were a 200 with nothing found, anyone could confirm a guessed tag of an internal
idea. So a well-formed value that matches nothing the caller may see is answered exactly like
one that exists nowhere: 200, count 0, the same body. Malformed input (not a slug, too long)
is still a 400, whoever asks.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, User
from ideas import services as idea_services
from ideas.models import Idea, TargetGroup
from prototypes.models import TestRound
from search import services as search_services
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN_TAG = "hemlig-satsning"  # used only on an organisation-only idea
HIDDEN_GROUP = "hemliga-gruppen"  # idem, and by the round of that idea
UNKNOWN = "finns-inte-alls"  # used nowhere
PUBLIC_TAG = "e-tjanst"
PUBLIC_GROUP = "vardnadshavare"


@pytest.fixture
def ideas(owner: User, skelleftea: Organisation) -> dict[str, Idea]:
    public = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title="Ledighetsansökan",
        tags=["e-tjänst"],
        target_groups=["Vårdnadshavare"],
    )
    internal = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title="Intern rutin",
        visibility=Idea.Visibility.ORGANISATION,
        tags=["Hemlig satsning"],
        target_groups=["Hemliga gruppen"],
    )
    other = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title="Avfallsaffär'n",
    )
    for idea in (public, internal, other):
        factories.test_round(
            prototype=factories.prototype(idea=idea, created_by=owner),
            created_by=owner,
            title=f"Omgång för {idea.title}",
            target_group=idea.target_groups.first(),
        )
    assert TargetGroup.objects.filter(slug=HIDDEN_GROUP).exists()
    search_services.reindex_all()  # the index follows on commit, which a test never reaches
    return {"public": public, "internal": internal, "other": other}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _answer(client: Client, path: str, name: str, value: str) -> tuple[int, str]:
    """Status and body, with the asked value and the per-request CSRF token taken out (a page
    may echo the query string back in its links)."""
    response = client.get(path, {name: value})
    body = response.content.decode()
    body = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", body)
    body = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1", body)
    return response.status_code, body.replace(value, "<value>")


API = [
    ("/api/v1/ideas/", "tag"),
    ("/api/v1/ideas/", "target_group"),
    ("/api/v1/ideas/export.csv", "tag"),
    ("/api/v1/ideas/export.csv", "target_group"),
    ("/api/v1/ideas/export.json", "tag"),
    ("/api/v1/ideas/export.json", "target_group"),
    ("/api/v1/test-rounds/", "target_group"),
    ("/api/v1/search/", "target_group"),
]
PAGES = [
    ("/ideer/", "tag"),
    ("/ideer/", "target_group"),
    ("/testa/", "target_group"),
    ("/sok/", "target_group"),
]


def _hidden_value(name: str) -> str:
    return HIDDEN_TAG if name == "tag" else HIDDEN_GROUP


@pytest.mark.parametrize(("path", "name"), API + PAGES)
@pytest.mark.parametrize("persona", ["anonymous", "citizen"])
def test_a_value_only_hidden_ideas_use_is_answered_like_an_unknown_one(
    ideas: dict[str, Idea], citizen: User, persona: str, path: str, name: str
) -> None:
    client = _client(citizen if persona == "citizen" else None)
    unknown = _answer(client, path, name, UNKNOWN)
    hidden = _answer(client, path, name, _hidden_value(name))
    assert unknown[0] == 200, unknown[1][:500]
    assert hidden == unknown


@pytest.mark.parametrize(("path", "name"), API)
def test_an_unmatched_value_is_an_empty_result_not_an_error(
    ideas: dict[str, Idea], path: str, name: str
) -> None:
    response = Client().get(path, {name: UNKNOWN})
    assert response.status_code == 200
    if path.endswith(".csv"):
        assert list(csv.DictReader(io.StringIO(response.content.decode()))) == []
    else:
        body = response.json()
        assert body["count"] == 0
        assert body.get("results", body.get("ideas")) == []


def _idea_ids(path: str, response: Any) -> set[int]:
    """The ideas a list answer names: its rows, or the ideas of its rounds or hits."""
    if path.endswith(".csv"):
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(response.content.decode()))}
    body = response.json()
    if path.endswith(".json"):
        return {row["id"] for row in body["ideas"]}
    if path == "/api/v1/test-rounds/":
        return {TestRound.objects.get(pk=row["id"]).prototype.idea_id for row in body["results"]}
    if path == "/api/v1/search/":
        return {hit["idea_id"] for hit in body["results"]}
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize(("path", "name"), API)
def test_a_public_value_still_filters(ideas: dict[str, Idea], path: str, name: str) -> None:
    value = PUBLIC_TAG if name == "tag" else PUBLIC_GROUP
    assert _idea_ids(path, Client().get(path)) == {ideas["public"].pk, ideas["other"].pk}
    filtered = Client().get(path, {name: value})
    assert filtered.status_code == 200
    assert _idea_ids(path, filtered) == {ideas["public"].pk}


def test_the_team_finds_its_internal_ideas_by_their_tag(
    ideas: dict[str, Idea], api_as: Any, owner: User
) -> None:
    data = api_as(owner).get("/api/v1/ideas/", {"tag": HIDDEN_TAG}).json()
    assert [r["id"] for r in data["results"]] == [ideas["internal"].pk]
    data = api_as(owner).get("/api/v1/test-rounds/", {"target_group": HIDDEN_GROUP}).json()
    assert [r["title"] for r in data["results"]] == ["Omgång för Intern rutin"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/ideas/", "tag"),
        ("/api/v1/ideas/", "target_group"),
        ("/api/v1/ideas/export.json", "tag"),
        ("/api/v1/test-rounds/", "target_group"),
    ],
)
@pytest.mark.parametrize("value", ["Inte en slug!", "x" * 101])
def test_a_malformed_value_is_still_a_400_naming_the_parameter(
    ideas: dict[str, Idea], path: str, name: str, value: str
) -> None:
    response = Client().get(path, {name: value})
    assert response.status_code == 400
    assert response.json()[name][0]

"""An empty search lists everything the viewer may open; its facets count what exists for
them. The content type facet counts the ideas, prototypes, test rounds and findings the viewer
may see; the "Typ" facet (service concept or activity) is a property of ideas, so it counts
ideas, not their prototypes and rounds as well. A ticked value keeps its name at 0 results."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ideas.models import Idea
from prototypes import selectors as prototype_selectors
from search import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(owner, outsider, skelleftea, krokom) -> None:  # type: ignore[no-untyped-def]
    concept = factories.idea(
        organisation=skelleftea, created_by=owner, title="Ledighetsansökan", stage="user_test"
    )
    factories.idea(organisation=krokom, created_by=outsider, title="Bygglov i mobilen")
    factories.idea(
        organisation=skelleftea, created_by=owner, title="Aktiva seniorer", kind="activity"
    )
    factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Intern simhall",
        visibility="organisation",
    )
    published = factories.prototype(idea=concept, created_by=owner, label="v1")
    factories.prototype(idea=concept, created_by=owner, label="v2", status="draft")
    factories.test_round(prototype=published, created_by=owner, title="Test med vårdnadshavare")
    factories.test_round(
        prototype=published, created_by=owner, status="planned", title="Planerad omgång"
    )
    services.reindex_all()


def facet(result: Any, name: str) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[name]}


def what_exists(user: Any) -> dict[str, int]:
    counts = {
        "idea": Idea.objects.visible_to(user).count(),
        "prototype": prototype_selectors.prototypes_visible_to(user).count(),
        "round": prototype_selectors.rounds_visible_to(user).count(),
        "finding": prototype_selectors.findings_visible_to(user).count(),
    }
    return {name: n for name, n in counts.items() if n}


@pytest.mark.parametrize("who", ["visitor", "outsider", "owner"])
def test_an_empty_search_counts_what_the_viewer_may_open(
    corpus: None, who: str, owner, outsider
) -> None:
    user = {"visitor": None, "outsider": outsider, "owner": owner}[who]
    result = services.search_query(user=user, q="")
    assert facet(result, "type") == what_exists(user)
    ideas = Idea.objects.visible_to(user)
    assert facet(result, "kind") == {
        kind: n
        for kind in ("service_concept", "activity")
        if (n := ideas.filter(kind=kind).count())
    }


def test_the_kind_facet_counts_ideas_and_ticking_it_gives_them(corpus: None) -> None:
    result = services.search_query(user=None, q="")
    assert facet(result, "kind") == {"service_concept": 2, "activity": 1}
    ticked = services.search_query(user=None, q="", filters={"kind": ["service_concept"]})
    assert ticked.count == 2
    assert {h.type for h in ticked.hits} == {"idea"}


def test_the_page_shows_the_same_counts(client, corpus: None) -> None:
    html = client.get("/sok/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Idé (3) Prototyp (1) Testomgång (1)" in text
    assert "Typ Tjänstekoncept (2) Aktivitet (1)" in text


def test_a_ticked_value_without_results_keeps_its_name(client, corpus: None) -> None:
    html = client.get(
        "/sok/",
        {"q": "finnsinte", "type": "finding", "kind": "activity"},
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Slutsats (0)" in text and "Aktivitet (0)" in text
    assert "finding (0)" not in text and "activity (0)" not in text

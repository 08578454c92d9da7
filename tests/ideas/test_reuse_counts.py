"""How reuse is told on the pages: only organisations that adopted an idea count as reusing
it; those evaluating it or interested in it are named as such, never added to the reuse."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import selectors
from ideas.models import Adoption, Idea
from tests import factories

pytestmark = pytest.mark.django_db

ADOPTERS = {
    "krokom": "adopted",
    "bracke": "adopted",
    "umea": "evaluating",
    "lulea": "interested",
}


def reuse(idea: Idea, statuses: dict[str, str], by) -> None:  # type: ignore[no-untyped-def]
    for slug, status in statuses.items():
        Adoption.objects.create(
            idea=idea, organisation=factories.organisation(slug), status=status, created_by=by
        )


@pytest.fixture
def idea(owner, skelleftea) -> Idea:  # type: ignore[no-untyped-def]
    made = factories.idea(organisation=skelleftea, created_by=owner, title="Ledighetsansökan")
    reuse(made, ADOPTERS, owner)
    return made


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_counts_are_by_status(idea: Idea) -> None:
    assert selectors.reuse_counts(idea) == {"adopted": 2, "evaluating": 1, "interested": 1}


def test_the_idea_card_counts_adopters_and_names_the_others(client, idea: Idea) -> None:
    page = text(client.get("/ideer/").content.decode())
    assert (
        "2 organisationer återanvänder den, 1 organisation utvärderar den, "
        "1 organisation är intresserad · 0 följare"
    ) in page
    assert "Återanvänds av" not in page


def test_the_idea_page_says_the_same(client, idea: Idea) -> None:
    page = text(client.get(f"/ideer/{idea.pk}/").content.decode())
    assert (
        "Återanvändning 2 organisationer återanvänder den, 1 organisation utvärderar den, "
        "1 organisation är intresserad · 0 följare"
    ) in page


def test_interest_alone_is_not_called_reuse(client, owner, skelleftea) -> None:
    only_interest = factories.idea(organisation=skelleftea, created_by=owner, title="Snöjour")
    reuse(only_interest, {"krokom": "interested"}, owner)
    nothing = factories.idea(organisation=skelleftea, created_by=owner, title="Bokbuss")
    page = text(client.get("/ideer/").content.decode())
    assert "Snöjour" in page and "1 organisation är intresserad · 0 följare" in page
    assert "Ingen organisation återanvänder den än · 0 följare" in page
    assert "1 organisation återanvänder" not in page
    assert nothing.title in page


def test_the_english_page_says_it_in_english(client, idea: Idea) -> None:
    page = text(client.get("/ideer/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert (
        "2 organisations reuse it, 1 organisation is evaluating it, 1 organisation is interested"
    ) in page


def test_the_list_reads_the_counts_in_a_fixed_number_of_queries(client, owner, skelleftea) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ideer/").status_code == 200
        return len(captured)

    first = factories.idea(organisation=skelleftea, created_by=owner, title="Ett")
    reuse(first, {"krokom": "adopted"}, owner)
    few = queries()
    for n in range(5):
        more = factories.idea(organisation=skelleftea, created_by=owner, title=f"Fler {n}")
        reuse(more, {"krokom": "adopted", "umea": "evaluating"}, owner)
    assert queries() == few

"""The search page (/sok/) without JavaScript: query, facets with counts, sorting, paging."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from search import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(owner: User, outsider: User, skelleftea: Any, krokom: Any) -> None:
    factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Ledighetsansökan",
        summary="Ansök om ledighet för elever <b>nu</b>.",
    )
    factories.idea(
        organisation=krokom,
        created_by=outsider,
        title="Ledighet i Krokom",
        summary="Elever och ledighet.",
    )
    factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Intern ledighet",
        visibility="organisation",
    )
    for n in range(25):
        factories.idea(organisation=krokom, created_by=outsider, title=f"Snöröjning {n}")
    services.reindex_all()


def test_search_page_shows_highlighted_escaped_hits_and_facets(
    client: Client, indexed: None
) -> None:
    response = client.get("/sok/", {"q": "ledighet"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 träffar" in html
    assert "<mark>ledighet</mark>" in html
    assert "&lt;b&gt;nu&lt;/b&gt;" in html
    assert "Intern ledighet" not in html
    assert 'name="organisation" value="krokom"' in html
    assert 'Krokom <span class="facet-count">(1)</span>' in html


def test_member_finds_their_organisation_idea(client: Client, indexed: None, owner: User) -> None:
    client.force_login(owner)
    assert "Intern ledighet" in client.get("/sok/", {"q": "ledighet"}).content.decode()


def test_facet_checkbox_filters_and_stays_checked(client: Client, indexed: None) -> None:
    html = client.get(
        "/sok/", {"q": "ledighet", "organisation": "krokom"}, HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "1 träff" in html and "Ledighet i Krokom" in html and "Ledighetsansökan" not in html
    assert 'value="krokom" id="facet-organisation-' in html
    assert "checked" in html


def test_paging_and_past_the_end(client: Client, indexed: None) -> None:
    first = client.get("/sok/", {"q": "snöröjning"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "25 träffar" in first and 'rel="next"' in first
    second = client.get("/sok/", {"q": "snöröjning", "page": 2}).content.decode()
    assert 'rel="prev"' in second
    past = client.get("/sok/", {"q": "snöröjning", "page": 99})
    assert past.status_code == 200 and 'rel="prev"' in past.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 1000},
        {"q": '"unbalanced'},
        {"stage": "nope"},
        {"page": "abc"},
        {"ordering": "sideways"},
    ],
)
def test_odd_input_never_fails(client: Client, indexed: None, params: dict[str, str]) -> None:
    assert client.get("/sok/", params).status_code == 200


def test_too_long_query_says_so(client: Client, indexed: None) -> None:
    html = client.get("/sok/", {"q": "x" * 1000}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-invalid="true"' in html


def test_navigation_links_to_search(client: Client, db: None) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'href="/sok/"' in html


def test_idea_form_has_the_similar_hint(client: Client, owner: User) -> None:
    client.force_login(owner)
    html = client.get("/ideer/ny/").content.decode()
    assert 'id="similar-hint"' in html and 'aria-live="polite"' in html
    assert "/static/frontend/js/search.js" in html

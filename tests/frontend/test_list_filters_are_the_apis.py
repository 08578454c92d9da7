"""The list pages filter with the API's own filter sets (IdeaFilter, OpenRoundFilter): the
same parameters act the same way, and a wrong value gets the API's message."""

from __future__ import annotations

import html

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _api_message(path: str, field: str) -> str:
    response = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400, response.content
    return str(response.json()[field][0])


@pytest.mark.parametrize(
    ("page", "api", "field"),
    [
        ("/ideer/?ordering=popular", "/api/v1/ideas/?ordering=popular", "ordering"),
        ("/ideer/?organisation=nowhere", "/api/v1/ideas/?organisation=nowhere", "organisation"),
        ("/testa/?county=99", "/api/v1/test-rounds/?county=99", "county"),
    ],
)
def test_a_wrong_filter_value_gets_the_apis_message_on_the_page(client, page, api, field):
    message = _api_message(api, field)
    response = client.get(page)
    assert response.status_code == 200
    assert f'<p class="form-error">{message}</p>' in html.unescape(response.content.decode())


def test_the_idea_list_page_filters_by_tag_like_the_api(client, owner, skelleftea):
    from ideas import services

    services.idea_create(
        actor=owner, organisation=skelleftea, kind="activity", title="Simskola", tags=["bad"]
    )
    services.idea_create(
        actor=owner, organisation=skelleftea, kind="activity", title="Bokbuss", tags=["bibliotek"]
    )
    page = client.get("/ideer/?tag=bad").content.decode()
    assert "Simskola" in page and "Bokbuss" not in page
    assert 'name="tag"' not in page, "the page does not offer the tag as a field"

"""The API answers in JSON with a message a person can act on, for every kind of mistake."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests import factories

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_a_json_404(api) -> None:
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


def test_api_path_without_trailing_slash_redirects_reads(api) -> None:
    response = api.get("/api/v1/organisations", {"kind": "region"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/organisations/?kind=region"


def test_api_write_without_trailing_slash_names_the_right_path(api) -> None:
    response = api.post("/api/v1/auth/token", {"email": "a@b.se", "password": "x"}, format="json")
    assert response.status_code == 404
    assert "/api/v1/auth/token/" in response.json()["detail"]


def test_token_endpoint_is_rate_limited_with_a_429(api, owner) -> None:
    cache.clear()
    codes = [
        api.post(
            "/api/v1/auth/token/", {"email": owner.email, "password": "wrong"}, format="json"
        ).status_code
        for _ in range(21)
    ]
    assert codes[:20] == [400] * 20
    assert codes[20] == 429
    response = api.post(
        "/api/v1/auth/token/", {"email": owner.email, "password": factories.PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["detail"]
    cache.clear()


def test_page_not_found_uses_the_site_layout(client) -> None:
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert b'class="skip-link"' in response.content

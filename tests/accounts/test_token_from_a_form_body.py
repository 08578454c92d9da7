"""The token endpoint takes what `curl -d email=… -d password=…` sends (a form-encoded body),
as well as JSON; the second factor's `code` works either way (README's token example)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests import factories
from tests.accounts.test_mfa_and_single_sign_on import totp_code
from tests.security.test_second_factor_everywhere import with_totp

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"
FORM = "application/x-www-form-urlencoded"


def post_form(client, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(URL, urlencode(fields), content_type=FORM)


def test_a_form_encoded_body_gives_a_token_that_authenticates(client, owner) -> None:
    response = post_form(client, email=owner.email, password=factories.PASSWORD)
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["email"] == owner.email


def test_a_json_body_still_gives_a_token(client, owner) -> None:
    response = client.post(
        URL,
        {"email": owner.email, "password": factories.PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_form_encoded_body_with_a_wrong_password_is_a_400_with_a_message(client, owner) -> None:
    response = post_form(client, email=owner.email, password="wrong")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_form_encoded_body_carries_the_second_factor_code(client, owner) -> None:
    secret, _codes = with_totp(owner)
    refused = post_form(client, email=owner.email, password=factories.PASSWORD)
    assert refused.status_code == 400
    assert "code" in refused.json()
    response = post_form(
        client, email=owner.email, password=factories.PASSWORD, code=totp_code(secret)
    )
    assert response.status_code == 200, response.content
    assert response.json()["token"]


def test_a_json_body_carries_the_second_factor_code(client, owner) -> None:
    secret, _codes = with_totp(owner)
    response = client.post(
        URL,
        {"email": owner.email, "password": factories.PASSWORD, "code": totp_code(secret)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

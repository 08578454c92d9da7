from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def test_email_and_password_give_a_token_that_authenticates(api, owner) -> None:
    response = api.post(URL, {"email": owner.email, "password": factories.PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == owner.email


def test_email_is_case_insensitive(api, owner) -> None:
    response = api.post(
        URL, {"email": owner.email.upper(), "password": factories.PASSWORD}, format="json"
    )
    assert response.status_code == 200


def test_wrong_password_is_a_400_that_does_not_say_which_part_was_wrong(api, owner) -> None:
    response = api.post(URL, {"email": owner.email, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert "token" not in response.json()


def test_missing_fields_are_named(api) -> None:
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_a_bad_token_is_401(api) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert api.get("/api/v1/me/").status_code == 401


def test_inactive_user_gets_no_token(api, owner) -> None:
    owner.is_active = False
    owner.save()
    response = api.post(URL, {"email": owner.email, "password": factories.PASSWORD}, format="json")
    assert response.status_code == 400

"""Every way in asks for the second factor: the sign-in page, the API token, the admin."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from knox.models import AuthToken

from tests import factories
from tests.accounts.test_mfa_and_single_sign_on import totp_code
from tests.security_keys import add_security_key, localhost_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def with_totp(user) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """Give the user TOTP and recovery codes as allauth stores them; returns both secrets."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret, RecoveryCodes.activate(user).get_unused_codes()


def token_request(api, user, **extra: str):  # type: ignore[no-untyped-def]
    return api.post(URL, {"email": user.email, "password": factories.PASSWORD, **extra}, "json")


def test_token_for_an_account_with_totp_is_refused_without_a_code(api, owner) -> None:
    with_totp(owner)
    response = token_request(api, owner)
    assert response.status_code == 400
    assert "Kontot använder tvåfaktorsautentisering" in response.json()["code"][0]
    assert "token" not in response.json()
    assert not AuthToken.objects.filter(user=owner).exists()


def test_token_for_an_account_with_totp_is_refused_with_a_wrong_code(api, owner) -> None:
    secret, _codes = with_totp(owner)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    response = token_request(api, owner, code=wrong)
    assert response.status_code == 400
    assert response.json()["code"]
    assert not AuthToken.objects.filter(user=owner).exists()


def test_token_for_an_account_with_totp_is_given_with_the_current_code(api, owner) -> None:
    secret, _codes = with_totp(owner)
    response = token_request(api, owner, code=totp_code(secret))
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").json()["email"] == owner.email


def test_a_recovery_code_gives_a_token_once(api, owner) -> None:
    _secret, codes = with_totp(owner)
    assert token_request(api, owner, code=codes[0]).status_code == 200
    again = token_request(api, owner, code=codes[0])
    assert again.status_code == 400
    assert token_request(api, owner, code=codes[1]).status_code == 200


def test_wrong_codes_are_limited_like_wrong_passwords(api, owner) -> None:
    secret, _codes = with_totp(owner)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    codes = [token_request(api, owner, code=wrong).status_code for _ in range(6)]
    assert 429 in codes
    # Once limited, even the right code is refused for a while.
    assert token_request(api, owner, code=totp_code(secret)).status_code == 429


def test_an_account_without_mfa_needs_no_code(api, owner) -> None:
    assert token_request(api, owner).status_code == 200


def test_admin_password_form_no_longer_signs_anyone_in(client, staff) -> None:
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": factories.PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_with_totp_reach_the_admin_only_after_the_code(client, staff) -> None:
    secret, _codes = with_totp(staff)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/accounts/login/")
    response = client.post(login_url, {"login": staff.email, "password": factories.PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Security keys (WebAuthn) ----------------------------------------------------------


def test_token_for_a_key_only_account_asks_for_a_recovery_code(api, owner) -> None:
    add_security_key(localhost_client(), owner.email)
    response = token_request(api, owner)
    assert response.status_code == 400
    message = response.json()["code"][0]
    assert "återställningskod" in message
    assert "säkerhetsnyckel" in message
    assert "autentiseringsapp" not in message  # the account has no app to take a code from
    assert not AuthToken.objects.filter(user=owner).exists()


def test_token_for_a_key_only_account_asks_in_english_too(api, owner) -> None:
    add_security_key(localhost_client(), owner.email)
    response = api.post(
        URL,
        {"email": owner.email, "password": factories.PASSWORD},
        "json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    message = response.json()["code"][0]
    assert "recovery codes" in message
    assert "security key" in message


def test_token_for_a_key_only_account_is_given_with_a_recovery_code_once(api, owner) -> None:
    add_security_key(localhost_client(), owner.email)
    codes = Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    code = codes.wrap().get_unused_codes()[0]
    response = token_request(api, owner, code=code)
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").json()["email"] == owner.email
    api.credentials()
    assert token_request(api, owner, code=code).status_code == 400  # spent


def test_staff_with_only_a_security_key_reach_the_admin_only_after_the_key(staff) -> None:
    client = localhost_client()
    key = add_security_key(client, staff.email)
    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.post("/accounts/logout/")

    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/accounts/login/")
    response = client.post(login_url, {"login": staff.email, "password": factories.PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    page = client.get("/accounts/2fa/authenticate/")
    answer = key.get(page.context["js_data"]["request_options"])
    response = client.post("/accounts/2fa/authenticate/", {"credential": json.dumps(answer)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

"""Guessing passwords is stopped on every way in, by the real client address and per account.

The sign-in page's limits (tests/security/test_brute_force.py) also hold at the API token
endpoint and at the admin, and no header the client writes buys fresh attempts.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def token_request(api, email: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    return api.post(URL, {"email": email, "password": password}, "json", **headers)


def page_login(client, email: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def test_token_endpoint_locks_the_account_after_five_wrong_passwords(api, owner) -> None:
    codes = [token_request(api, owner.email, "wrong").status_code for _ in range(5)]
    assert codes == [400] * 5
    response = token_request(api, owner.email, factories.PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 60
    assert "token" not in response.json()


def test_the_account_lock_holds_from_other_addresses(api, owner) -> None:
    for _ in range(5):
        token_request(api, owner.email, "wrong", REMOTE_ADDR=next(_addresses))
    response = token_request(api, owner.email, factories.PASSWORD, REMOTE_ADDR=next(_addresses))
    assert response.status_code == 429


def test_wrong_passwords_on_the_page_and_the_api_count_together(client, api, owner) -> None:
    for _ in range(3):
        page_login(client, owner.email, "wrong")
    for _ in range(2):
        assert token_request(api, owner.email, "wrong").status_code == 400
    assert token_request(api, owner.email, factories.PASSWORD).status_code == 429
    response = page_login(client, owner.email, factories.PASSWORD)
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_forged_forwarded_for_headers_do_not_escape_the_token_throttle(api) -> None:
    codes = [
        token_request(
            api, f"nobody{n}@example.se", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(25)
    ]
    # Ten failures a minute per address (the sign-in limit), whatever the header says.
    assert codes[:10] == [400] * 10
    assert set(codes[10:]) == {429}


def test_forged_forwarded_for_headers_do_not_escape_the_page_limit(client) -> None:
    responses = [
        page_login(client, f"nobody{n}@example.se", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(11)
    ]
    assert b"Too many failed login attempts" in responses[-1].content


def test_another_host_header_gives_no_fresh_attempts(client, owner) -> None:
    for port in range(1, 6):
        page_login(client, owner.email, "wrong", HTTP_HOST=f"localhost:{port}")
    response = page_login(client, owner.email, factories.PASSWORD, HTTP_HOST="localhost:6")
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_successful_token_requests_are_throttled_per_address(api, owner) -> None:
    codes = [token_request(api, owner.email, factories.PASSWORD).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20
    assert codes[20] == 429


def test_behind_a_proxy_the_address_the_proxy_saw_is_the_client(settings, api) -> None:
    settings.PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client forges the left part; our proxy appends the address it saw (the last one).
    codes = [
        token_request(
            api,
            f"nobody{n}@example.se",
            "wrong",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.7",
        ).status_code
        for n in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    # Another client behind the same proxy is not limited by the first one's guesses.
    other = token_request(
        api,
        "nobody@example.se",
        "wrong",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.8",
    )
    assert other.status_code == 400


def test_admin_guesses_go_through_the_limited_sign_in(staff) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": staff.email, "password": "wrong", "next": "/admin/"}
        )
        assert response.status_code == 302  # sent to the site's sign-in, nothing checked
    for _ in range(5):
        page_login(client, staff.email, "wrong")
    response = page_login(client, staff.email, factories.PASSWORD)
    assert b"Too many failed login attempts" in response.content
    assert client.get("/admin/").status_code == 302

"""Guessing passwords is stopped: at the sign-in page and at the token endpoint."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _login(client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_sign_in_is_refused_after_five_wrong_passwords_even_with_the_right_one(
    client, owner
) -> None:
    for _ in range(5):
        response = _login(client, owner.email, "wrong-password")
        assert response.status_code == 200
        assert b"Too many failed login attempts" not in response.content
    response = _login(client, owner.email, factories.PASSWORD)
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_for_one_account_do_not_lock_out_another(client, owner, colleague) -> None:
    for _ in range(5):
        _login(client, owner.email, "wrong-password")
    response = _login(client, colleague.email, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


# The same limits at the token endpoint and the admin, and by the real client address:
# tests/security/test_password_guessing_stopped.py

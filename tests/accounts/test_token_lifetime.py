"""API tokens end: after API_TOKEN_DAYS, on a password change or reset, and when revoked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def new_token(user) -> str:  # type: ignore[no-untyped-def]
    response = APIClient().post(URL, {"email": user.email, "password": factories.PASSWORD}, "json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    status = client.get("/api/v1/me/").status_code
    assert status in (200, 401)
    return status == 200


def test_a_token_says_when_it_ends_and_ends_then(owner, settings) -> None:
    response = APIClient().post(URL, {"email": owner.email, "password": factories.PASSWORD}, "json")
    expires = response.json()["expires"]
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=owner)
    assert abs(stored.expiry - (stored.created + timedelta(days=30))) < timedelta(seconds=5)
    assert expires.startswith(stored.expiry.date().isoformat())
    assert works(token)
    AuthToken.objects.filter(user=owner).update(expiry=timezone.now() - timedelta(seconds=1))
    assert not works(token)


def test_the_lifetime_is_a_setting(owner, settings) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=2)}
    new_token(owner)
    stored = AuthToken.objects.get(user=owner)
    assert stored.expiry - stored.created < timedelta(days=2, seconds=5)


def test_tokens_are_stored_only_as_hashes(owner) -> None:
    token = new_token(owner)
    stored = AuthToken.objects.get(user=owner)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.token_key) < len(token)


def test_delete_revokes_the_callers_token_and_only_that_one(owner) -> None:
    first, second = new_token(owner), new_token(owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.delete(URL).status_code == 204
    assert not works(first)
    assert works(second)


def test_delete_without_a_token_is_401(api) -> None:
    assert api.delete(URL).status_code == 401


def test_delete_signed_in_without_a_token_says_how_to_revoke(api_as, owner) -> None:
    token = new_token(owner)
    response = api_as(owner).delete(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "account page" in response.json()["detail"][0]
    assert works(token)


def test_a_password_change_revokes_every_token(client, owner) -> None:
    token = new_token(owner)
    client.force_login(owner)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": factories.PASSWORD,
            "password1": "a-new-Passw0rd-2026",
            "password2": "a-new-Passw0rd-2026",
        },
    )
    assert response.status_code == 302
    assert not works(token)


def test_a_password_reset_revokes_every_token(client, owner) -> None:
    token = new_token(owner)
    client.post("/accounts/password/reset/", {"email": owner.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body)
    assert link
    path = (
        link.group(0).split("testserver", 1)[-1]
        if "testserver" in link.group(0)
        else "/" + link.group(0).split("/", 3)[3]
    )
    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "a-new-Passw0rd-2026", "password2": "a-new-Passw0rd-2026"},
    )
    assert response.status_code == 302
    assert not works(token)


def test_a_password_set_by_staff_revokes_every_token(owner) -> None:
    token = new_token(owner)
    owner.set_password("set-by-the-admin-2026")
    owner.save()
    assert not works(token)


def test_an_unchanged_save_keeps_tokens(owner) -> None:
    token = new_token(owner)
    owner.display_name = "Olga"
    owner.save()
    assert works(token)


def test_at_most_the_newest_tokens_are_kept(owner, settings) -> None:
    settings.API_TOKENS_PER_USER = 3
    tokens = [new_token(owner) for _ in range(4)]
    assert AuthToken.objects.filter(user=owner).count() == 3
    assert not works(tokens[0])
    assert all(works(t) for t in tokens[1:])


def test_my_account_lists_active_tokens_and_revokes_one(client, owner) -> None:
    first, second = new_token(owner), new_token(owner)
    AuthToken.objects.create(user=owner, expiry=timedelta(seconds=-1))  # expired: not listed
    client.force_login(owner)
    page = client.get("/mitt-konto/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    keys = [t.token_key for t in AuthToken.objects.filter(user=owner, expiry__gt=timezone.now())]
    assert len(keys) == 2
    for key in keys:
        assert key[:8] in page
    assert first not in page and second not in page  # never the secret itself
    assert "Återkalla" in page
    response = client.post("/mitt-konto/api-nycklar/aterkalla/", {"token_key": first[:15]})
    assert response.status_code == 302
    assert not works(first)
    assert works(second)


def test_nobody_revokes_another_persons_token(client, owner, colleague) -> None:
    token = new_token(owner)
    client.force_login(colleague)
    client.post("/mitt-konto/api-nycklar/aterkalla/", {"token_key": token[:15]})
    assert works(token)


def test_the_personal_data_export_lists_tokens_without_their_secret(api, owner) -> None:
    token = new_token(owner)
    api.force_authenticate(owner)
    exported = api.get("/api/v1/me/export/").json()
    assert len(exported["api_tokens"]) == 1
    assert token not in str(exported)

"""Security keys (WebAuthn) as a second factor: added on the two-factor pages, asked for
after the password, refused for another site, reachable from the account page, and
explained where the browser cannot use them (an IP address, plain http)."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests import factories
from tests.security_keys import SoftKey, add_security_key, localhost_client

pytestmark = pytest.mark.django_db


def password_sign_in(client: Client, email: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": email, "password": factories.PASSWORD})


def open_add_key_page(client: Client, email: str):  # type: ignore[no-untyped-def]
    password_sign_in(client, email)
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 302  # confirm the password
    client.post("/accounts/reauthenticate/", {"password": factories.PASSWORD})
    page = client.get("/accounts/2fa/webauthn/add/")
    assert page.status_code == 200
    return page


def test_adding_the_first_key_brings_recovery_codes_to_write_down(owner) -> None:
    client = localhost_client()
    page = open_add_key_page(client, owner.email)
    answer = SoftKey().create(page.context["js_data"]["creation_options"])
    response = client.post(
        "/accounts/2fa/webauthn/add/", {"name": "Gul nyckel", "credential": json.dumps(answer)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    keys = Authenticator.objects.filter(user=owner, type=Authenticator.Type.WEBAUTHN)
    assert [k.wrap().name for k in keys] == ["Gul nyckel"]
    codes = Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.wrap().get_unused_codes()) == 10


def test_sign_in_asks_for_the_key_after_the_password(owner) -> None:
    client = localhost_client()
    key = add_security_key(client, owner.email)
    client.post("/accounts/logout/")

    response = password_sign_in(client, owner.email)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/mitt-konto/").status_code == 302  # the password alone is not enough
    page = client.get("/accounts/2fa/authenticate/")
    answer = key.get(page.context["js_data"]["request_options"])
    response = client.post("/accounts/2fa/authenticate/", {"credential": json.dumps(answer)})
    assert response.status_code == 302
    assert client.get("/mitt-konto/").status_code == 200


def test_a_key_answer_made_for_another_site_is_refused(owner) -> None:
    # A look-alike site relaying our challenge gets an answer naming its own origin: the
    # server checks the origin (MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN stays off).
    client = localhost_client()
    key = add_security_key(client, owner.email)
    client.post("/accounts/logout/")
    password_sign_in(client, owner.email)
    page = client.get("/accounts/2fa/authenticate/")
    answer = key.get(page.context["js_data"]["request_options"], origin="https://delahub.example")
    response = client.post("/accounts/2fa/authenticate/", {"credential": json.dumps(answer)})
    assert response.status_code == 200
    assert client.get("/mitt-konto/").status_code == 302


def test_a_key_alone_signs_nobody_in(owner) -> None:
    # Passwordless passkey sign-in stays off: the key is the second factor, never the only one.
    client = localhost_client()
    add_security_key(client, owner.email)
    client.post("/accounts/logout/")
    assert client.get("/accounts/2fa/webauthn/login/").status_code == 404
    assert "passkey_login" not in client.get("/accounts/login/").content.decode()


def test_the_authenticate_page_offers_the_key_and_recovery_codes_to_a_key_only_account(
    owner,
) -> None:
    client = localhost_client()
    add_security_key(client, owner.email)
    client.post("/accounts/logout/")
    password_sign_in(client, owner.email)
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert 'id="mfa_webauthn_authenticate"' in page
    assert "återställningskoder" in page
    assert "autentiseringsapp" not in page  # no app to take a code from


def test_the_authenticate_page_offers_no_key_to_an_account_with_only_an_app(owner) -> None:
    from tests.security.test_second_factor_everywhere import with_totp

    with_totp(owner)
    client = localhost_client()
    password_sign_in(client, owner.email)
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert 'id="mfa_webauthn_authenticate"' not in page
    assert "autentiseringsapp" in page


def test_the_account_page_leads_to_security_keys(client, owner) -> None:
    client.force_login(owner)
    page = client.get("/mitt-konto/").content.decode()
    assert 'href="/accounts/2fa/webauthn/"' in page
    assert "Säkerhetsnycklar" in page


def test_the_keys_page_lists_keys_with_their_names(owner) -> None:
    client = localhost_client()
    add_security_key(client, owner.email, name="Blå nyckel")
    page = client.get("/accounts/2fa/webauthn/").content.decode()
    assert "Blå nyckel" in page
    assert 'href="/accounts/2fa/webauthn/add/"' in page


def test_the_add_key_page_at_an_ip_address_says_keys_need_the_sites_name(owner) -> None:
    client = Client(HTTP_HOST="127.0.0.1:8000")
    page = open_add_key_page(client, owner.email).content.decode()
    assert "127.0.0.1" in page
    assert "http://localhost:8000/accounts/2fa/webauthn/add/" in page  # the same page by name
    assert 'id="mfa_webauthn_add"' not in page  # no button that cannot work here


def test_the_add_key_page_in_english_says_so_too(owner) -> None:
    owner.language = "en"  # a signed-in person's pages follow their profile's language
    owner.save(update_fields=["language"])
    client = Client(HTTP_HOST="127.0.0.1:8000")
    page = open_add_key_page(client, owner.email).content.decode()
    assert "Security keys work only" in page


def test_the_add_key_page_at_localhost_offers_the_key_without_a_warning(owner) -> None:
    client = localhost_client()
    page = open_add_key_page(client, owner.email).content.decode()
    assert 'id="mfa_webauthn_add"' in page
    assert "Säkerhetsnycklar fungerar bara" not in page


def test_the_add_key_page_on_plain_http_by_name_says_keys_need_https(owner, settings) -> None:
    settings.ALLOWED_HOSTS = ["delahub.example"]
    client = Client(HTTP_HOST="delahub.example")
    page = open_add_key_page(client, owner.email).content.decode()
    assert "http://delahub.example" in page  # where it is open
    assert "over https" in page or "över https" in page
    assert 'id="mfa_webauthn_add"' not in page


def test_a_key_is_renamed_on_a_page_with_a_swedish_label(owner) -> None:
    client = localhost_client()
    add_security_key(client, owner.email, name="Gul nyckel")
    key = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    url = f"/accounts/2fa/webauthn/keys/{key.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Nyckelns namn" in page
    assert "Name:" not in page
    response = client.post(url, {"name": "Grön nyckel"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.wrap().name == "Grön nyckel"


def test_access_is_confirmed_with_the_key_instead_of_the_password(owner) -> None:
    client = localhost_client()
    key = add_security_key(client, owner.email)
    client.post("/accounts/logout/")
    password_sign_in(client, owner.email)
    page = client.get("/accounts/2fa/authenticate/")
    client.post(
        "/accounts/2fa/authenticate/",
        {"credential": json.dumps(key.get(page.context["js_data"]["request_options"]))},
    )
    # Adding a second key asks to confirm access; the key can do it.
    response = client.get("/accounts/2fa/webauthn/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    url = "/accounts/2fa/webauthn/reauthenticate/?next=/accounts/2fa/webauthn/add/"
    page = client.get(url)
    assert 'id="mfa_webauthn_reauthenticate"' in page.content.decode()
    answer = key.get(page.context["js_data"]["request_options"])
    response = client.post(url, {"credential": json.dumps(answer)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/webauthn/add/"
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 200

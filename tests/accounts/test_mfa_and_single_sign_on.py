"""Multi-factor sign-in with TOTP, and municipal single sign-on configured from settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator

from tests import factories

pytestmark = pytest.mark.django_db


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), computed independently of allauth."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(client, email: str) -> object:
    return client.post("/accounts/login/", {"login": email, "password": factories.PASSWORD})


def activate_totp(client) -> str:
    """Activate TOTP as allauth asks: confirm the password again, then enter a code."""
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302  # asks to re-authenticate
    client.post("/accounts/reauthenticate/", {"password": factories.PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret


def test_totp_activation_then_sign_in_asks_for_the_code(client, owner) -> None:
    sign_in(client, owner.email)
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()

    client.post("/accounts/logout/")
    response = sign_in(client, owner.email)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/mitt-konto/").status_code == 302  # not signed in before the code

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/mitt-konto/").status_code == 200


def test_mfa_devices_appear_in_the_personal_data_export(client, api_as, owner) -> None:
    sign_in(client, owner.email)
    activate_totp(client)
    exported = api_as(owner).get("/api/v1/me/export/").json()
    assert sorted(a["type"] for a in exported["multi_factor"]) == ["recovery_codes", "totp"]


def test_municipal_single_sign_on_is_offered_when_configured(client, settings) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "skelleftea-sso",
                    "name": "Skellefteå kommuns inloggning",
                    "client_id": "delahub",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.skelleftea.example/realms/kommun"},
                }
            ]
        }
    }
    page = client.get("/accounts/login/").content.decode()
    assert "Skellefteå kommuns inloggning" in page
    assert "/accounts/oidc/skelleftea-sso/login/" in page


def test_no_single_sign_on_button_without_configuration(client) -> None:
    assert "/accounts/oidc/" not in client.get("/accounts/login/").content.decode()


def test_password_reset_sends_a_link(client, owner, mailoutbox) -> None:
    response = client.post("/accounts/password/reset/", {"email": owner.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body

"""A software security key for tests through the Django test client.

It answers WebAuthn's two ceremonies as a browser with a USB key would: it signs the
server's challenge for the relying party and origin it is given, with a P-256 key of its
own, and hands back the JSON that allauth's webauthn.js posts. No part of the site is
replaced: the server checks challenge, origin, relying party and signature as it does for
a real key. The browser test (tests/browser/test_security_keys.py) uses Chromium's own
virtual authenticator instead.
"""

from __future__ import annotations

import json
import os
from hashlib import sha256
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from tests import factories

# The address the test client plays: WebAuthn refuses IP addresses and (for http) any
# name but localhost, as browsers do.
ORIGIN = "http://localhost"
HOST = "localhost"

_FLAGS = AuthenticatorData.FLAG


class SoftKey:
    """One credential on one software security key, with user presence and verification."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0

    def create(self, options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        """The answer to navigator.credentials.create(options) at `origin`."""
        public_key = options["publicKey"]
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=public_key["challenge"], origin=origin
        )
        credential = AttestedCredentialData.create(
            Aaguid.NONE,
            self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()),
        )
        auth_data = AuthenticatorData.create(
            sha256(public_key["rp"]["id"].encode()).digest(),
            _FLAGS.UP | _FLAGS.UV | _FLAGS.AT,
            self.counter,
            credential,
        )
        response = {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(AttestationObject.create("none", auth_data, {})),
        }
        return self._credential(response, extensions={"credProps": {"rk": False}})

    def get(self, options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        """The answer to navigator.credentials.get(options) at `origin`."""
        public_key = options["publicKey"]
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=public_key["challenge"], origin=origin
        )
        self.counter += 1
        auth_data = AuthenticatorData.create(
            sha256(public_key["rpId"].encode()).digest(), _FLAGS.UP | _FLAGS.UV, self.counter
        )
        signature = self.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        response = {
            "clientDataJSON": websafe_encode(client_data),
            "authenticatorData": websafe_encode(auth_data),
            "signature": websafe_encode(signature),
        }
        return self._credential(response, extensions={})

    def _credential(self, response: dict[str, str], extensions: dict[str, Any]) -> dict[str, Any]:
        """The PublicKeyCredential of this key around a ceremony's `response`, as JSON."""
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "response": response,
            "clientExtensionResults": extensions,
        }


def localhost_client() -> Client:
    """A test client that reaches the site as http://localhost, where keys work."""
    return Client(HTTP_HOST=HOST)


def add_security_key(client: Client, email: str, name: str = "") -> SoftKey:
    """Sign in with the password and add a software key on the add-key page, as a person
    would; returns the key. The client stays signed in."""
    client.post("/accounts/login/", {"login": email, "password": factories.PASSWORD})
    if client.get("/accounts/2fa/webauthn/add/").status_code == 302:  # confirm the password
        client.post("/accounts/reauthenticate/", {"password": factories.PASSWORD})
    page = client.get("/accounts/2fa/webauthn/add/")
    assert page.status_code == 200, page
    key = SoftKey()
    answer = key.create(page.context["js_data"]["creation_options"])
    response = client.post(
        "/accounts/2fa/webauthn/add/", {"name": name, "credential": json.dumps(answer)}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return key

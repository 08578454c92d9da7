"""DEBUG is off unless asked for; HTTPS-only settings follow SITE_URL's scheme, not DEBUG.

Settings are read from the environment when Django starts, so each case runs the project
in a subprocess with the environment under test (as `make run` or a deployment would).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The variables these tests set themselves: none is inherited from the suite's environment.
_CONTROLLED = {
    "DEBUG",
    "SITE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "BEHIND_PROXY",
    "DJANGO_SETTINGS_MODULE",
}
_READ = """
import json
from django.conf import settings
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def settings_with(tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings the project starts with in an environment holding only `env` of ours."""
    base = {k: v for k, v in os.environ.items() if k not in _CONTROLLED}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", _READ],
        cwd=ROOT,
        env=base | {"DELAHUB_VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


HTTPS_OFF = {
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
}
HTTPS_ON = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def subset(values: dict[str, Any], keys: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in keys}


def test_a_fresh_checkout_runs_without_debug_and_without_https_redirects(tmp_path) -> None:
    # No DEBUG, no SITE_URL: what `make run` starts with. Plain http://127.0.0.1:8000 must
    # work in a browser (no redirect to https, cookies a browser keeps over http).
    values = settings_with(tmp_path)
    assert values["DEBUG"] is False
    assert subset(values, HTTPS_OFF) == HTTPS_OFF


def test_debug_is_an_explicit_opt_in(tmp_path) -> None:
    assert settings_with(tmp_path, DEBUG="true")["DEBUG"] is True
    assert settings_with(tmp_path, DEBUG="false")["DEBUG"] is False


def test_an_https_site_url_turns_on_redirects_hsts_and_secure_cookies(tmp_path) -> None:
    values = settings_with(tmp_path, SITE_URL="https://delahub.example.se")
    assert subset(values, HTTPS_ON) == HTTPS_ON


def test_https_settings_follow_the_site_url_and_not_debug(tmp_path) -> None:
    on = settings_with(tmp_path, DEBUG="true", SITE_URL="https://delahub.example.se")
    assert subset(on, HTTPS_ON) == HTTPS_ON
    off = settings_with(tmp_path, DEBUG="false", SITE_URL="http://intranet.example.se:8000")
    assert subset(off, HTTPS_OFF) == HTTPS_OFF


def test_each_https_setting_has_its_own_override(tmp_path) -> None:
    # E.g. a proxy that already redirects to https, or HSTS rolled out with a short max-age.
    values = settings_with(
        tmp_path,
        SITE_URL="https://delahub.example.se",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_PRELOAD="false",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 300
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    forced = settings_with(
        tmp_path, SESSION_COOKIE_SECURE="true", CSRF_COOKIE_SECURE="true", SECURE_HSTS_SECONDS="60"
    )
    assert forced["SESSION_COOKIE_SECURE"] is True
    assert forced["CSRF_COOKIE_SECURE"] is True
    assert forced["SECURE_HSTS_SECONDS"] == 60
    assert forced["SECURE_SSL_REDIRECT"] is False


@pytest.mark.parametrize("site_url", ["HTTPS://Delahub.example.se", "https://delahub.example.se/"])
def test_the_scheme_is_read_as_a_url_scheme(tmp_path, site_url: str) -> None:
    assert settings_with(tmp_path, SITE_URL=site_url)["SECURE_SSL_REDIRECT"] is True

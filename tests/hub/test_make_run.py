"""`make run` from a fresh clone: the site's own pages, never Django's debug pages, over
plain http on 127.0.0.1 (no redirect to https, cookies a browser keeps over http).

Runs the real Makefile target (migrate, demo data, search index, Daphne) in an environment
without any of the project's variables, as a person who just cloned the repository has.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from tests.servers import ROOT, free_port, wait_until_listening

# Everything the project reads from the environment that a fresh clone would not have set.
_PROJECT_VARIABLES = {
    "DEBUG",
    "SITE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "BEHIND_PROXY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    # A make above us (make test) must not hand its job server to this one.
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
}
DEMO_EMAIL = "anna.lindberg@skelleftea.example"
DEMO_PASSWORD = "delahub-demo-2026"  # the README's demo password, loaded by `make run`


class Site:
    def __init__(self, port: int) -> None:
        self.port = port
        self.jar = http.cookiejar.CookieJar()

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], list[str], str]:
        """One request as a browser would send it (cookies from the jar, which — like a
        browser — never sends a Secure cookie over http); redirects are not followed.
        Returns (status, headers, Set-Cookie headers, body)."""
        url = f"http://127.0.0.1:{self.port}{path}"
        headers = {"Accept-Language": "sv"}
        carrier = urllib.request.Request(url, method=method)
        self.jar.add_cookie_header(carrier)
        headers |= dict(carrier.header_items())
        data = urllib.parse.urlencode(body).encode() if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = url
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self.jar.extract_cookies(_Adapter(response), carrier)
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, dict(response.getheaders()), cookies, text
        finally:
            connection.close()


class _Adapter:
    """What CookieJar.extract_cookies reads from a response: its headers."""

    def __init__(self, response: http.client.HTTPResponse) -> None:
        self._response = response

    def info(self) -> http.client.HTTPMessage:
        return self._response.headers


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("make-run")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in _PROJECT_VARIABLES}
    # A fresh clone keeps its data in var/; this one in a directory of its own.
    env["DELAHUB_VAR_DIR"] = str(base / "var")
    log_path = base / "make-run.log"
    with log_path.open("w") as log:
        # -o: the virtual environment is the one running this test; never reinstall it here.
        process = subprocess.Popen(
            ["make", "-o", ".venv/.installed", "run", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make and the Daphne it starts
        )
        try:
            wait_until_listening(process, port, 300, log_path.read_text)
            yield Site(port)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def test_make_run_answers_an_unknown_page_with_the_sites_own_404(make_run: Site) -> None:
    status, _, _, body = make_run.request("GET", "/ingen-sadan-sida/")
    assert status == 404
    assert "Sidan finns inte" in body
    assert 'class="site-header"' in body
    # Django's debug 404 lists the URL patterns and says DEBUG = True.
    assert "URLconf" not in body
    assert "DEBUG = True" not in body


def test_make_run_serves_plain_http_without_redirect_or_hsts(make_run: Site) -> None:
    status, headers, _, body = make_run.request("GET", "/")
    assert status == 200, headers
    assert "Location" not in headers
    assert "Strict-Transport-Security" not in headers
    assert "Delahub" in body


def test_make_run_serves_static_files_with_debug_off(make_run: Site) -> None:
    _, _, _, page = make_run.request("GET", "/")
    stylesheet = re.search(r'href="(/static/frontend/css/site\.css[^"]*)"', page)
    assert stylesheet is not None, page[:2000]
    status, headers, _, css = make_run.request("GET", stylesheet.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "{" in css
    status, _, _, _ = make_run.request(
        "GET", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
    )
    assert status == 200


def test_a_demo_person_signs_in_over_plain_http(make_run: Site) -> None:
    status, _, cookies, form = make_run.request("GET", "/accounts/login/")
    assert status == 200
    assert not any("secure" in c.lower().split("; ") for c in cookies), cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    status, headers, cookies, _ = make_run.request(
        "POST",
        "/accounts/login/",
        {"login": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert status == 302, headers
    assert any(c.startswith("sessionid=") for c in cookies)
    assert not any("secure" in c.lower().split("; ") for c in cookies), cookies
    status, _, _, page = make_run.request("GET", headers["Location"])
    assert status == 200
    assert "Anna Lindberg" in page

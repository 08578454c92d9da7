"""`make run` from a fresh clone: the site's own pages, never Django's debug pages, over
plain http on 127.0.0.1 (no redirect to https, cookies a browser keeps over http).

Runs the real Makefile target (migrate, demo data, search index, Daphne) in an environment
without any of the project's variables, as a person who just cloned the repository has, and
follows the README's first steps against it: the commands are read out of README.md, so the
README cannot drift from what works.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import shlex
import signal
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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
    def __init__(self, port: int, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self.jar = http.cookiejar.CookieJar()

    def console(self) -> str:
        """Everything `make run` printed so far (the terminal of a person who ran it)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str]:
        """One request exactly as given (no cookies): (status, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

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
            yield Site(port, log_path)
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


# --- The README's first steps, as written (issue 16) ---------------------------------------


def readme_commands() -> list[list[str]]:
    """Every `curl` command in README.md's shell blocks, as argument lists (continuation
    lines joined, `#` comments dropped)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["curl"]:
                commands.append(words)
    return commands


def readme_command(path: str) -> list[str]:
    found = [c for c in readme_commands() if any(w.endswith(path) for w in c)]
    assert len(found) >= 1, f"README.md has no curl command for {path}"
    return found[0]


def as_curl_sends(command: list[str], port: int) -> tuple[str, str, bytes | None, dict[str, str]]:
    """(method, path, body, headers) of a curl command as curl sends it: `-d` pieces joined
    with `&` as they are (curl does not encode them) in a form-encoded POST, `-H` headers,
    `-X` the method; the README's address is `make run`'s default, the test's port replaces
    it."""
    method, data, headers, url = "GET", [], {}, ""
    words = iter(command[1:])
    for word in words:
        if word in ("-d", "--data"):
            data.append(next(words))
        elif word in ("-H", "--header"):
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-X", "--request"):
            method = next(words)
        elif word.startswith("http"):
            url = word
        else:
            raise AssertionError(f"the README's curl uses {word!r}, which this test cannot send")
    parts = urllib.parse.urlsplit(url)
    assert parts.netloc == "127.0.0.1:8000", "the README's examples address `make run`'s default"
    body = None
    if data:
        body = "&".join(data).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        method = "POST" if method == "GET" else method
    return method, parts.path, body, headers


def test_make_run_prints_no_demo_mail(make_run: Site) -> None:
    # Everything before Daphne starts is the setup: migrations, demo data, the index.
    setup = make_run.console().split("daphne -b", 1)[0]
    assert "Demo comments:" in setup
    assert "Subject:" not in setup


def test_the_readmes_token_example_gets_a_token_from_make_run(make_run: Site) -> None:
    method, path, body, headers = as_curl_sends(
        readme_command("/api/v1/auth/token/"), make_run.port
    )
    assert (method, path) == ("POST", "/api/v1/auth/token/")
    status, answer = make_run.send(method, path, body, headers)
    assert status == 200, answer
    token = json.loads(answer)["token"]
    # The README's next command, with the token it gave.
    method, path, body, headers = as_curl_sends(readme_command("/api/v1/me/"), make_run.port)
    headers = {k: v.replace("<token>", token) for k, v in headers.items()}
    status, answer = make_run.send(method, path, body, headers)
    assert status == 200, answer
    assert json.loads(answer)["email"] == "erik.nilsson@skelleftea.example"


def test_the_confirmation_link_of_a_new_account_is_printed_and_works(make_run: Site) -> None:
    # The README: sign up, and the e-mail with the link is printed where `make run` runs.
    site = Site(make_run.port, make_run.log_path)
    _status, _, _, form = site.request("GET", "/accounts/signup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    email = "ny.person@example.org"
    status, headers, _, _ = site.request(
        "POST",
        "/accounts/signup/",
        {
            "email": email,
            "password1": "ett-langt-losenord-2026",
            "password2": "ett-langt-losenord-2026",
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert status == 302, headers
    links = re.findall(r"(http://\S+/accounts/confirm-email/\S+/)", make_run.console())
    assert links, "no confirmation link was printed"
    link = urllib.parse.urlsplit(links[-1])
    assert link.netloc == f"127.0.0.1:{make_run.port}"
    status, _, _, page = site.request("GET", link.path)
    assert status == 200
    confirm = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert confirm is not None
    status, headers, _, _ = site.request(
        "POST", link.path, {"csrfmiddlewaretoken": confirm.group(1)}
    )
    assert status == 302, headers
    status, _, _, account = site.request("GET", "/mitt-konto/")
    assert status == 200
    assert email in account


def test_links_in_notification_mail_point_at_the_port_make_run_serves(make_run: Site) -> None:
    method, path, body, headers = as_curl_sends(
        readme_command("/api/v1/auth/token/"), make_run.port
    )
    token = json.loads(make_run.send(method, path, body, headers)[1])["token"]
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    ideas = json.loads(make_run.send("GET", "/api/v1/ideas/?page_size=100", None, auth)[1])
    idea = next(i for i in ideas["results"] if i["title"] == "Ledighetsansökan")
    status, answer = make_run.send(
        "POST",
        f"/api/v1/ideas/{idea['id']}/comments/",
        json.dumps({"body": "En fråga till er som följer idén."}).encode(),
        auth,
    )
    assert status == 201, answer
    comment = json.loads(answer)["id"]
    printed = make_run.console()
    assert f"/ideer/{idea['id']}/#comment-{comment}" in printed, "no notification was printed"
    links = re.findall(rf"(http://\S+)/ideer/{idea['id']}/#comment-{comment}", printed)
    assert links
    assert set(links) == {f"http://127.0.0.1:{make_run.port}"}

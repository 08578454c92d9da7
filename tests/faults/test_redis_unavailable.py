"""Redis stops while people are on a live thread, and comes back (issue 7, "Faults").

One real Daphne uses a real redis-server of this test's own as its channel layer and cache;
the test stops that server (SIGTERM) with WebSocket clients connected and starts it again
on the same port. What must hold:

- the connected sockets are closed with 4503 ("try again later", as HTTP 503), and a socket opened
  while Redis is away is accepted and closed the same way — never a failed handshake;
- comments are still saved and returned by REST while Redis is away (the cache falls back
  to local memory, the broadcast is skipped with a log line);
- after Redis returns, clients reconnect, `resume` from the last comment they saw and get
  every comment written during the outage, once each, in order; new comments are live
  again (the relays rebuilt their groups on the restarted, empty Redis).

The browser side (the page says live updates are paused, then shows what was missed)
is tests/browser/test_live_thread_redis_outage.py.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from tests.servers import RedisSite as Site
from tests.servers import redis_site

TRY_AGAIN_LATER = 4503


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with redis_site(tmp_path) as running:
        yield running


def _connect(site: Site, *, signed_in: bool = False) -> Any:
    headers = {"Cookie": f"sessionid={site.session}"} if signed_in else {}
    return websockets.connect(
        f"ws://127.0.0.1:{site.daphne.port}/ws/ideas/{site.idea_id}/comments/",
        origin=site.daphne.url,  # type: ignore[arg-type]
        additional_headers=headers,
    )


async def _next(socket: Any, kind: str, timeout: float = 10) -> dict[str, Any]:
    """The next message of a type (presence counts may come in between)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        left = max(deadline - loop.time(), 0.01)
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=left))
        if message["type"] == kind:
            return message


async def _close_code(socket: Any, timeout: float = 20) -> int:
    """Wait until the server closes the socket; its close code."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            left = max(deadline - loop.time(), 0.01)
            await asyncio.wait_for(socket.recv(), timeout=left)
    assert closed.value.rcvd is not None, "closed without a close frame"
    return closed.value.rcvd.code


def _rest(site: Site, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        f"{site.daphne.url}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "Authorization": f"Token {site.token}"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


async def _post_comment(site: Site, text: str) -> dict[str, Any]:
    status, created = await asyncio.to_thread(
        _rest, site, "POST", f"/api/v1/ideas/{site.idea_id}/comments/", {"body": text}
    )
    assert status == 201, created
    return created


async def _reconnect(site: Site, *, signed_in: bool = False, within: float = 30) -> Any:
    """Connect until a socket stays open and hears its presence count (the live sign)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        socket = await _connect(site, signed_in=signed_in)
        try:
            await _next(socket, "presence", timeout=3)
        except (ConnectionClosed, TimeoutError):
            await socket.close()
            await asyncio.sleep(0.5)
            continue
        return socket
    pytest.fail(f"no live socket within {within} s after Redis returned:\n{site.daphne.log()}")


async def test_comments_are_saved_during_a_redis_outage_and_live_clients_resume_with_nothing_lost(
    site: Site,
) -> None:
    listener = await _connect(site)
    writer = await _connect(site, signed_in=True)
    await _next(listener, "presence")
    await _next(writer, "presence")
    before = await _post_comment(site, "Före avbrottet")
    assert (await _next(listener, "comment.created"))["comment"]["id"] == before["id"]
    assert (await _next(writer, "comment.created"))["comment"]["id"] == before["id"]

    await asyncio.to_thread(site.redis.stop)
    # Both sockets are told to come back later; neither hangs deaf.
    assert await _close_code(listener) == TRY_AGAIN_LATER
    assert await _close_code(writer) == TRY_AGAIN_LATER

    # Writing and reading go on through REST while Redis is away.
    during = [await _post_comment(site, f"Under avbrottet {n}") for n in (1, 2)]
    status, listed = await asyncio.to_thread(
        _rest, site, "GET", f"/api/v1/ideas/{site.idea_id}/comments/"
    )
    assert status == 200
    assert [c["id"] for c in listed["results"]] == [before["id"], *(c["id"] for c in during)]

    # A socket opened now is accepted and closed with 4503, not refused at the handshake.
    refused = await _connect(site)
    assert await _close_code(refused) == TRY_AGAIN_LATER

    await asyncio.to_thread(site.redis.start)
    listener = await _reconnect(site)
    writer = await _reconnect(site, signed_in=True)
    for socket in (listener, writer):
        await socket.send(json.dumps({"type": "resume", "after": before["id"]}))
        replayed = [(await _next(socket, "comment.created"))["comment"] for _ in during]
        assert [c["id"] for c in replayed] == [c["id"] for c in during]
        assert [c["body"] for c in replayed] == ["Under avbrottet 1", "Under avbrottet 2"]

    # Live again: a new comment reaches both, once.
    after = await _post_comment(site, "Efter avbrottet")
    for socket in (listener, writer):
        message = await _next(socket, "comment.created")
        assert message["comment"]["id"] == after["id"]
        with pytest.raises(TimeoutError):
            await _next(socket, "comment.created", timeout=1)
        await socket.close()
    assert "Traceback" not in site.daphne.log()


def test_signing_in_and_reading_pages_work_while_redis_is_away(site: Site) -> None:
    # Sign-in limits, API throttles and presence counts live in the cache; with Redis away
    # each process keeps them in local memory instead of failing the request.
    site.redis.stop()
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{site.daphne.url}/accounts/login/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, form
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "login": "writer@skelleftea.example",
            "password": "x-pass-123456",
        }
    ).encode()
    request = urllib.request.Request(
        f"{site.daphne.url}/accounts/login/", data=data, headers={"Referer": site.daphne.url}
    )
    with browser.open(request, timeout=30) as response:
        assert response.status == 200
        assert response.url == f"{site.daphne.url}/mitt-konto/"  # signed in: my pages
    assert any(cookie.name == "sessionid" for cookie in jar)
    with browser.open(f"{site.daphne.url}/ideer/{site.idea_id}/", timeout=30) as response:
        page = response.read().decode()
    assert response.status == 200
    assert "Delad tråd" in page
    assert "Wera" in page  # signed in: the header names the user
    assert "Traceback" not in site.daphne.log()

"""Indexing in real Daphne processes on a SQLite file, with the real settings (indexing in
the background): a write answers while the engine hangs; the index follows every commit
when two processes write and drain the same queue; the changes of a process that died
right after its commit, or that stopped while the engine was away, are indexed by the next
drain of another process; a process that exits (here `manage.py shell`) indexes what it
queued first.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.servers import Daphne, HangingEngine, manage, project_env, writer_and_idea

CATCH_UP_SECONDS = 30.0


@dataclass
class Site:
    env: dict[str, str]
    base: Path
    idea_id: int
    token: str

    def shell(self, code: str) -> str:
        return manage(self.env, "shell", "--no-imports", "-c", code).strip()

    def queued(self, idea_id: int) -> int:
        return int(
            self.shell(
                "from search.models import DirtyDocument\n"
                f"print(DirtyDocument.objects.filter(doc_type='idea', obj_id={idea_id}).count())"
            )
        )

    def daphne(self, name: str, **extra: str) -> Daphne:
        return Daphne(self.env | extra, self.base / f"daphne-{name}.log").start()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A migrated SQLite file with a member of Skellefteå, their API token and their idea
    ("Delad tråd"), made by `manage.py shell` processes."""
    env = project_env(
        tmp_path,
        EMAIL_URL="dummy://",
        THROTTLE_USER="100000/minute",
        THROTTLE_WRITE="100000/minute",
    )
    manage(env, "migrate", "--noinput")
    idea_id, _session, token = writer_and_idea(env)
    return Site(env, tmp_path, idea_id, token)


@pytest.fixture
def servers() -> Iterator[list[Daphne]]:
    """Daphne processes a test starts; stopped after it, their logs free of tracebacks."""
    started: list[Daphne] = []
    yield started
    for server in started:
        server.stop()
    for server in started:
        assert "Traceback" not in server.log(), server.log()


def call(server: Daphne, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def found(server: Daphne, token: str, q: str) -> list[int]:
    status, body = call(
        server, "GET", "/api/v1/search/?" + urlencode({"q": q, "type": "idea"}), token
    )
    assert status == 200, body
    return [hit["id"] for hit in body["results"]]


def timed_patch(server: Daphne, token: str, idea_id: int, title: str) -> float:
    started = time.monotonic()
    status, body = call(server, "PATCH", f"/api/v1/ideas/{idea_id}/", token, {"title": title})
    assert status == 200, body
    return time.monotonic() - started


def eventually(check: Callable[[], bool], what: str, within: float = CATCH_UP_SECONDS) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"after {within:.0f} s still not: {what}"
        time.sleep(0.05)


def test_a_process_that_exits_indexes_what_it_queued_first(
    site: Site, servers: list[Daphne]
) -> None:
    # The idea was made by `manage.py shell`, which ended right after: it indexed it first.
    assert site.queued(site.idea_id) == 0
    servers.append(site.daphne("a"))
    assert found(servers[0], site.token, "delad tråd") == [site.idea_id]


def test_a_write_answers_while_the_engine_hangs_and_the_change_waits_for_the_engine(
    site: Site, servers: list[Daphne]
) -> None:
    engine = HangingEngine().start()
    # Not in `servers`: its log holds the tracebacks of the failures it logged on purpose.
    hanging = site.daphne("hanging", ELASTICSEARCH_URL=engine.url)
    try:
        took = timed_patch(hanging, site.token, site.idea_id, "Snöröjning med app")
        assert took < 2, f"the write waited {took:.1f} s for the engine"
        eventually(lambda: len(engine.accepted) > 0, "the indexing thread asked the engine")
        took = timed_patch(hanging, site.token, site.idea_id, "Simskola för vuxna")
        assert took < 2, f"the second write waited {took:.1f} s for the engine"
        assert site.queued(site.idea_id) >= 2
    finally:
        engine.stop()  # the engine goes away for good: its address refuses connections
        hanging.stop()
    # The changes wait in the database while no process can index them.
    assert site.queued(site.idea_id) >= 2

    # The site comes back with an engine that answers (the database backend: no
    # Elasticsearch runs here). Its first write wakes its indexing thread, which indexes
    # everything waiting, oldest first.
    back = site.daphne("back")
    servers.append(back)
    assert found(back, site.token, "simskola") == []
    status, body = call(
        back, "POST", "/api/v1/ideas/", site.token, {"kind": "activity", "title": "Bokbuss"}
    )
    assert status == 201, body
    eventually(lambda: found(back, site.token, "simskola") == [site.idea_id], "the edit is found")
    eventually(lambda: found(back, site.token, "bokbuss") == [body["id"]], "the new idea is found")
    assert found(back, site.token, "delad tråd") == []
    assert site.queued(site.idea_id) == 0


def test_two_processes_drain_one_queue_and_the_index_ends_with_the_last_commit(
    site: Site, servers: list[Daphne]
) -> None:
    servers.extend([site.daphne("one"), site.daphne("two")])
    titles = [
        "Läxhjälp på nätet",
        "Bokbuss till byarna",
        "Simskola för vuxna",
        "Snöröjning med app",
        "Felanmälan av gatlampor",
        "Trygghetslarm för äldre",
    ]
    for n, title in enumerate(titles):  # back to back, through one process then the other
        timed_patch(servers[n % 2], site.token, site.idea_id, title)
    for server in servers:
        eventually(
            lambda server=server: found(server, site.token, "trygghetslarm") == [site.idea_id],
            "the last edit is found",
        )
    for word in ("läxhjälp", "bokbuss", "simskola", "snöröjning", "felanmälan"):
        assert found(servers[0], site.token, word) == [], word
    eventually(lambda: site.queued(site.idea_id) == 0, "the queue is empty")


# Commits a new title and dies before anything else runs after the commit: the callback
# registered first runs first, so the process is gone before its indexing thread is woken.
DIE_AFTER_COMMIT = """
import os
from django.db import transaction
from ideas.models import Idea
with transaction.atomic():
    transaction.on_commit(lambda: os._exit(0))
    idea = Idea.objects.get(pk={idea_id})
    idea.title = "Simskola för vuxna"
    idea.save()
"""


def test_the_change_of_a_process_that_died_after_its_commit_is_indexed_by_the_next_drain(
    site: Site, servers: list[Daphne]
) -> None:
    site.shell(DIE_AFTER_COMMIT.format(idea_id=site.idea_id))
    assert site.queued(site.idea_id) >= 1  # committed with the change, never drained
    server = site.daphne("next")
    servers.append(server)
    assert found(server, site.token, "simskola") == []
    # Another change, of another idea, in a process that lives: its drain takes everything.
    status, body = call(
        server, "POST", "/api/v1/ideas/", site.token, {"kind": "activity", "title": "Bokbuss"}
    )
    assert status == 201, body
    eventually(lambda: found(server, site.token, "simskola") == [site.idea_id], "it is found")
    assert site.queued(site.idea_id) == 0

"""How the matrix checks an answer: requests that are rolled back (`request`), a collector
of every problem one test finds (`Leaks`: no marker of a hidden object, no JSON reference to
one), reads as one persona (`Reader`) and the whole walk of one operation for one persona
(`check_operation`: a missing id, every hidden object answered exactly like it, the table's
status for the visible ones). Test modules use these; they hold no expectations of their own.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from openpyxl import load_workbook

from ideas.opendata import XLSX_CONTENT_TYPE
from tests.security.visibility.table import (
    OBJECT_KEYS,
    SEARCHABLE_TYPES,
    TYPE_OF_KIND,
    expected_status,
    kind_of,
    visible,
)
from tests.security.visibility.world import MISSING_ID, VISIBILITIES, World, marker

# --- Helpers ----------------------------------------------------------------------------


@contextmanager
def rolled_back() -> Iterator[None]:
    """A write that happens for real and is then undone: the test client runs in this thread
    and on this connection, so the whole request is inside the transaction."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def request(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if method == "GET":
        return client.get(url)
    with rolled_back():
        if method == "DELETE" and body is None:
            return client.delete(url)
        return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def content(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        data = response.content
    if response.get("Content-Type") == XLSX_CONTENT_TYPE:
        return _xlsx_as_csv(data)
    return data.decode("utf-8", errors="replace")


def _xlsx_as_csv(data: bytes) -> str:
    """The cells of a workbook as CSV text: what the leak scan and the row checks read (the
    file itself is compressed and carries the time it was written)."""
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    buffer = io.StringIO()
    csv.writer(buffer).writerows(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    return buffer.getvalue()


@dataclass
class Leaks:
    """Collects every failure of one test, so that its report lists them all at once, and
    checks each answer for traces of what the persona may not see."""

    world: World
    found: list[str] = field(default_factory=list)

    def hidden_keys(self, persona: str) -> list[str]:
        return [k for k in OBJECT_KEYS if not visible(persona, k)]

    def hidden_ids(self, persona: str, object_type: str) -> set[int]:
        return {
            self.world.id(k)
            for k in self.hidden_keys(persona)
            if k.startswith(TYPES_PREFIX[object_type])
        }

    def status(self, what: str, response: Any, want: int) -> None:
        if response.status_code != want:
            self.found.append(f"{what}: {response.status_code}, expected {want}")

    def scan(self, what: str, persona: str, response: Any) -> str:
        """No marker of a hidden object in the body; no JSON field refers to one."""
        body = content(response)
        for key in self.hidden_keys(persona):
            if marker(key) in body:
                self.found.append(f"{what}: shows hidden {key} to {persona}")
        if response.get("Content-Type", "").startswith("application/json") and body:
            self.references(what, persona, json.loads(body))
        return body

    def references(self, what: str, persona: str, data: Any) -> None:
        if isinstance(data, list):
            for item in data:
                self.references(what, persona, item)
            return
        if not isinstance(data, dict):
            return
        refs: list[tuple[str, Any]] = [
            (REFERENCE_FIELDS[name], value)
            for name, value in data.items()
            if name in REFERENCE_FIELDS
        ]
        if data.get("type") in SEARCHABLE_TYPES and "id" in data:
            refs.append((data["type"], data["id"]))
        for object_type, value in refs:
            if isinstance(value, int) and value in self.hidden_ids(persona, object_type):
                self.found.append(
                    f"{what}: refers to hidden {object_type} {value} for {persona}: {data}"
                )
        for value in data.values():
            self.references(what, persona, value)

    def report(self) -> None:
        assert not self.found, f"{len(self.found)} problems:\n" + "\n".join(self.found)


TYPES_PREFIX = {
    "idea": ("idea:",),
    "prototype": ("prototype-",),
    "round": ("round-",),
    "finding": ("finding-",),
    "comment": ("comment:",),
}
#: JSON fields that hold the id of another object.
REFERENCE_FIELDS = {
    "idea": "idea",
    "idea_id": "idea",
    "prototype": "prototype",
    "addressed_in": "prototype",
    "round": "round",
    "parent": "comment",
    "root": "comment",
}


def fill(template: str, params: dict[str, str], world: World, key: str | None) -> str:
    """The URL of `template` for the object `key`, or for a missing id (key None). Each
    placeholder takes the object's own id ("self"), its idea's ("idea") or its screenshot's
    ("image"). Nested URLs of a missing object keep a parent everyone sees."""
    values: dict[str, int] = {}
    for name, source in params.items():
        if key is None:
            values[name] = world.id("idea:public") if source == "idea" else MISSING_ID
        elif source == "self":
            values[name] = world.id(key)
        elif source == "image":
            values[name] = world.images[key].pk
        else:
            values[name] = world.id(f"idea:{key.split(':')[1]}")
    return template.format(**values)


def foreign_parent(template: str, params: dict[str, str], world: World, key: str) -> str | None:
    """For a nested URL of a hidden object: the object under a parent everyone sees that is
    not its own (its id under the public idea; its screenshot under the public prototype)."""
    sources = set(params.values())
    if "idea" in sources:
        parent = {"self": world.id(key), "idea": world.id("idea:public")}
    elif "image" in sources:
        parent = {"self": world.id("prototype-open:public"), "image": world.images[key].pk}
    else:
        return None
    return template.format(**{name: parent[source] for name, source in params.items()})


def check_operation(
    leaks: Leaks,
    world: World,
    persona: str,
    method: str,
    template: str,
    object_type: str,
    rows: dict[str, str],
    params: dict[str, str],
    body: dict[str, Any] | None,
    *,
    visible_without_row: bool = True,
) -> None:
    """One operation for one persona: on a missing id, on every object of its type hidden from
    them (answered exactly like the missing id), on the visible ones with a table row (the
    row's status) and, with `visible_without_row`, on the other visible ones (no 5xx)."""
    client = world.client(persona)
    missing = request(client, method, fill(template, params, world, None), body)
    leaks.scan(f"{persona} {method} {template} (missing id)", persona, missing)
    # 405: the route does not take this method, whatever the id.
    if persona != "anonymous" and missing.status_code not in (404, 405):
        leaks.found.append(f"{persona} {method} {template}: a missing id is {missing.status_code}")
    for key in (k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] == object_type):
        if visible(persona, key) and kind_of(key) not in rows and not visible_without_row:
            continue
        url = fill(template, params, world, key)
        what = f"{persona} {method} {url} [{key}]"
        response = request(client, method, url, body)
        leaks.scan(what, persona, response)
        if not visible(persona, key):
            # Exactly what a missing id gets: the object's existence does not show.
            leaks.status(what + " hidden", response, missing.status_code)
            if other := foreign_parent(template, params, world, key):
                crossed = request(client, method, other, body)
                what = f"{persona} {method} {other} [{key} under idea:public]"
                leaks.scan(what, persona, crossed)
                leaks.status(what, crossed, missing.status_code)
        elif kind_of(key) in rows:
            leaks.status(what, response, expected_status(rows[kind_of(key)], key, persona))
        elif response.status_code >= 500:
            leaks.found.append(f"{what}: {response.status_code} for a visible object")


def visible_ids(world: World, persona: str, *kinds: str) -> set[int]:
    return {
        world.id(f"{kind}:{v}")
        for kind in kinds
        for v in VISIBILITIES
        if visible(persona, f"{kind}:{v}")
    }


def searchable(persona: str) -> set[str]:
    return {
        k
        for k in OBJECT_KEYS
        if TYPE_OF_KIND[kind_of(k)] in SEARCHABLE_TYPES and visible(persona, k)
    }


def hit_key(world: World, hit: dict[str, Any]) -> str:
    for key in OBJECT_KEYS:
        if TYPE_OF_KIND[kind_of(key)] == hit["type"] and world.id(key) == hit["id"]:
            return key
    return f"{hit['type']}:{hit['id']} (not of the world)"


class Reader:
    """GETs as one persona: every answer scanned for leaks, JSON returned."""

    def __init__(self, world: World, persona: str, leaks: Leaks) -> None:
        self.world, self.persona, self.leaks = world, persona, leaks
        self.client = world.client(persona)

    def get(self, url: str, want: int = 200, **params: Any) -> Any:
        response = self.client.get(url, params)
        what = f"{self.persona} GET {url} {params or ''}"
        body = self.leaks.scan(what, self.persona, response)
        self.leaks.status(what, response, want)
        return response, body

    def json(self, url: str, **params: Any) -> Any:
        response, body = self.get(url, **params)
        return json.loads(body) if response.status_code == 200 else {"results": [], "count": -1}

    def same(self, what: str, got: Any, want: Any) -> None:
        if got != want:
            self.leaks.found.append(f"{self.persona} {what}: got {got}, expected {want}")

"""References in what people send: naming a hidden object in a write (a comment's prototype
or parent, a finding's version) gets the answer a missing id gets, word for word. A new write
field that names another object joins REFERENCES."""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.visibility.checks import Leaks, content, request
from tests.security.visibility.table import OBJECT_KEYS, TYPE_OF_KIND, kind_of, visible
from tests.security.visibility.world import MISSING_ID, PERSONAS, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


#: Writes that name another object: (path, the object in the path, the field, the rest of the body).
REFERENCES = [
    ("/api/v1/ideas/{id}/comments/", "idea:public", "prototype", {"body": "Om versionen"}),
    ("/api/v1/ideas/{id}/comments/", "idea:public", "parent", {"body": "Svar"}),
    (
        "/api/v1/test-rounds/{id}/findings/",
        "round-recruiting:public",
        "addressed_in",
        {"severity": "minor", "description": "Fynd"},
    ),
    ("/api/v1/findings/{id}/", "finding-closed:public", "addressed_in", {}),
]


def _normalised(response: Any, *ids: int) -> tuple[int, str]:
    text = content(response)
    for value in ids:
        text = text.replace(str(value), "<id>")
    return response.status_code, text


def test_a_reference_to_a_hidden_object_is_answered_like_a_missing_one(world: World) -> None:
    """Naming a hidden object in a write gets the answer a missing id gets, word for word."""
    leaks = Leaks(world)
    referred = {"prototype": "prototype", "addressed_in": "prototype", "parent": "comment"}
    for path, target, name, body in REFERENCES:
        url = path.format(id=world.id(target))
        method = "PATCH" if path.startswith("/api/v1/findings/") else "POST"
        for persona in PERSONAS[1:]:
            missing = request(world.client(persona), method, url, {**body, name: MISSING_ID})
            want = _normalised(missing, MISSING_ID)
            hidden = [
                k
                for k in OBJECT_KEYS
                if TYPE_OF_KIND[kind_of(k)] == referred[name] and not visible(persona, k)
            ]
            for key in hidden:
                response = request(
                    world.client(persona), method, url, {**body, name: world.id(key)}
                )
                got = _normalised(response, world.id(key))
                if got != want:
                    leaks.found.append(
                        f"{persona} {method} {url} {name}={key}: {got}, a missing id gets {want}"
                    )
    leaks.report()

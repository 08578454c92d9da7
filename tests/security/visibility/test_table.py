"""The table itself (every object has its `see` row, hidden objects are 404, every row is
used) and nothing left out: every operation of the API's schema and every page of the URL
conf is walked by the matrix (api_routes.py, page_routes.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.security.visibility.api_routes import GLOBAL_OPS, LIST_OPS, OBJECT_OPS
from tests.security.visibility.page_routes import FRONTEND_ROUTES, GLOBAL_PAGES, OBJECT_PAGES
from tests.security.visibility.table import EXPECTED, OBJECT_KEYS, visible
from tests.security.visibility.world import VISIBILITIES, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


# --- The table itself -------------------------------------------------------------------


def test_the_table_has_a_see_row_for_every_object() -> None:
    assert {target for (action, target, _p) in EXPECTED if action == "see"} == set(OBJECT_KEYS)


def test_the_table_answers_404_for_every_hidden_object() -> None:
    wrong = [
        f"{action} {target} {persona}: {cell}"
        for (action, target, persona), cell in EXPECTED.items()
        if action != "see"
        and target in OBJECT_KEYS
        and not visible(persona, target)
        and cell not in ("404", "401")
    ]
    assert not wrong, "a hidden object must be 404 (401 before signing in):\n" + "\n".join(wrong)


def test_every_table_row_is_used() -> None:
    used = {("see", k) for k in OBJECT_KEYS}
    for op in OBJECT_OPS:
        for kind, action in op.rows.items():
            used |= {(action, f"{kind}:{v}") for v in VISIBILITIES}
    for page in OBJECT_PAGES:
        for kind, action in page.rows.items():
            used |= {(action, f"{kind}:{v}") for v in VISIBILITIES}
    used |= {(g.action, g.target) for g in GLOBAL_OPS}
    assert {(a, t) for (a, t, _p) in EXPECTED} == used


# --- Nothing is left out ----------------------------------------------------------------


def test_every_api_operation_is_in_the_matrix(world: World) -> None:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    methods = {"get", "post", "put", "patch", "delete"}
    in_schema = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    }
    covered = (
        {(op.method, op.path) for op in OBJECT_OPS}
        | {(op.method, op.path) for op in GLOBAL_OPS}
        | LIST_OPS
    )
    assert in_schema - covered == set(), "API operations the matrix does not walk"
    assert covered - in_schema == set(), "the matrix walks operations the API no longer has"


def test_every_page_is_in_the_matrix() -> None:
    names = set(FRONTEND_ROUTES)
    covered = {page.name for page in OBJECT_PAGES} | GLOBAL_PAGES
    assert names - covered == set(), "pages the matrix does not walk"
    assert covered - names == set(), "the matrix walks pages that no longer exist"

"""Every API operation on an object (api_routes.OBJECT_OPS) and about none
(api_routes.GLOBAL_OPS), for every persona: the table's status, and a hidden object answered
exactly like a missing id, also under a parent everyone sees."""

from __future__ import annotations

import pytest

from tests.security.visibility.api_routes import GLOBAL_OPS, OBJECT_OPS, GlobalOp, Op
from tests.security.visibility.checks import Leaks, check_operation, request
from tests.security.visibility.table import expected_status
from tests.security.visibility.world import PERSONAS, World

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


# --- Every object operation, every persona ----------------------------------------------


@pytest.mark.parametrize("op", OBJECT_OPS, ids=str)
def test_api_operation(world: World, op: Op) -> None:
    leaks = Leaks(world)
    # Operations without a row (their answers depend on state, not on who may see what) are
    # still tried on every visible object: never a server error.
    visible_without_row = not op.rows
    for persona in PERSONAS:
        check_operation(
            leaks,
            world,
            persona,
            op.method,
            op.path,
            op.type,
            op.rows,
            op.params,
            op.body,
            visible_without_row=visible_without_row,
        )
    leaks.report()


@pytest.mark.parametrize("op", GLOBAL_OPS, ids=str)
def test_api_operation_without_an_object(world: World, op: GlobalOp) -> None:
    leaks = Leaks(world)
    url = op.path.replace("{slug}", "skelleftea")
    for persona in PERSONAS:
        response = request(world.client(persona), op.method, url, op.body)
        leaks.scan(f"{persona} {op}", persona, response)
        leaks.status(f"{persona} {op}", response, expected_status(op.action, op.target, persona))
    leaks.report()

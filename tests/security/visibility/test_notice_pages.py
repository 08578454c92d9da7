"""The privacy notice and the accessibility statement's report form (issue 16): public pages
about no object. Every persona reads them and may report a problem to the platform staff
(signed in or not); nothing about any idea is on them, and bad input is refused."""

from __future__ import annotations

import pytest

from tests.security.visibility.checks import Leaks, Reader, rolled_back
from tests.security.visibility.world import PERSONAS, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_notice_pages_answer_every_persona(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    read.get("/integritet/")
    read.get("/tillganglighet/")
    client = world.client(persona)
    for data, want in (
        ({"description": f"Problem från {persona}"}, 302),
        ({"description": ""}, 400),
    ):
        with rolled_back():
            response = client.post("/tillganglighet/", data)
            leaks.scan(f"{persona} POST /tillganglighet/", persona, response)
            leaks.status(f"{persona} POST /tillganglighet/ {data}", response, want)
    leaks.report()

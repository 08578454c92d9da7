"""Who writes (the demo people), the helpers that fill and send the pages' forms, and the
`World`: the ids of what was written (the fixture that writes it is in conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from tests.browser.xss.guard import Guard

MEMBER = "erik.nilsson@skelleftea.example"  # member of Skellefteå: writes the idea and the round
ADOPTER = "maria.persson@krokom.example"  # coordinator in Krokom: records the reuse
CITIZEN = "greta.medborgare@example.org"  # citizen: follows, tests, gives feedback, replies
STAFF = "admin@delahub.example"  # platform staff: moderates
ORIGINAL_NAMES = {MEMBER: "Erik Nilsson", CITIZEN: "Greta"}

# A 1×1 PNG for the prototype screenshot.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def form_of(page: Page, field_name: str) -> Any:
    """The form that holds the field named `field_name`."""
    return page.locator("form", has=page.locator(f"[name={field_name}]"))


def submit(page: Page, field_name: str, button: str | None = None) -> None:
    """Submit the form holding `field_name` (with the submit button named `button`, if
    there are several) and wait for the answer."""
    form = form_of(page, field_name)
    target = (
        form.get_by_role("button", name=button)
        if button
        else form.locator("button[type=submit]").first
    )
    with page.expect_navigation():
        target.click()


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)


def number(pattern: str, url: str) -> int:
    found = re.search(pattern, url)
    assert found, f"{pattern} not in {url}"
    return int(found.group(1))


@dataclass
class World:
    guards: dict[str, Guard]
    idea: int
    prototype: int
    round: int
    finding: int
    comment: int
    tag_slug: str

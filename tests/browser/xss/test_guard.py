"""The guard would catch a payload: markup put into a page by hand is reported."""

from __future__ import annotations

import pytest

from tests.browser.xss.world import World


def test_the_guard_notices_markup_that_reached_the_page(world: World) -> None:
    """The guard's checks would catch a payload: one put into the page by hand is blocked by
    the CSP, reported to the listener and found as an element."""
    guard = world.guards["anonymous"].visit("/")
    guard.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=x onerror=\"window.__xss=1\">')"
    )
    with pytest.raises(AssertionError, match="CSP violations .*script-src"):
        guard.check()
    with pytest.raises(AssertionError, match="markup from a payload"):
        guard.page.evaluate("window.__xssViolations = []")
        guard.check()

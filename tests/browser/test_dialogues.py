"""The dialogue page in Chromium, by keyboard alone: a resident answers, chooses a village
from the list and consents, or sets a point with the arrow keys on the focused map; the new
contribution is listed. (axe and 320 px for every dialogue page: tests/browser/pages.py.)"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in


def _dialogue_url(page: Page) -> str:
    page.goto("/dialoger/")
    link = page.locator(".card-list h2 a", has_text="Sätt din plats på kartan")
    return str(link.get_attribute("href"))


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_resident_contributes_by_keyboard_only_choosing_a_village(page: Page) -> None:
    sign_in(page, "ali.medborgare@example.org", DEMO_PASSWORD)
    url = _dialogue_url(page)
    page.goto(url)
    _tab_to(page, "textarea[name=answer_0]")
    page.keyboard.type("Tystnaden och sjön utanför köksfönstret.")
    _tab_to(page, "select[name=village]")
    page.keyboard.type("Laxsjö")
    expect(page.locator("select[name=village]")).to_have_value("Laxsjö")
    _tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    _tab_to(page, "form[data-contribution-form] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(url)
    expect(page.get_by_text("Tack! Ditt bidrag är tillagt.")).to_be_visible()
    first = page.locator("[data-contribution-list] li").first
    expect(first).to_contain_text("Tystnaden och sjön utanför köksfönstret.")
    expect(first).to_contain_text("Föllinge-Laxsjö")
    assert_accessible(page)


def test_the_map_sets_a_point_with_the_arrow_keys(page: Page) -> None:
    sign_in(page, "ali.medborgare@example.org", DEMO_PASSWORD)
    page.goto(_dialogue_url(page))
    _tab_to(page, "[data-map-picker]")
    expect(page.locator("[data-map-picker]")).to_be_focused()
    page.keyboard.press("ArrowRight")
    x = page.locator("input[name=map_x]").input_value()
    assert x, "the arrow key set a point"
    page.keyboard.press("ArrowRight")
    assert float(page.locator("input[name=map_x]").input_value()) > float(x)
    expect(page.locator("[data-point-status]")).to_have_text("En punkt på kartan är vald.")
    page.keyboard.press("Escape")
    assert page.locator("input[name=map_x]").input_value() == ""
    assert_accessible(page)

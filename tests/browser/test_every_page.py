"""Every page (tests/browser/pages.py), in Swedish and in English, as each kind of person
who meets it: axe-core's WCAG 2.2 A/AA rules find nothing; at 320 CSS px nothing makes the
page scroll sideways (WCAG 1.4.10 Reflow: 1280 px at 400 % zoom); checkboxes and radio
buttons keep their size; the header keeps its two rows (brand and tools, then the menu)
at common desktop widths.

One live site, one browser, one page world (tests/browser/page_world.py) and one browser
context per person and language for the whole module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.conftest import axe_report, axe_results, axe_violations
from tests.browser.pages import (
    REAUTHENTICATE,
    SIGN_IN_UP_TO_SECOND_FACTOR,
    VISITOR,
    Case,
    cases,
)
from tests.live import LiveSite

World = dict[str, Any]

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
NARROW: ViewportSize = {"width": 320, "height": 640}
CONTROL_SIZE = 20  # px: checkboxes and radio buttons are 1.25rem square everywhere


@pytest.fixture(scope="module")
def world(live_site: LiveSite) -> World:
    output = live_site.shell(
        "import json; from tests.browser.page_world import build; print(json.dumps(build()))"
    )
    built: World = json.loads(output.strip().splitlines()[-1])
    live_site.manage("search_reindex", "--no-progress")  # the search page has results
    return built


class Tabs:
    """One tab per person and language, made when first needed and kept for the module: the
    browser asks for the language and the language cookie is set (as after the site's
    language switch); a persona's tab carries the page world's signed-in session."""

    def __init__(self, browser: Browser, live_site: LiveSite, world: World) -> None:
        self.browser = browser
        self.live_site = live_site
        self.world = world
        self.contexts: list[BrowserContext] = []
        self.tabs: dict[tuple[str, str], Page] = {}

    def fresh(self, language: str) -> Page:
        """A new tab with no session, in `language`."""
        context = self.browser.new_context(
            base_url=self.live_site.url,
            locale="sv-SE" if language == "sv" else "en-GB",
            viewport=DESKTOP,
        )
        context.set_default_timeout(15_000)
        cookie = {"name": "django_language", "value": language, "url": self.live_site.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        self.contexts.append(context)
        return context.new_page()

    def of(self, persona: str, language: str) -> Page:
        """The persona's tab in `language`."""
        if (persona, language) not in self.tabs:
            page = self.fresh(language)
            if persona != VISITOR:
                session = self.world["sessions"][persona]
                cookie = {"name": "sessionid", "value": session, "url": self.live_site.url}
                page.context.add_cookies([cookie])  # type: ignore[list-item]
            self.tabs[persona, language] = page
        return self.tabs[persona, language]

    @staticmethod
    def goto(page: Page, path: str, language: str) -> Any:
        """Open `path` in `language`. A signed-in person's pages follow their profile's
        language, not the cookie: when the page comes in the other language, the tab
        switches it with the site's own switch (which saves it in the profile) and opens the
        page again."""
        response = page.goto(path)
        if page.locator("html").get_attribute("lang") != language:
            switch = page.locator(f".language-form button[value={language}]")
            if switch.count():
                with page.expect_navigation():
                    switch.click()
                response = page.goto(path)
        return response

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture(scope="module")
def tabs(browser: Browser, live_site: LiveSite, world: World) -> Iterator[Tabs]:
    opened = Tabs(browser, live_site, world)
    yield opened
    opened.close()


def arrive(case: Case, world: World, tabs: Tabs, viewport: ViewportSize) -> Page:
    """Open the case's page in a window of `viewport` as its person would reach it; checks
    the status and that the page is the one asked for (not a sign-in page or an error)."""
    path = case.path(world)
    visit = case.visit
    if visit.before == SIGN_IN_UP_TO_SECOND_FACTOR:
        # A fresh tab: the password step of the sign-in, which then asks for the code.
        page = tabs.fresh(case.language)
        page.set_viewport_size(viewport)
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(world["emails"][case.persona])
        page.locator("#id_password").fill(world["password"])
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{path}")
    elif visit.before == REAUTHENTICATE:
        page = tabs.of(case.persona, case.language)
        page.set_viewport_size(viewport)
        tabs.goto(page, "/", case.language)  # the profile's language first
        page.goto(f"/accounts/reauthenticate/?next={path}")
        page.locator("#id_password").fill(world["password"])
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{path}")
    else:
        page = tabs.of(case.persona, case.language)
        page.set_viewport_size(viewport)
        response = tabs.goto(page, path, case.language)
        assert response is not None
        assert response.status == visit.status, f"{path} as {case.persona}: {response.status}"
    expected = visit.lands_on or re.escape(urlsplit(path).path)
    assert re.fullmatch(expected, urlsplit(page.url).path), f"{path} ended on {page.url}"
    if visit.ready:
        page.locator(visit.ready).first.wait_for()
    expect(page.locator("html")).to_have_attribute("lang", case.language)
    return page


def test_the_axe_check_includes_wcag_22_target_size(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>Small targets</title></head><body><main><h1>Links</h1>'
        '<div><a href="#a" style="font-size:9px">a</a></div>'
        '<div><a href="#b" style="font-size:9px">b</a></div></main></body></html>'
    )
    assert "target-size" in axe_violations(page)
    page.close()


@pytest.mark.parametrize("case", list(cases()), ids=lambda case: case.id)
def test_page_passes_axe_wcag_22_aa(case: Case, world: World, tabs: Tabs) -> None:
    page = arrive(case, world, tabs, DESKTOP)
    results = axe_results(page)
    known = case.visit.known_violations
    violations = [v for v in results["violations"] if v["id"] not in known]
    assert violations == [], f"{page.url}:\n{axe_report(violations)}"
    # Contrast axe could not measure (text over a positioned shape, an image, …) is not
    # known to meet 4.5:1: the site's own pages leave none in their HTML. (Text inside a
    # chart's SVG is drawn in fixed colours on white, frontend/static/frontend/css/
    # prototypes.css; axe never measures SVG text.)
    if not known:
        unsure = [
            {**v, "nodes": [n for n in v["nodes"] if not in_svg(page, n)]}
            for v in results["incomplete"]
            if v["id"] == "color-contrast"
        ]
        unsure = [v for v in unsure if v["nodes"]]
        assert unsure == [], f"{page.url} (contrast not measurable):\n{axe_report(unsure)}"


def in_svg(page: Page, node: dict[str, Any]) -> bool:
    """Whether an axe result's element is drawn inside an <svg>."""
    selector = node["target"][-1]
    return bool(page.locator(selector).first.evaluate("e => e.closest('svg') !== null"))


# What makes a page wider than the window: every element that reaches past its right edge
# outside a box that scrolls (or clips) on its own, outermost only; and every box that does
# scroll sideways but cannot be reached by keyboard or has no name for a screen reader.
# Checkboxes and radio buttons of another size than the site's are listed as well.
LAYOUT_PROBLEMS = """
(controlSize) => {
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    const classes = typeof el.className === "string" ? el.className.trim() : "";
    if (classes) text += "." + classes.split(/\\s+/).join(".");
    return text;
  };
  // The nearest box, from `el` up, that scrolls or clips what is wider than itself.
  const ownBox = (el) => {
    for (let box = el; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return box;
    }
    return null;
  };
  const problems = new Set();
  const reported = new Set();
  const check = (node, container, rect, what) => {
    if (rect.right <= width + 0.5 || (rect.width === 0 && rect.height === 0)) return;
    const box = ownBox(container);
    if (box === null) {
      if (!reported.has(container)) {
        problems.add(`${what} reaches ${Math.round(rect.right)} px of ${width}`);
      }
      reported.add(node);
    } else if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)
               && box.scrollWidth > box.clientWidth) {
      const named = box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby");
      if (box.tabIndex < 0 || !named) {
        problems.add(`${describe(box)} scrolls sideways but is not a focusable, named region`);
      }
    }
  };
  for (const el of document.body.querySelectorAll("*")) {
    check(el, el.parentElement, el.getBoundingClientRect(), describe(el));
  }
  // Text wider than its element (a long address, a long word) overflows the element's box.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim()) continue;
    range.selectNodeContents(text);
    const where = `"${text.data.trim().slice(0, 40)}" in ${describe(text.parentElement)}`;
    check(text, text.parentElement, range.getBoundingClientRect(), where);
  }
  for (const control of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    const rect = control.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (Math.round(rect.width) !== controlSize || Math.round(rect.height) !== controlSize) {
      problems.add(`${describe(control)} is ${rect.width} x ${rect.height} px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, problems: [...problems]};
}
"""


@pytest.mark.parametrize("case", list(cases()), ids=lambda case: case.id)
def test_page_reflows_at_320_px_without_sideways_scrolling(
    case: Case, world: World, tabs: Tabs
) -> None:
    """WCAG 1.4.10: at 320 CSS px (1280 px zoomed to 400 %) nothing but a table or code
    block that scrolls in its own focusable box is wider than the window; checkboxes and
    radio buttons keep their size however long their label."""
    page = arrive(case, world, tabs, NARROW)
    found = page.evaluate(LAYOUT_PROBLEMS, CONTROL_SIZE)
    assert not found["problems"], f"{page.url}:\n" + "\n".join(found["problems"])
    assert found["scrollWidth"] <= NARROW["width"], page.url


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("persona", [VISITOR, "citizen", "staff"])
def test_header_keeps_its_two_rows_at_desktop_widths(
    persona: str, language: str, world: World, tabs: Tabs
) -> None:
    """The brand and the tools (language, account, notifications with their unread count,
    sign out) share the first row, and the menu is one row of its own below them, at 1024,
    1280 and 1366 CSS px."""
    page = tabs.of(persona, language)
    for width in (1024, 1280, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        tabs.goto(page, "/testa/", language)  # the longest menu entry in bold
        for selector in (".brand, .header-tools > *", ".site-nav li"):
            rows = page.evaluate(
                """(selector) => [...document.querySelectorAll(selector)].map(el => {
                     const rect = el.getBoundingClientRect();
                     return [el.textContent.trim(), rect.top, rect.bottom];
                   })""",
                selector,
            )
            top = max(row[1] for row in rows)
            bottom = min(row[2] for row in rows)
            assert top < bottom, f"at {width} px the header wraps ({selector}): {rows}"
        menu_top = min(row[1] for row in rows)
        tools = page.evaluate(
            "() => document.querySelector('.header-tools').getBoundingClientRect().bottom"
        )
        assert menu_top >= tools, f"at {width} px the menu is not below the tools"

"""The maps in Chromium: /karta/ and the small maps pass axe, reflow at 320 CSS pixels, and
every municipality is reached, named and opened by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

# The demo data: Krokom shares ideas and reuses others'; Skellefteå runs test rounds.
PAGES = (
    "/karta/",
    "/karta/?measure=adoptions&county=23",
    "/karta/?measure=open_rounds",
    "/karta/?measure=places",
    "/organisationer/krokom/",
    "/organisationer/region-jamtland-harjedalen/",
)


def _right_edge(page: Page, selector: str) -> float:
    return float(
        page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().right")
    )


def test_the_map_pages_pass_axe_and_reflow_at_320_pixels(page: Page) -> None:
    for url in PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        expect(page.locator("svg.map").first).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width} px wide at 320"
        assert_accessible(page)


def test_the_idea_pages_map_passes_axe_and_fits_320_pixels(page: Page) -> None:
    page.goto("/ideer/")
    urls = [link.get_attribute("href") for link in page.locator(".card-list h2 a").all()[:2]]
    assert urls, "the demo has ideas"
    for url in urls:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(str(url))
        expect(page.locator(".idea-map svg.map")).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        # The map and its list (the rest of the idea page is other work's to reflow).
        assert _right_edge(page, ".idea-map") <= 320
        assert _right_edge(page, ".idea-map figcaption") <= 320


def test_every_municipality_on_the_map_is_a_named_link(page: Page) -> None:
    page.goto("/karta/")
    links = page.locator("svg.map a")
    expect(links).to_have_count(290)
    krokom = page.get_by_role("link", name=re.compile(r"^Krokom: \d+ idé(er)?$"))
    expect(krokom).to_have_count(1)
    expect(krokom).to_have_attribute("href", "/organisationer/krokom/")


def test_the_map_is_reached_and_used_by_keyboard_with_a_visible_focus(page: Page) -> None:
    page.goto("/karta/")
    skip = page.get_by_role("link", name="Hoppa över kartan: samma siffror i en tabell")
    # Tab from the filters' button: first the skip link, then the first municipality.
    page.get_by_role("button", name="Visa").focus()
    page.keyboard.press("Tab")
    if not skip.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")  # "Clear the filters" comes first when filters are set
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const a = document.activeElement;"
        " return {tag: a.tagName, svg: !!a.closest('svg.map'), href: a.getAttribute('href'),"
        " stroke: getComputedStyle(a.querySelector('path')).strokeWidth} }"
    )
    assert focused["tag"] == "a" and focused["svg"], focused
    assert focused["stroke"] == "4px", "the focused municipality is outlined"
    first = focused["href"]
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert second.startswith("/organisationer/") and second != first
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(second) + "$"))
    expect(page.get_by_role("heading", level=2, name="På kartan")).to_be_visible()


def test_the_skip_link_takes_the_keyboard_past_the_map_to_the_table(page: Page) -> None:
    page.goto("/karta/")
    skip = page.get_by_role("link", name="Hoppa över kartan: samma siffror i en tabell")
    skip.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#municipality-table$"))
    page.keyboard.press("Tab")
    # Next: the table's scrolling region (reachable for scrolling by keyboard) or its link.
    inside = page.evaluate(
        "!!document.activeElement.closest('#municipality-table')"
        " && !document.activeElement.closest('svg')"
    )
    assert inside


def test_the_map_works_without_javascript(browser, live_site) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_site.url, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/karta/")
        page.get_by_label("Kartan visar", exact=True).select_option("adoptions")
        page.get_by_label("Län", exact=True).select_option("23")
        page.get_by_role("button", name="Visa").click()
        expect(page).to_have_url(re.compile(r"measure=adoptions"))
        expect(page.locator("svg.map a")).to_have_count(8)
        expect(page.get_by_role("status")).to_contain_text("av 8 kommuner återanvänder")
    finally:
        context.close()


def test_a_place_page_passes_axe_reflows_and_names_its_distances(page: Page) -> None:
    """The demo's Sikås: its nearest shop is Hammerdal, about 7 km as the crow flies."""
    page.goto("/organisationer/stromsund/")
    page.get_by_role("link", name="Sikås Lanthandel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sikås Lanthandel")
    row = page.get_by_role("row", name=re.compile("Hammerdals Livs"))
    expect(row).to_contain_text("fågelvägen, SWEREF 99 TM")
    expect(row).to_contain_text(re.compile(r"7,\d km"))
    support = page.get_by_role("row", name=re.compile("Mer än 10 km"))
    expect(support).to_contain_text("Nej")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the place page is {width} px wide at 320"
    assert_accessible(page)
    # A safety point's checklist says what is missing in words.
    page.goto("/organisationer/krokom/")
    page.get_by_role("link", name="Ås Lanthandel – trygghetspunkt").click()
    expect(page.get_by_role("listitem").filter(has_text="Dricksvatten")).to_contain_text("saknas")
    assert_accessible(page)


def test_a_member_adds_changes_and_removes_a_place_without_javascript(browser, live_site) -> None:  # type: ignore[no-untyped-def]
    """Strömsund's demo member, with scripts off: the form's error summary takes the focus
    and names the municipality for a point outside it; fixed, the place is added, changed
    and removed after the confirmation page. (Gäddede is far from the demo's shops, so the
    other map tests' distances stay as they are even while it exists.) Axe needs scripts:
    the next test checks the form with its errors, the every-page table the rest."""
    from accounts.demo import DEMO_PASSWORD

    context = browser.new_context(base_url=live_site.url, locale="sv-SE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, "eva.lund@stromsund.example", DEMO_PASSWORD)
        page.goto("/organisationer/stromsund/")
        page.get_by_role("link", name="Lägg till en plats i Strömsund").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till en plats i Strömsund")
        page.get_by_label("Typ").select_option("safety_point")
        page.get_by_label("Namn", exact=True).fill("Gäddede Handel")
        page.get_by_label(re.compile(r"^By \(frivilligt\)$")).fill("Gäddede")
        # Föllinge's point: in Krokom, not in Strömsund.
        page.get_by_label("Longitud (öst)").fill("14,6160")
        page.get_by_label("Latitud (nord)").fill("63,6660")
        page.get_by_label("Reservkraft").check()
        page.get_by_role("button", name="Lägg till platsen").click()
        expect(page).to_have_title(re.compile(r"^Fel: "))
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Punkten ligger utanför Strömsund")
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the place form is {width} px wide at 320"
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_label("Longitud (öst)").fill("14,1500")
        page.get_by_label("Latitud (nord)").fill("64,5030")
        page.get_by_role("button", name="Lägg till platsen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Gäddede Handel")
        expect(page.get_by_role("listitem").filter(has_text="Reservkraft")).to_contain_text("ja")
        page.get_by_role("link", name="Redigera platsen").click()
        page.get_by_label("Namn", exact=True).fill("Gäddede Lanthandel")
        page.get_by_role("button", name="Spara platsen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Gäddede Lanthandel")
        page.get_by_role("link", name="Ta bort platsen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Ta bort platsen ”Gäddede Lanthandel”?"
        )
        page.get_by_role("button", name="Ta bort platsen").click()
        expect(page).to_have_url(re.compile(r"/organisationer/stromsund/$"))
        expect(page.get_by_role("link", name=re.compile("Gäddede"))).to_have_count(0)
    finally:
        context.close()


def test_the_place_form_with_errors_passes_axe_and_reflows(page: Page) -> None:
    from accounts.demo import DEMO_PASSWORD

    sign_in(page, "eva.lund@stromsund.example", DEMO_PASSWORD)
    page.goto("/organisationer/stromsund/platser/ny/")
    page.get_by_label("Longitud (öst)").fill("fjorton")
    page.get_by_role("button", name="Lägg till platsen").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_longitude_error")).to_contain_text("Skriv koordinaten som")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the place form is {width} px wide at 320"
    assert_accessible(page)

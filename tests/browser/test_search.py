"""Search in Chromium: query, facet filter, highlighted snippets, keyboard use, axe; and the
similar-ideas hint on the idea form while a title is typed."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveSite, assert_accessible, sign_in

MEMBER = "erik.nilsson@skelleftea.example"


def test_search_by_keyboard_filter_by_a_facet_and_see_highlights(
    page: Page, live_site: LiveSite
) -> None:
    live_site.manage("search_reindex", "--no-progress")
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    assert_accessible(page)

    box = page.get_by_label("Sök efter")
    box.focus()
    page.keyboard.type("ansökningar")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("träff")
    expect(page.locator(".hit-snippet mark").first).to_be_visible()
    expect(page.get_by_role("link", name="Ledighetsansökan", exact=True)).to_be_visible()
    assert_accessible(page)

    # Filter to ideas only with the keyboard: tick the checkbox and submit.
    ideas = page.locator("fieldset.facet", has_text="Innehållstyp").get_by_label("Idé")
    ideas.focus()
    page.keyboard.press("Space")
    expect(ideas).to_be_checked()
    page.get_by_role("button", name="Visa resultat").press("Enter")
    expect(page).to_have_url(re.compile(r"type=idea"))
    for label in page.locator(".hit-type").all_inner_texts():
        assert label == "Idé"
    expect(
        page.locator("fieldset.facet", has_text="Innehållstyp").get_by_label("Idé")
    ).to_be_checked()
    assert_accessible(page)


def test_suggestions_fill_the_datalist(page: Page, live_site: LiveSite) -> None:
    live_site.manage("search_reindex", "--no-progress")
    page.goto("/sok/")
    page.get_by_label("Sök efter").press_sequentially("ledig", delay=30)
    expect(page.locator("#search-suggestions option").first).to_have_attribute(
        "value", "Ledighetsansökan"
    )


def test_idea_form_tells_who_already_works_on_something_similar(
    page: Page, live_site: LiveSite
) -> None:
    live_site.manage("search_reindex", "--no-progress")
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.goto("/ideer/ny/")
    page.get_by_label("Rubrik", exact=True).press_sequentially("Service på landsbygden", delay=20)
    hint = page.locator("#similar-hint")
    expect(hint).to_contain_text("2 kommuner arbetar redan med något liknande")
    expect(hint.get_by_role("link").first).to_be_visible()
    assert_accessible(page)


def test_the_similar_hint_names_each_municipality_and_keeps_the_half_filled_form(
    page: Page, live_site: LiveSite
) -> None:
    live_site.manage("search_reindex", "--no-progress")
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.goto("/ideer/ny/")
    page.get_by_label("Sammanfattning").fill("Ett halvskrivet utkast")
    page.get_by_label("Rubrik", exact=True).press_sequentially("Service på landsbygden", delay=20)
    hint = page.locator("#similar-hint")
    expect(hint.locator("li").first).to_be_visible()
    items = [" ".join(t.split()) for t in hint.locator("li").all_inner_texts()]
    # Each idea with the municipality that works on it.
    assert any(t.endswith("– Krokom") for t in items), items
    assert any(t.endswith("– Bräcke") for t in items), items
    link = hint.get_by_role("link").first
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    expect(link).to_contain_text("öppnas i en ny flik")
    assert_accessible(page)

    with page.context.expect_page() as opened:
        link.click()
    other = opened.value
    other.wait_for_load_state()
    expect(other.get_by_role("heading", level=1)).to_be_visible()
    other.close()
    # The form is still there, as it was.
    expect(page).to_have_url(re.compile(r"/ideer/ny/$"))
    expect(page.get_by_label("Rubrik", exact=True)).to_have_value("Service på landsbygden")
    expect(page.get_by_label("Sammanfattning")).to_have_value("Ett halvskrivet utkast")


def test_the_page_says_what_search_did_with_the_words_and_offers_the_correction(
    page: Page, live_site: LiveSite
) -> None:
    live_site.manage("search_reindex", "--no-progress")
    page.goto("/sok/?q=ledighetsans%C3%B6kn")  # a typo of "ledighetsansökan"
    correction = page.locator(".search-note-correction")
    expect(correction).to_contain_text("Menade du")
    link = correction.get_by_role("link", name="ledighetsansökan")
    expect(link).to_be_visible()
    expect(page.get_by_role("link", name="Ledighetsansökan", exact=True)).to_be_visible()
    assert_accessible(page)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Sök efter")).to_have_value("ledighetsansökan")

    page.goto("/sok/?q=leave+request")  # English words the thesaurus knows
    expect(page.locator(".search-note").first).to_contain_text(
        "Innehållet på Delahub är på svenska"
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the notes make the page {width} px wide at 320"


def test_an_idea_shared_on_the_form_is_found_by_search_without_a_reindex(
    page: Page, live_site: LiveSite
) -> None:
    """The live Daphne indexes after the write, in its background thread: the idea is
    searchable moments after the form answers, with no `search_reindex`."""
    word = f"kvarnhjul{uuid.uuid4().hex[:6]}"
    title = f"Kvarnhjul i ån {word}"
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.goto("/ideer/ny/")
    page.get_by_label("Tjänstekoncept").check()
    page.get_by_label("Rubrik", exact=True).fill(title)
    page.get_by_label("Sammanfattning").fill("Ett gammalt kvarnhjul visar hur ån drev sågen.")
    page.get_by_label("Kategori").select_option(label="Kultur och fritid")
    page.get_by_label("Offentlig").check()
    page.get_by_role("button", name="Dela idén").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    deadline = time.monotonic() + 15
    while True:
        page.goto(f"/sok/?q={quote(word)}")
        if page.get_by_role("link", name=title, exact=True).count():
            break
        assert time.monotonic() < deadline, f"search did not find {title!r} within 15 s"
        page.wait_for_timeout(100)
    assert_accessible(page)


def test_on_a_phone_the_results_come_before_the_filters(
    browser: Browser, live_site: LiveSite
) -> None:
    context = browser.new_context(base_url=live_site.url, locale="sv-SE")
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/sok/?q=ledighet")
    results = page.locator(".search-results").bounding_box()
    filters = page.get_by_role("group", name="Innehållstyp").bounding_box()
    assert results and filters and results["y"] + results["height"] <= filters["y"]
    # From a tablet up, the filters stand to the left of the results.
    page.set_viewport_size({"width": 1024, "height": 800})
    results = page.locator(".search-results").bounding_box()
    filters = page.get_by_role("group", name="Innehållstyp").bounding_box()
    assert results and filters and filters["x"] + filters["width"] <= results["x"]
    context.close()


def test_the_filters_fold_away_and_back_without_javascript(
    browser: Browser, live_site: LiveSite
) -> None:
    context = browser.new_context(base_url=live_site.url, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto("/sok/?q=ledighet")
    type_filter = page.get_by_role("group", name="Innehållstyp")
    expect(type_filter).to_be_visible()
    page.get_by_role("heading", name="Filtrera resultatet").click()
    expect(type_filter).to_be_hidden()
    page.get_by_role("heading", name="Filtrera resultatet").click()
    expect(type_filter).to_be_visible()
    context.close()

"""The required pages in Chromium (issue 16): the privacy notice and the accessibility
statement, reached from the footer, pass axe in Swedish and English; the statement's form
reports a problem without JavaScript, and the report reaches the staff; the site's 404 page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveSite, assert_accessible


def test_the_footer_leads_to_the_privacy_notice_and_it_passes_axe(page: Page) -> None:
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Integritetsmeddelande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integritetsmeddelande")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert_accessible(page)


def test_the_accessibility_statement_and_the_404_page_pass_axe_in_both_languages(
    page: Page,
) -> None:
    for heading, not_found, switch in (
        ("Tillgänglighetsredogörelse", "Sidan finns inte", "English"),
        ("Accessibility statement", "Page not found", "Svenska"),
    ):
        page.goto("/tillganglighet/")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        response = page.goto("/ingen-sadan-sida/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(not_found)
        assert_accessible(page)
        page.get_by_role("button", name=switch).click()


def test_a_visitor_without_javascript_reports_a_problem_that_reaches_the_staff(
    browser: Browser, live_site: LiveSite
) -> None:
    context = browser.new_context(base_url=live_site.url, locale="sv-SE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/tillganglighet/")
        page.get_by_role("button", name="Skicka rapporten").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "Beskriv problemet, så att vi kan rätta det."
        )
        problem = "Knappen Följ går inte att nå med tangentbordet på idésidan."
        page.get_by_label("Vad fungerar inte?").fill(problem)
        page.get_by_label("Var på webbplatsen?").fill("/ideer/1/")
        page.get_by_label("Din e-postadress").fill("rapportor@example.org")
        page.get_by_role("button", name="Skicka rapporten").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Tack. Din rapport har kommit fram till plattformens personal"
        )
        expect(page).to_have_url(re.compile(r"/tillganglighet/$"))
    finally:
        context.close()
    mail = next(m for m in live_site.mails() if problem in m)
    assert "To: admin@delahub.example" in mail
    assert "Reply-To: rapportor@example.org" in mail

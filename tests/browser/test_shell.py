"""The shell's pages in Chromium: layout, keyboard, language switch, accounts, axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveSite, assert_accessible, axe_violations, sign_in
from tests.hub.test_openapi_document import AGREED_TAGS


def test_home_and_organisation_pages_pass_axe(page: Page) -> None:
    for url in (
        "/",
        "/organisationer/",
        "/organisationer/?county=19",
        "/organisationer/skinnskatteberg/",
        "/tillganglighet/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ):
        page.goto(url)
        assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_language_switch_to_english_and_back(page: Page) -> None:
    page.goto("/organisationer/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")


def test_county_filter_by_keyboard(page: Page) -> None:
    page.goto("/organisationer/")
    page.get_by_label("Län").select_option("19")
    page.get_by_label("Typ").select_option("municipality")
    page.get_by_role("button", name="Filtrera").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("10 organisationer")
    expect(page.get_by_role("link", name="Skinnskatteberg")).to_be_visible()


def test_sign_up_verify_email_sign_in_export_and_delete(page: Page, live_site: LiveSite) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("E-postadress").fill("nyinvanare@example.se")
    page.get_by_label("Lösenord", exact=True).fill("ett-bra-losenord-77")
    page.get_by_label("Lösenord (igen)").fill("ett-bra-losenord-77")
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Bekräfta|Verifiera"))
    mail = next(m for m in live_site.mails() if "nyinvanare@example.se" in m)
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mail)
    assert link, mail
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta").click()
    page.goto("/mitt-konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mina uppgifter").click()
    assert "nyinvanare@example.se" in download.value.path().read_text()
    page.get_by_label("Jag förstår att mitt konto").check()
    page.get_by_role("button", name="Radera mitt konto").click()
    expect(page.get_by_role("status")).to_contain_text("Ditt konto har raderats")
    sign_in(page, "nyinvanare@example.se", "ett-bra-losenord-77")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Mitt konto")


def test_demo_member_signs_in_and_sees_colleagues(page: Page) -> None:
    sign_in(page, "anna.lindberg@skelleftea.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    page.goto("/organisationer/skelleftea/")
    expect(page.get_by_text("Erik Nilsson")).to_be_visible()
    assert_accessible(page)


def test_mfa_page_is_in_the_layout_and_accessible(page: Page) -> None:
    sign_in(page, "erik.nilsson@skelleftea.example", DEMO_PASSWORD)
    page.goto("/accounts/2fa/")
    expect(page.locator(".skip-link")).to_have_count(1)
    assert_accessible(page)
    page.goto("/accounts/2fa/totp/activate/")
    assert_accessible(page)


def test_api_docs_render_offline_under_the_csp_and_pass_axe(page: Page) -> None:
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Delahub API")).to_be_visible()
    expect(page.get_by_text("/api/v1/organisations/", exact=True).first).to_be_visible()
    # Grouped by what the operations are about (SPECTACULAR_SETTINGS["TAGS"]), not one list.
    expect(page.locator("h3.opblock-tag").first).to_have_attribute("data-tag", "ideas")
    tags = page.locator("h3.opblock-tag").evaluate_all("els => els.map(e => e.dataset.tag)")
    assert tags == AGREED_TAGS
    assert blocked == []
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests), requests
    # Swagger UI (third-party, a developer tool) nests buttons in its operation rows, starts its
    # tag headings at h3 and renders its title outside its own <main>; our colour and language
    # fixes remove everything else. The accessibility statement lists these three as known
    # problems; anything new fails here.
    assert set(axe_violations(page)) <= {"nested-interactive", "heading-order", "region"}

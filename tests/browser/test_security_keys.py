"""Security keys in Chromium: a person adds one (Chromium's virtual authenticator, over
CDP) and is asked for it after the password; the pages pass axe, work by keyboard and run
under the CSP (allauth's static scripts, JSON data blocks, no inline script)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, CDPSession, ConsoleMessage, Page, expect

from tests.browser.conftest import LiveSite, assert_accessible, sign_in

EMAIL = "nyckel@example.se"
PASSWORD = "nyckel-losen-4711"  # noqa: S105 - a test person on the test site

SETUP = f"""
from allauth.account.models import EmailAddress
from accounts.models import User
user = User.objects.create_user({EMAIL!r}, {PASSWORD!r}, display_name="Nora Nyckel")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


@pytest.fixture
def named_page(browser: Browser, live_site: LiveSite) -> Iterator[Page]:
    """A fresh Swedish browser context on the live site by name (http://localhost:<port>),
    where WebAuthn works; recording script errors and CSP refusals."""
    context = browser.new_context(base_url=live_site.named_url, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()


def virtual_key(page: Page) -> tuple[CDPSession, str]:
    """A USB security key (CTAP2, with PIN check) plugged into this browser context."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def confirm_password(page: Page, password: str) -> None:
    """allauth asks for the password again before a key is added."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta att det är du")
    page.get_by_label("Lösenord").fill(password)
    page.get_by_label("Lösenord").press("Enter")


def test_a_person_adds_a_key_and_is_asked_for_it_after_the_password(
    named_page: Page, live_site: LiveSite
) -> None:
    page = named_page
    live_site.shell(SETUP)
    cdp, authenticator = virtual_key(page)

    sign_in(page, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    page.get_by_role("link", name="Säkerhetsnycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Säkerhetsnycklar")
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till en säkerhetsnyckel").click()
    confirm_password(page, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till en säkerhetsnyckel")
    assert_accessible(page)

    # By keyboard: name the key, press Enter; the browser asks the key, the form is posted.
    name = page.get_by_label("Nyckelns namn")
    name.fill("Gul nyckel")
    name.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställningskoder")
    expect(page.get_by_role("status")).to_contain_text("Säkerhetsnyckel tillagd")
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )

    # The same key again: the browser refuses, and the page says why.
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_role("button", name="Lägg till nyckeln").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Den här nyckeln finns redan på ditt konto.")
    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("cell", name="Gul nyckel", exact=True)).to_be_visible()

    page.get_by_role("button", name="Logga ut").click()
    sign_in(page, EMAIL, PASSWORD)
    expect(page).to_have_url(f"{live_site.named_url}/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåfaktorsautentisering")
    assert_accessible(page)
    page.get_by_role("button", name="Använd en säkerhetsnyckel").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")

    # Access to the key pages is confirmed again; the key can do it instead of the password.
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_role("link", name="Använd en säkerhetsnyckel").click()
    assert_accessible(page)
    page.get_by_role("button", name="Använd en säkerhetsnyckel").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till en säkerhetsnyckel")
    page.goto("/accounts/2fa/webauthn/")
    page.get_by_role("link", name="Byt namn på Gul nyckel").click()
    assert_accessible(page)
    page.get_by_label("Nyckelns namn").fill("Grön nyckel")
    page.get_by_label("Nyckelns namn").press("Enter")
    expect(page.get_by_role("cell", name="Grön nyckel", exact=True)).to_be_visible()
    page.get_by_role("link", name="Ta bort Grön nyckel").click()
    assert_accessible(page)
    assert page.problems == []  # type: ignore[attr-defined]


def test_at_an_ip_address_the_add_key_page_says_to_open_the_site_by_name(
    page: Page, live_site: LiveSite
) -> None:
    sign_in(page, "lars.ek@umea.example", "delahub-demo-2026")
    page.goto("/accounts/2fa/webauthn/add/")
    confirm_password(page, "delahub-demo-2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till en säkerhetsnyckel")
    expect(
        page.get_by_text("Säkerhetsnycklar fungerar bara när webbplatsen öppnas med sitt namn")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Lägg till nyckeln")).to_have_count(0)
    link = page.get_by_role("link", name=f"{live_site.named_url}/accounts/2fa/webauthn/add/")
    expect(link).to_be_visible()
    assert_accessible(page)

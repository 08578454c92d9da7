"""A comment that appears live shows its time exactly as the server writes it (in the site's
time zone, Europe/Stockholm, as "7 maj 2026 14:03"), whatever time zone the browser is in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.live import LiveSite

WRITER = "erik.nilsson@skelleftea.example"  # member of Skellefteå, which owns the idea
IDEA_TITLE = "Avfallsaffär'n"


@pytest.fixture
def far_away(browser: Browser, live_site: LiveSite) -> Iterator[Page]:
    """A Swedish-speaking reader whose computer is set to New York time."""
    context = browser.new_context(
        base_url=live_site.url, locale="sv-SE", timezone_id="America/New_York"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_live_comment_shows_the_servers_time_in_any_browser_time_zone(
    far_away: Page, live_site: LiveSite
) -> None:
    idea_id = live_site.shell(
        "from ideas.models import Idea; "
        f"print(Idea.objects.get(organisation__slug='skelleftea', title={IDEA_TITLE!r}).pk)"
    ).strip()
    page = far_away
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "America/New_York"
    sign_in(page, WRITER, DEMO_PASSWORD)
    page.goto(f"/ideer/{idea_id}/")
    expect(page.locator("[data-live-status]")).to_have_text("Live-uppdateringar är på.")

    text = f"Vilken tid är det {uuid.uuid4().hex[:6]}"
    page.get_by_label("Din kommentar").fill(text)
    page.get_by_role("button", name="Publicera kommentar").click()
    expect(page.locator("[data-live-status]")).to_contain_text("Din kommentar publicerades.")
    comment = page.locator("article.comment-body", has=page.locator(".comment-text", has_text=text))
    expect(comment).to_have_count(1)
    shown_live = comment.locator("time").inner_text()
    iso = comment.locator("time").get_attribute("datetime")

    page.reload()
    comment = page.locator("article.comment-body", has=page.locator(".comment-text", has_text=text))
    expect(comment.locator("time")).to_have_text(shown_live)
    # What the browser would have written on its own, to be sure the test can tell.
    local = page.evaluate(
        "iso => new Date(iso).toLocaleString('sv', {hour: '2-digit', minute: '2-digit'})", iso
    )
    assert not shown_live.endswith(local)


def test_a_live_comment_in_the_english_interface_is_marked_swedish(
    far_away: Page, live_site: LiveSite
) -> None:
    email = "english.reader@example.org"
    idea_id = live_site.shell(
        "from accounts.models import User; from allauth.account.models import EmailAddress; "
        "from ideas.models import Idea; "
        f"user, _ = User.objects.get_or_create(email={email!r}); "
        f"user.set_password({DEMO_PASSWORD!r}); user.language = 'en'; user.save(); "
        "EmailAddress.objects.get_or_create(user=user, email=user.email, "
        "defaults={'verified': True, 'primary': True}); "
        f"print(Idea.objects.get(organisation__slug='skelleftea', title={IDEA_TITLE!r}).pk)"
    ).strip()
    page = far_away
    sign_in(page, email, DEMO_PASSWORD)
    page.goto(f"/ideer/{idea_id}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-live-status]")).to_have_text("Live updates are on.")
    text = f"Hej från en engelsk sida {uuid.uuid4().hex[:6]}"
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Publish comment").click()
    expect(page.locator("[data-live-status]")).to_contain_text("Your comment was published.")
    live = page.locator(".comment-text", has_text=text)
    expect(live).to_have_attribute("lang", "sv")
    page.reload()
    expect(page.locator(".comment-text", has_text=text)).to_have_attribute("lang", "sv")

"""The unread count next to "Notiser" in the header is a styled badge on every page, not only
on the pages that happen to load the comment styles."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in
from tests.live import LiveSite

READER = "greta.medborgare@example.org"
PAGES = [
    "/",
    "/ideer/",
    "/testa/",
    "/sok/",
    "/organisationer/",
    "/mitt-konto/",
    "/mitt-konto/notiser/",
]


def test_the_unread_badge_is_styled_on_every_page(page: Page, live_site: LiveSite) -> None:
    live_site.shell(
        "from accounts.models import User; from ideas.models import Idea; "
        "from notifications.services import notify; "
        f"reader = User.objects.get(email={READER!r}); "
        "idea = Idea.objects.filter(visibility='public').first(); "
        "notify(recipients=[reader], kind='comment', actor=idea.created_by, idea=idea, "
        "url=idea.get_absolute_url(), excerpt='Hej')"
    )
    sign_in(page, READER, DEMO_PASSWORD)
    for path in PAGES:
        page.goto(path)
        badge = page.locator("[data-notifications-link] .nav-count")
        expect(badge).to_be_visible()
        style = badge.evaluate(
            "el => { const s = getComputedStyle(el); "
            "return [s.backgroundColor, s.color, s.borderTopLeftRadius, s.display]; }"
        )
        assert style[0] == "rgb(255, 255, 255)", f"{path}: badge background {style[0]}"
        assert style[1] == "rgb(29, 29, 29)", f"{path}: badge text {style[1]}"
        assert style[2] != "0px" and style[3] == "inline-block", f"{path}: {style}"
    assert_accessible(page)

"""The live comment thread (a comment posted through the API reaches an open page over the
WebSocket), flagging and moderation keep hostile text as text. Runs after test_pages.py:
the comment it adds notifies the citizen by e-mail, which test_pages.py counts."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible
from tests.browser.xss.hostile import (
    FLAG_REASON,
    HIDE_REASON,
    LIVE_COMMENT,
    MEMBER_NAME,
    TITLE,
    markdown_shown,
    norm,
)
from tests.browser.xss.world import CITIZEN, MEMBER, STAFF, World, fill, submit
from tests.live import LiveSite
from tests.rendered_html import RenderedHTML


def test_a_live_comment_flag_and_moderation_keep_hostile_text_as_text(
    world: World, browser: Browser, live_site: LiveSite
) -> None:
    """A comment posted through the API with a token reaches an open page over the
    WebSocket (comments.js renders it); the citizen flags it, staff see the flag and hide
    the comment with a reason — all of it hostile, all of it text."""
    citizen, staff = world.guards[CITIZEN], world.guards[STAFF]
    page = citizen.visit(f"/ideer/{world.idea}/").page
    expect(page.locator("[data-live-status]")).to_have_text(re.compile("uppdateringar är på"))

    api_context = browser.new_context(base_url=live_site.url)
    api = api_context.request
    try:
        token = api.post(
            "/api/v1/auth/token/", data={"email": MEMBER, "password": DEMO_PASSWORD}
        ).json()["token"]
        response = api.post(
            f"/api/v1/ideas/{world.idea}/comments/",
            data={"body": LIVE_COMMENT},
            headers={"Authorization": f"Token {token}"},
        )
        assert response.status == 201, response.text()
        created = response.json()
    finally:
        api_context.close()
    assert created["body"] == LIVE_COMMENT
    rendered = RenderedHTML(created["body_html"])
    assert set(rendered.markup) == {
        "p",
        "a",
        "href=https://example.org/%22onmouseover=%22window.__xss=1",
        "rel=nofollow noopener noreferrer",
    }, rendered.markup
    assert norm(rendered.text) == norm(" ".join(markdown_shown("Direkt")))

    live = page.locator(f"#comment-{created['id']}")
    expect(live).to_contain_text("Direkt 0:")
    citizen.check(*markdown_shown("Direkt"), MEMBER_NAME)

    page = citizen.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/flagga/").page
    citizen.check(*markdown_shown("Direkt"))
    fill(page, {"reason": FLAG_REASON})
    submit(page, "reason")

    # The moderators read the comment as it was written (the Markdown source, as text).
    staff.visit("/moderering/").check(FLAG_REASON, TITLE, *LIVE_COMMENT.split("\n\n"))
    assert_accessible(staff.page)
    page = staff.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/dolj/").page
    fill(page, {"reason": HIDE_REASON})
    submit(page, "reason", button="Dölj kommentaren")
    staff.check(HIDE_REASON)
    citizen.visit(f"/ideer/{world.idea}/").check(HIDE_REASON)
    staff.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/dolj/").check(
        *LIVE_COMMENT.split("\n\n"), values={"[name=reason]": HIDE_REASON}
    )

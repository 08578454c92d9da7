"""A draft in the thread's main comment box survives replying to and editing a comment (pages
of their own, which work without JavaScript): back on the idea page the box holds the draft
again. Once the box's own comment is published, the draft is gone for good."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in
from tests.live import LiveSite

WRITER = "erik.nilsson@skelleftea.example"


def test_a_draft_in_the_main_box_survives_a_reply_and_an_edit(
    page: Page, live_site: LiveSite
) -> None:
    tag = uuid.uuid4().hex[:6]
    idea_id, comment_id = (
        live_site.shell(
            "from accounts.models import User; from comments import services; "
            "from ideas.models import Idea; "
            "idea = Idea.objects.get(organisation__slug='skelleftea', title=\"Avfallsaffär'n\"); "
            f"writer = User.objects.get(email={WRITER!r}); "
            f"c = services.comment_create(author=writer, idea=idea, body='Min kommentar {tag}'); "
            "print(idea.pk, c.pk)"
        )
        .strip()
        .split()
    )
    sign_in(page, WRITER, DEMO_PASSWORD)
    page.goto(f"/ideer/{idea_id}/")
    draft = f"Ett halvskrivet utkast {tag}"
    page.get_by_label("Din kommentar").fill(draft)

    mine = page.locator(f"#comment-{comment_id} > .comment-body")
    mine.get_by_role("link", name="Svara").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Svara")
    page.get_by_label("Din kommentar").fill(f"Ett svar {tag}")
    page.get_by_role("button", name="Publicera svar").click()
    expect(page.locator(".comment-text", has_text=f"Ett svar {tag}")).to_have_count(1)
    expect(page.get_by_label("Din kommentar")).to_have_value(draft)
    assert_accessible(page)

    page.locator(f"#comment-{comment_id} > .comment-body").get_by_role(
        "link", name="Redigera"
    ).click()
    page.get_by_label("Din kommentar").fill(f"Min ändrade kommentar {tag}")
    page.get_by_role("button", name="Spara kommentar").click()
    expect(page.locator(".comment-text", has_text=f"Min ändrade kommentar {tag}")).to_have_count(1)
    expect(page.get_by_label("Din kommentar")).to_have_value(draft)

    # Published: the box is empty, and it stays empty on the next visit.
    page.get_by_role("button", name="Publicera kommentar").click()
    expect(page.locator(".comment-text", has_text=draft)).to_have_count(1)
    expect(page.get_by_label("Din kommentar")).to_have_value("")
    page.locator(f"#comment-{comment_id} > .comment-body").get_by_role("link", name="Svara").click()
    page.get_by_role("link", name="Avbryt").click()
    expect(page.get_by_label("Din kommentar")).to_have_value("")


def test_a_draft_posted_as_a_page_without_the_live_socket_is_not_put_back(
    page: Page, live_site: LiveSite
) -> None:
    tag = uuid.uuid4().hex[:6]
    idea_id = live_site.shell(
        "from ideas.models import Idea; "
        "print(Idea.objects.get(organisation__slug='skelleftea', title=\"Avfallsaffär'n\").pk)"
    ).strip()
    # No live socket: the form posts as a page, as it does without JavaScript.
    page.route_web_socket(re.compile(r".*/ws/"), lambda ws: ws.close(code=4000, reason="offline"))
    sign_in(page, WRITER, DEMO_PASSWORD)
    page.goto(f"/ideer/{idea_id}/")
    text = f"Skickat som sida {tag}"
    page.get_by_label("Din kommentar").fill(text)
    page.get_by_role("button", name="Publicera kommentar").click()
    expect(page.locator(".messages")).to_contain_text("Din kommentar publicerades.")
    expect(page.locator(".comment-text", has_text=text)).to_have_count(1)
    expect(page.get_by_label("Din kommentar")).to_have_value("")

"""Forms in Chromium as people meet them: after a failed submit the title starts with "Fel:"
and the error summary has the focus (sign-in, the idea form, the feedback form); the feedback
form's time takes "1,5" in an English browser (whose number fields read it as 15); removing
evidence asks first; axe on every page."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in
from tests.live import LiveSite

MEMBER = "erik.nilsson@skelleftea.example"


def assert_failed_submit_is_announced(page: Page) -> None:
    """The GOV.UK pattern: "Fel:" first in the title, the focus on the error summary."""
    expect(page).to_have_title(re.compile(r"^Fel: "))
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


@pytest.fixture(scope="module")
def participant(live_site: LiveSite) -> tuple[str, int]:
    """A citizen taking part in a running two-task round of their own."""
    email = f"tid-{uuid.uuid4().hex[:6]}@example.org"
    round_id = live_site.shell(
        f"""
from accounts.demo import DEMO_PASSWORD
from prototypes import services
from tests import factories
owner = factories.user(organisation=factories.organisation("skelleftea"))
idea = factories.idea(organisation=owner.memberships.get().organisation, created_by=owner,
                      title="Bygglov", visibility="public")
prototype = factories.prototype(idea=idea, created_by=owner)
test_round = factories.test_round(prototype=prototype, created_by=owner, status="running",
                                  title="Bygglov – test av tidsfrågan")
citizen = factories.user(email={email!r}, language="en")
citizen.set_password(DEMO_PASSWORD)
citizen.save()
services.participation_create(user=citizen, test_round=test_round, consent=True)
print(test_round.pk)
"""
    ).strip()
    return email, int(round_id)


def test_failed_sign_in_is_announced_in_the_title_and_focuses_the_summary(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-postadress").fill(MEMBER)
    page.get_by_label("Lösenord", exact=True).fill("inte-ratt-losenord")
    page.get_by_role("button", name="Logga in").click()
    assert_failed_submit_is_announced(page)
    expect(page.locator("#error-summary")).to_contain_text(
        "E-postadressen eller lösenordet stämmer inte."
    )
    assert_accessible(page)


def test_failed_idea_form_is_announced_in_the_title_and_focuses_the_summary(page: Page) -> None:
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.goto("/ideer/ny/")
    expect(page).not_to_have_title(re.compile("^Fel"))
    expect(page.get_by_label("Kategori")).to_have_value("")
    page.get_by_role("button", name="Dela idén").click()
    assert_failed_submit_is_announced(page)
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Kategori: Välj en kategori.")
    summary.get_by_role("link", name=re.compile("^Rubrik")).click()
    expect(page.get_by_label("Rubrik", exact=True)).to_be_focused()
    assert_accessible(page)


def test_failed_feedback_form_is_announced_and_a_decimal_comma_counts_in_english_chromium(
    browser: Browser, live_site: LiveSite, participant: tuple[str, int]
) -> None:
    email, round_id = participant
    context = browser.new_context(base_url=live_site.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_in_english(page, email)
        page.goto(f"/testomgangar/{round_id}/aterkoppling/")
        time = page.get_by_label("About how many minutes did it take?").first
        time.press_sequentially("1,5")
        page.get_by_role("button", name="Send feedback").click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.locator("#error-summary")).to_be_focused()
        expect(time).to_have_value("1,5")
        assert_accessible(page)

        for task in (1, 2):
            page.locator(f"#id_task_{task}_completed_0").check()
            page.locator(f"#id_task_{task}_difficulty_1").check()
        for statement in range(1, 11):
            page.locator(f"#id_sus_{statement}_2").check()
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()
        expect(page.get_by_role("table").first).to_contain_text("1.5 min")
        stored = live_site.shell(
            "from prototypes.models import Feedback; "
            f"print(Feedback.objects.get(participation__user__email={email!r}).tasks[0]['seconds'])"
        ).strip()
        assert stored == "90"
    finally:
        context.close()


def sign_in_in_english(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def test_removing_evidence_asks_first(page: Page, live_site: LiveSite) -> None:
    title = f"Enkät {uuid.uuid4().hex[:6]}"
    sign_in(page, MEMBER, DEMO_PASSWORD)
    idea_id = live_site.shell(
        "from ideas.models import Idea; "
        "print(Idea.objects.filter(organisation__slug='skelleftea').order_by('pk').first().pk)"
    ).strip()
    page.goto(f"/ideer/{idea_id}/underlag/")
    page.get_by_label("Rubrik", exact=True).fill(title)
    page.get_by_label("Vad ni lärde er").fill("Tolv svar: de flesta söker på mobilen.")
    page.get_by_role("button", name="Lägg till underlaget").click()
    expect(page.locator(".evidence", has_text=title)).to_have_count(1)

    page.get_by_role("link", name=f"Ta bort ”{title}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ta bort underlaget ”{title}”?")
    assert_accessible(page)
    page.get_by_role("link", name="Avbryt").click()
    expect(page.locator(".evidence", has_text=title)).to_have_count(1)

    page.get_by_role("link", name=f"Ta bort ”{title}”").click()
    page.get_by_role("button", name="Ta bort underlaget").click()
    expect(page.locator(".messages")).to_contain_text("Underlaget har tagits bort.")
    expect(page.locator(".evidence", has_text=title)).to_have_count(0)

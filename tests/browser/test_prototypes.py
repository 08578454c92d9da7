"""Test rounds in Chromium: a citizen's whole path and the team's dashboard, axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveSite, assert_accessible, sign_in

RUNNING = "Ledighetsansökan v2 – test av bekräftelse och datumväljare"
CLOSED = "Ledighetsansökan v1 – test med vårdnadshavare"

# The demo ideas come from ideas/demo.py; where it has not created them, make them here so
# prototypes/demo.py (idempotent) can attach its prototypes and rounds.
ENSURE_IDEAS = """
from accounts.models import Organisation, User
from ideas.models import Idea
org = Organisation.objects.get(slug="skelleftea")
author = User.objects.get(email="anna.lindberg@skelleftea.example")
for title in ["Ledighetsansökan", "Avfallsaffär'n", "Aktiva seniorer"]:
    if not Idea.objects.filter(organisation=org, title=title).exists():
        Idea.objects.create(
            organisation=org, created_by=author, title=title, kind="service_concept",
            summary=title, visibility="public", stage="user_test",
        )
"""

CITIZEN = "ali.medborgare@example.org"  # in the closed demo round, not yet in the running one
TEAM = "erik.nilsson@skelleftea.example"


@pytest.fixture(scope="module")
def demo_rounds(live_site: LiveSite) -> LiveSite:
    live_site.shell(ENSURE_IDEAS)
    live_site.manage("load_demo")
    return live_site


def choose(page: Page, value: int) -> None:
    """In a focused radio group with nothing chosen: Space picks the first, arrows move on."""
    if value == 1:
        page.keyboard.press("Space")
    for _ in range(value - 1):
        page.keyboard.press("ArrowDown")


def test_citizen_finds_joins_with_consent_gives_feedback_by_keyboard_and_reads_the_summary(
    page: Page, demo_rounds: LiveSite
) -> None:
    sign_in(page, CITIZEN, DEMO_PASSWORD)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Testa nya e-tjänster"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testa nya e-tjänster")
    assert_accessible(page)

    page.get_by_label("Målgrupp").select_option(label="Vårdnadshavare")
    page.get_by_role("button", name="Filtrera").press("Enter")
    expect(page.get_by_role("link", name="Aktiva seniorer – hitta en aktivitet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=RUNNING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RUNNING)
    expect(page.get_by_role("heading", name="Samtycke")).to_be_visible()
    assert_accessible(page)

    # Signing up without ticking the consent box is refused, with the reason.
    page.get_by_role("button", name="Anmäl mig till testet").click()
    expect(page.get_by_role("alert")).to_contain_text("Kryssa i rutan")
    assert_accessible(page)
    page.get_by_label("Jag har läst samtyckestexten och godkänner den.").check()
    page.get_by_role("button", name="Anmäl mig till testet").click()
    expect(page.get_by_role("status")).to_contain_text("Teamet ser dig som")
    expect(page.get_by_role("heading", name="Du deltar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lämna återkoppling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lämna återkoppling")
    assert_accessible(page)

    # The whole form by keyboard: Tab between groups and fields, Space/arrows in radio groups.
    tasks = [
        (1, 2, "1", ""),
        (1, 2, "2", "Tydlig datumväljare"),
        (1, 1, "", "Nu syns bekräftelsen"),
    ]
    sus = [4, 2, 4, 1, 4, 2, 5, 1, 4, 2]  # 3+3+3+4+3+3+4+4+3+3 = 33 → 82.5
    page.locator("#id_task_1_completed_0").focus()
    for index, (completed, difficulty, minutes, comment) in enumerate(tasks):
        if index:
            page.keyboard.press("Tab")
        choose(page, completed)  # 1 = Ja
        page.keyboard.press("Tab")
        choose(page, difficulty)
        page.keyboard.press("Tab")
        page.keyboard.type(minutes)
        page.keyboard.press("Tab")
        page.keyboard.type(comment)
    for answer in sus:
        page.keyboard.press("Tab")
        choose(page, answer)
    page.keyboard.press("Tab")
    page.keyboard.type("Mycket bättre än förra versionen.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skicka återkoppling")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Tack! Din återkoppling har sparats.")
    expect(page.get_by_role("heading", name="Din återkoppling")).to_be_visible()
    expect(page.get_by_text("Din användbarhetspoäng: 82,5 av 100.")).to_be_visible()
    assert_accessible(page)

    page.goto("/mina-testomgangar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina testomgångar")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(f"Läs sammanfattningen – {CLOSED}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resultat: {CLOSED}")
    expect(
        page.get_by_role(
            "img", name="Andel som klarade varje uppgift och genomsnittlig användbarhetspoäng (SUS)"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Användbarhetspoäng (System Usability Scale, SUS)")
    ).to_contain_text("68,5")
    expect(page.get_by_role("button", name="Registrera slutsatsen")).to_have_count(0)
    assert_accessible(page)


def test_feedback_form_errors_are_listed_and_linked_to_their_fields(
    page: Page, demo_rounds: LiveSite
) -> None:
    demo_rounds.shell(
        """
from accounts.models import User
from allauth.account.models import EmailAddress
from prototypes import services
from prototypes.models import TestRound
user, _ = User.objects.get_or_create(email="browser.tester@example.org")
user.set_password("delahub-demo-2026"); user.save()
EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
round = TestRound.objects.get(title="RUNNING")
if not round.participations.filter(user=user).exists():
    services.participation_create(user=user, test_round=round, consent=True)
""".replace("RUNNING", RUNNING)
    )
    sign_in(page, "browser.tester@example.org", DEMO_PASSWORD)
    page.goto("/mina-testomgangar/")
    page.get_by_role("link", name=re.compile(f"Lämna återkoppling – {RUNNING}")).click()
    page.get_by_role("button", name="Skicka återkoppling").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Svara på påstående 1 (1–5).")
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("Svara på påstående 4")).click()
    expect(page).to_have_url(re.compile("#id_sus_4_0$"))


def test_team_sees_the_dashboard_with_chart_and_records_a_finding(
    page: Page, demo_rounds: LiveSite
) -> None:
    sign_in(page, TEAM, DEMO_PASSWORD)
    page.goto("/testa/")
    page.get_by_role("link", name=RUNNING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RUNNING)
    expect(page.get_by_text("kan inte delta som testare")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Resultat, slutsatser och deltagare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resultat: {RUNNING}")
    expect(page.get_by_role("img", name=re.compile("Andel som klarade"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Allvarlighetsgrad", exact=True).select_option("minor")
    page.get_by_label("Vad kom ni fram till?").fill("Knappen Skicka borde stå längre upp.")
    page.get_by_role("button", name="Registrera slutsatsen").click()
    expect(page.get_by_role("status")).to_contain_text("Slutsatsen har registrerats.")
    expect(page.locator(".finding-list")).to_contain_text("Knappen Skicka borde stå längre upp.")
    assert_accessible(page)

    # The closed round: its findings, and participants only under pseudonyms.
    # The closed round is not in the open list: reach it through the prototype versions.
    page.goto("/testa/")
    page.get_by_role("link", name=RUNNING).click()
    page.get_by_role("link", name="v2").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Alla versioner").click()
    assert_accessible(page)
    page.get_by_role("link", name="v1").click()
    page.get_by_role("link", name=CLOSED).click()
    page.get_by_role("link", name="Resultat, slutsatser och deltagare").click()
    expect(page.get_by_role("table", name="Slutsatser per allvarlighetsgrad")).to_be_visible()
    expect(page.get_by_text("Deltagare 1", exact=False).first).to_be_visible()
    expect(page.get_by_text("greta.medborgare@example.org")).to_have_count(0)
    page.locator("summary", has_text="Deltagare 5").click()  # open the details
    expect(page.get_by_text("Svår att använda med min skärmläsare.")).to_be_visible()
    assert_accessible(page)

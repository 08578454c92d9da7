"""Ideas in Chromium: a member shares a service concept and moves it through the stages, another
municipality records its reuse, and the public reads the list and the timeline. axe on every page."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveSite, assert_accessible, sign_in

MEMBER = "erik.nilsson@skelleftea.example"
OTHER_MUNICIPALITY = "maria.persson@krokom.example"


def test_member_creates_a_service_concept_moves_it_forward_and_is_refused_an_invalid_jump(
    page: Page, live_site: LiveSite
) -> None:
    title = f"Bokning av omsorgsresor {uuid.uuid4().hex[:6]}"
    sign_in(page, MEMBER, DEMO_PASSWORD)
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Idéer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéer och lösningar")
    assert_accessible(page)

    page.get_by_role("link", name="Dela en idé").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dela en idé")
    assert_accessible(page)

    page.get_by_label("Tjänstekoncept").check()
    page.get_by_label("Rubrik", exact=True).fill(title)
    page.get_by_label("Sammanfattning").fill("Boka resor till vårdcentralen i en e-tjänst.")
    page.get_by_label(re.compile(r"^Beskrivning")).fill(
        "## Bakgrund\n\nMånga **äldre** ringer för att boka. <script>alert(1)</script>"
    )
    # The preview: with JavaScript it appears in place, without a reload.
    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.locator("#markdown-preview")
    expect(preview.locator("strong")).to_have_text("äldre")
    expect(preview.locator("script")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Startsteg").select_option(label="Identifiera målgrupper")
    page.get_by_label("Kategori").select_option(label="Vård och omsorg")
    page.get_by_label("Offentlig").check()
    page.get_by_label("Målgrupper").fill("Äldre, Anhöriga")
    page.get_by_role("button", name="Dela idén").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".messages")).to_contain_text("Idén har delats")
    expect(page.locator("[aria-current=step]")).to_contain_text("Identifiera målgrupper")
    assert_accessible(page)

    # One stage forward.
    page.get_by_role("link", name="Byt steg").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Byt steg")
    assert_accessible(page)
    page.get_by_label("Nytt steg").select_option(label="Förstå behoven")
    page.get_by_label("Anteckning").fill("Målgrupperna är satta efter workshop.")
    page.get_by_role("button", name="Byt steg").click()
    expect(page.locator(".messages")).to_contain_text("Förstå behoven")
    expect(page.locator("[aria-current=step]")).to_contain_text("Förstå behoven")
    expect(page.get_by_role("table")).to_contain_text("Målgrupperna är satta efter workshop.")
    assert_accessible(page)

    # Only the moves the stage rule allows are offered, by name: no jump to launch.
    page.get_by_role("link", name="Byt steg").click()
    offered = page.get_by_label("Nytt steg").locator("option").all_inner_texts()
    assert offered == ["Analys", "Identifiera målgrupper", "Avbruten"]
    assert_accessible(page)

    # Evidence for the stage it is at, shown on the timeline.
    page.goto(page.url.replace("/steg/", "/underlag/"))
    assert_accessible(page)
    page.get_by_label("Rubrik", exact=True).fill("Intervjuer med äldre")
    page.get_by_label("Vad ni lärde er").fill("Åtta intervjuer: **telefonen** är viktig.")
    page.get_by_role("button", name="Lägg till underlaget").click()
    expect(page.locator(".evidence")).to_contain_text("Intervjuer med äldre")
    assert_accessible(page)


def test_another_municipality_records_an_adoption(page: Page, live_site: LiveSite) -> None:
    sign_in(page, OTHER_MUNICIPALITY, DEMO_PASSWORD)
    page.goto("/ideer/?organisation=skelleftea")
    assert_accessible(page)
    page.get_by_role("link", name="Avfallsaffär'n", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avfallsaffär'n")
    assert_accessible(page)

    page.get_by_role("link", name="Vi återanvänder detta").click()
    reuse = page.get_by_role("region", name="Vi återanvänder detta")
    reuse.get_by_label("Utvärderar").check()
    reuse.get_by_label("Anteckning").fill("Vi vill använda koden för Krokoms abonnemang.")
    reuse.get_by_role("button", name="Spara vår återanvändning").click()

    expect(page.locator(".messages")).to_contain_text("Registrerat: Krokom – Utvärderar")
    adopters = page.get_by_role("region", name="Vilka återanvänder den")
    expect(adopters).to_contain_text("Krokom")
    expect(adopters).to_contain_text("Vi vill använda koden för Krokoms abonnemang.")
    assert_accessible(page)

    page.goto("/organisationer/krokom/")
    expect(page.get_by_role("region", name="Vad organisationen återanvänder")).to_contain_text(
        "Avfallsaffär'n"
    )
    assert_accessible(page)


def test_the_public_filters_the_list_and_reads_the_timeline(
    page: Page, live_site: LiveSite
) -> None:
    page.goto("/ideer/")
    assert_accessible(page)
    page.get_by_label("Steg").select_option(label="Uppföljning")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"stage=follow_up"))
    expect(page.get_by_role("link", name="Social Club – seniorer provar VR och AR")).to_be_visible()
    expect(page.get_by_role("link", name="Ledighetsansökan", exact=True)).to_have_count(0)
    assert_accessible(page)

    page.goto("/ideer/?organisation=skelleftea")
    page.get_by_role("link", name="Ledighetsansökan", exact=True).click()
    expect(page.locator("[aria-current=step]")).to_contain_text("Test med målgruppen")
    expect(page.get_by_role("region", name="Tidslinje över stegen")).to_contain_text(
        "Intervjuer med vårdnadshavare och skolpersonal"
    )
    expect(page.get_by_role("link", name="Logga in för att följa idén")).to_be_visible()
    expect(page.get_by_text("Digital incheckning i simhallen")).to_have_count(0)
    assert_accessible(page)

    # English, through the language switch.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Stage timeline")).to_be_visible()
    assert_accessible(page)

"""The place form's map in Chromium: a member clicks the place on the municipality's map
(the typed coordinates give way), the status line says so, and the place is saved at that
point; on the edit form the map marks the point, the arrow keys move it and Escape brings
the typed coordinates back. Axe and 320 px with a point chosen. (The same picker as the
dialogue page's: tests/browser/test_dialogues.py.)"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from maps import drawing
from maps.boundaries import to_sweref
from tests.browser.conftest import assert_accessible, sign_in

STROMSUND = "2313"
#: Gäddede, in Strömsund, far from the demo's shops (other map tests' distances stay).
GADDEDE = (14.1500, 64.5030)
CHOSEN = "En punkt på kartan är vald. Koordinatfälten lämnas tomma"


def _click_on_map(page: Page, point: tuple[float, float]) -> None:
    """Click the form's map where `point` (longitude, latitude) is drawn."""
    frame, _paths = drawing.surroundings(STROMSUND)
    u, v = frame.point(*to_sweref(*point))
    svg = page.locator("[data-map-picker] svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box is not None
    svg.click(position={"x": u / frame.width * box["width"], "y": v / frame.height * box["height"]})


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("\N{MINUS SIGN}", "-"))


def test_a_member_adds_a_place_by_clicking_the_map(page: Page) -> None:
    sign_in(page, "eva.lund@stromsund.example", DEMO_PASSWORD)
    page.goto("/organisationer/stromsund/platser/ny/")
    expect(page.get_by_text("Eller klicka på platsen på kartan")).to_be_visible()
    page.get_by_label("Typ").select_option("shop")
    page.get_by_label("Namn", exact=True).fill("Gäddede Kartbutik")
    page.get_by_label("Longitud (öst)").fill("15,0")
    page.get_by_label("Latitud (nord)").fill("63,0")

    _click_on_map(page, GADDEDE)
    expect(page.locator("[data-point-status]")).to_contain_text(CHOSEN)
    expect(page.get_by_label("Longitud (öst)")).to_have_value("")
    expect(page.get_by_label("Latitud (nord)")).to_have_value("")
    expect(page.locator("[data-chosen-marker]")).not_to_have_attribute("hidden", "")
    assert page.locator("input[name=map_x]").input_value()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the place form with its map is {width} px wide at 320"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Lägg till platsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gäddede Kartbutik")
    page.get_by_role("link", name="Redigera platsen").click()
    # Within some hundreds of metres of the click: a screen pixel is a few SVG units.
    longitude = _number(page.get_by_label("Longitud (öst)").input_value())
    latitude = _number(page.get_by_label("Latitud (nord)").input_value())
    assert abs(longitude - GADDEDE[0]) < 0.03 and abs(latitude - GADDEDE[1]) < 0.015

    # The edit form marks the point; the arrow keys start there and move it; Escape gives
    # the typed coordinates back.
    marker = page.locator("[data-chosen-marker]")
    expect(marker).not_to_have_attribute("hidden", "")
    typed = page.get_by_label("Longitud (öst)").input_value()
    page.locator("[data-map-picker]").focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Longitud (öst)")).to_have_value("")
    expect(page.locator("[data-point-status]")).to_contain_text(CHOSEN)
    page.keyboard.press("Escape")
    expect(page.get_by_label("Longitud (öst)")).to_have_value(typed)
    expect(page.locator("[data-point-status]")).to_have_text("")
    expect(marker).not_to_have_attribute("hidden", "")
    assert page.locator("input[name=map_x]").input_value() == ""
    assert_accessible(page)

    # Gone again, so the other tests meet the demo's places as they are.
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Ta bort platsen").click()
    page.get_by_role("button", name="Ta bort platsen").click()
    expect(page).to_have_url(re.compile(r"/organisationer/stromsund/$"))

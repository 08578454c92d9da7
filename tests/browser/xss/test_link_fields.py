"""Link fields take http(s) only; the error message that quotes a script or data address is
text, and nothing of it is saved."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.xss.hostile import LINK_TITLE, PAYLOADS, URL_APOSTROPHE, URL_QUOTE
from tests.browser.xss.world import MEMBER, World, fill, submit


def test_script_and_data_addresses_are_refused_with_an_escaped_message(world: World) -> None:
    """Link fields take http(s) only; the error message that quotes the address is text."""
    member = world.guards[MEMBER]
    for address in ("JaVaScRiPt:window.__xss=1", PAYLOADS[8]):
        page = member.visit(f"/ideer/{world.idea}/redigera/").page
        fill(page, {"links": f"Klick | {address}"})
        submit(page, "links", button="Spara idén")
        expect(page.locator("#id_links_error")).to_contain_text("är inte en webbadress")
        member.check(address)

        page = member.visit(f"/ideer/{world.idea}/underlag/").page
        fill(page, {"title": "Länk", "link": address})
        submit(page, "link")
        expect(page.locator("#id_link_error")).to_be_visible()
        member.check(values={"[name=link]": address})

        page = member.visit(f"/prototyper/{world.prototype}/redigera/").page
        fill(page, {"p-link": address})
        submit(page, "p-link", button="Spara prototypen")
        expect(page.locator("#id_p-link_error")).to_be_visible()
        member.check(values={"[name=p-link]": address})
    # Nothing of it was saved: the idea keeps its links.
    member.visit(f"/ideer/{world.idea}/").check(LINK_TITLE, URL_QUOTE, URL_APOSTROPHE)
    expect(member.page.locator("#links-heading + ul a")).to_have_count(2)

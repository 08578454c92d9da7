"""The Atom feeds carry hostile text as text: escaped once in the XML, no element from it in
an entry's HTML summary."""

from __future__ import annotations

from xml.etree import ElementTree

from tests.browser.xss.hostile import STAGE_NOTE, SUMMARY, TITLE
from tests.browser.xss.world import World
from tests.rendered_html import RenderedHTML


def test_atom_feeds_carry_hostile_text_as_text(world: World) -> None:
    """In the XML the text is escaped once; a feed reader that renders an entry's HTML
    summary shows the typed text and creates no element from it."""
    page = world.guards["anonymous"].page
    atom = "{http://www.w3.org/2005/Atom}"
    for path, title, summary in (
        ("/feeds/ideas/", f"{TITLE} (Skellefteå)", SUMMARY),
        ("/feeds/stages/", None, STAGE_NOTE),
    ):
        response = page.request.get(path)
        assert response.ok
        assert response.headers["content-type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(response.body())  # noqa: S314 - our own feed
        entries = [
            e
            for e in root.findall(f"{atom}entry")
            if f"/ideer/{world.idea}/" in (e.find(f"{atom}link").get("href") or "")  # type: ignore[union-attr]
        ]
        assert entries, f"{path}: no entry of the idea"
        entry = entries[0]
        if title is not None:
            assert entry.findtext(f"{atom}title") == title
        assert TITLE in (entry.findtext(f"{atom}title") or "")
        summary_element = entry.find(f"{atom}summary")
        assert summary_element is not None and summary_element.get("type") == "html"
        rendered = RenderedHTML(summary_element.text or "")
        assert rendered.markup == ["p"], f"{path}: {rendered.markup}"
        assert rendered.text == summary

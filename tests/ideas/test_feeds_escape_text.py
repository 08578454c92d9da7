"""The Atom feeds carry typed text as text: an entry's summary is `type="html"`, which feed
readers render as HTML, so a summary or stage note is escaped before it goes in."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from ideas import services
from tests.rendered_html import RenderedHTML

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(1)"> & "citat"'


def _summaries(client, path: str) -> list[ElementTree.Element]:  # type: ignore[no-untyped-def]
    root = ElementTree.fromstring(client.get(path).content)  # noqa: S314 - our own feed
    return [e.find(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]  # type: ignore[misc]


def test_idea_feed_summary_renders_as_the_typed_text_not_as_markup(client, make_idea):
    make_idea(summary=HOSTILE)
    (summary,) = _summaries(client, "/feeds/ideas/")
    assert summary.get("type") == "html"
    rendered = RenderedHTML(summary.text or "")
    assert rendered.tags == ["p"]
    assert rendered.text == HOSTILE


def test_stage_feed_note_keeps_its_lines_and_renders_no_markup(client, make_idea, owner):
    idea = make_idea(stage="concept")
    services.idea_change_stage(
        actor=owner, idea=idea, stage="prototype", note=f"{HOSTILE}\nrad två\n\nstycke två"
    )
    note, start = _summaries(client, "/feeds/stages/")
    rendered = RenderedHTML(note.text or "")
    assert rendered.tags == ["p", "br", "p"]
    assert rendered.text == f"{HOSTILE}rad två\n\nstycke två"
    assert start.text is None  # no note, an empty summary

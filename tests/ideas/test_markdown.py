"""hub.markdown: Markdown as people write it, HTML that is safe to show."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from hub.markdown import render_markdown


def parse(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The real elements and attributes of some HTML (escaped text is not an element)."""
    found: list[tuple[str, list[tuple[str, str]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[override]
            found.append((tag, [(k, v or "") for k, v in attrs]))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klick](javascript:alert(1))",
        "[klick](JAVASCRIPT:alert(1))",
        "[klick](  javascript:alert(1))",
        "[klick](vbscript:msgbox)",
        "[klick](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        '<div onclick="alert(1)">x</div>',
        "![x](javascript:alert(1))",
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
        '[a](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    ],
)
def test_no_script_no_event_handler_no_javascript_link(source):
    elements = parse(render_markdown(source))
    for tag, attributes in elements:
        assert tag in {"p", "a", "em", "strong", "code"}, tag
        for name, value in attributes:
            assert not name.startswith("on"), name
            assert name in {"href", "title", "rel"}, name
            if name == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value


def test_everyday_markdown_renders():
    html = render_markdown(
        "## Bakgrund\n\n**Fet**, *kursiv*, `kod`\n\n- ett\n- två\n\n[Länk](https://skelleftea.se)"
    )
    assert "<h3>Bakgrund</h3>" in html
    assert "<strong>Fet</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<code>kod</code>" in html
    assert "<li>två</li>" in html
    assert '<a href="https://skelleftea.se" rel="nofollow noopener noreferrer">Länk</a>' in html


def test_headings_start_below_the_pages_own():
    assert render_markdown("# Rubrik\n\n## Under").startswith("<h3>Rubrik</h3>\n<h4>Under</h4>")
    assert render_markdown("### Bara\n", heading_base=5).startswith("<h5>Bara</h5>")


def test_empty_text_is_empty_html():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""


def test_images_become_links_with_their_text_alternative():
    html = render_markdown("![Karta över servicepunkter](https://example.se/karta.png)")
    assert '<a href="https://example.se/karta.png"' in html
    assert "Karta över servicepunkter</a>" in html


def test_a_table_scrolls_in_a_focusable_region_named_by_its_column_headings():
    html = render_markdown(
        '| Stadsdel | Besökare & "gäster" |\n|---|---|\n| Morö backe | 120 |\n\nSlut.'
    )
    elements = parse(html)
    assert elements[0] == (
        "div",
        [
            ("class", "table-scroll"),
            ("role", "region"),
            ("aria-label", 'Stadsdel, Besökare & "gäster"'),
            ("tabindex", "0"),
        ],
    )
    assert elements[1] == ("table", [])
    assert html.index("</table></div>") < html.index("<p>Slut.</p>")


def test_a_table_without_headings_is_named_by_its_first_cells():
    html = render_markdown("| | |\n|---|---|\n| Morö backe | 120 |")
    assert parse(html)[0][1][2] == ("aria-label", "Morö backe, 120")

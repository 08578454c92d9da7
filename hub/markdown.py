"""Markdown as people write it, rendered to HTML that is safe to show.

Used for idea bodies and comments: the raw Markdown is stored, the sanitised HTML is
stored next to it and shown. Two layers, because either alone has had holes:
markdown-it-py escapes raw HTML and refuses `javascript:`-style links, and nh3 (the
Rust `ammonia` sanitiser) then allows only a short list of tags, attributes and URL
schemes, so no script, no event handler and no `style` reaches a page.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "s",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False makes raw HTML in the source plain text; tables and strikethrough
    # are the GitHub-style extensions people expect.
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.add_render_rule("image", _image_as_link)
    return parser


def _image_as_link(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    # Pages allow images from our own origin only (CSP): an image becomes a link to it,
    # keeping its text alternative as the link text.
    token = tokens[idx]
    alt = self.renderInline(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escapeHtml(str(token.attrGet("src") or ""))}">{alt}</a>'


def sanitise_html(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes; links get rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str, *, heading_base: int = 3) -> str:
    """Markdown source to sanitised HTML (empty text gives an empty string).

    The body's top heading level becomes `heading_base` (h3 by default): the page around
    it already has its h1 and h2s, and skipping levels confuses screen-reader users.
    """
    if not text or not text.strip():
        return ""
    parser = _parser()
    tokens = parser.parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if levels:
        shift = heading_base - min(levels)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    return _scrollable_tables(sanitise_html(parser.renderer.render(tokens, parser.options, {})))


def markdown_to_text(text: str) -> str:
    """Markdown source as the plain text a reader sees: no `**`, `#` or `[…](…)` marks; a
    link or an image keeps its words (the address stays with the comment itself). Blocks
    (paragraphs, list items, headings, code) are separated by new lines. For excerpts that are
    shown as text, such as notifications and their e-mails."""
    if not text or not text.strip():
        return ""
    blocks: list[str] = []
    for token in _parser().parse(text):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline", "image"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            blocks.append("".join(parts))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.strip())
    return "\n".join(block for block in blocks if block.strip())


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _scrollable_tables(sanitised: str) -> str:
    # A table wider than a phone scrolls in a box of its own (WCAG 1.4.10 Reflow) that a
    # keyboard can reach and a screen reader names. The name is the table's column headings
    # (or, when they are empty, its first cells) in the language the author wrote them: the
    # stored HTML is the same for every reader, whatever the page's language. Added after
    # nh3, which would drop the attributes; the table is nh3's output, so its markup is
    # regular.
    def wrap(match: re.Match[str]) -> str:
        cells = [
            (kind, html.unescape(_TAG.sub("", text)).strip())
            for kind, text in _CELL.findall(match.group(1))
        ]
        headings = [text for kind, text in cells if kind == "h" and text]
        name = ", ".join(headings or [text for _kind, text in cells if text][:4])
        return (
            f'<div class="table-scroll" role="region" aria-label="{html.escape(name)}" '
            f'tabindex="0">{match.group(0)}</div>'
        )

    return _TABLE.sub(wrap, sanitised)

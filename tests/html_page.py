"""A rendered page read as a person's tools read it: its title, its elements by id or tag
with their attributes, and its text. A small stdlib parser, for the page tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Element]:
        found = [child for child in self.children if child.tag == tag]
        for child in self.children:
            found += child.find_all(tag)
        return found


class HtmlPage(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self._open: list[Element] = [self.root]
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self._open[-1].children.append(element)
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in _VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for element in self._open:
            element.text += data

    @property
    def title(self) -> str:
        titles = self.root.find_all("title")
        return " ".join(titles[0].text.split()) if titles else ""

    @property
    def text(self) -> str:
        """The page's text with whitespace collapsed, without scripts and styles."""
        return " ".join(self.root.text.split())

    def find_all(self, tag: str) -> list[Element]:
        return self.root.find_all(tag)

    def by_id(self, element_id: str) -> Element:
        found = [e for e in self._walk(self.root) if e.attrs.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
        return found[0]

    def by_class(self, name: str) -> list[Element]:
        return [e for e in self._walk(self.root) if name in e.attrs.get("class", "").split()]

    def _walk(self, element: Element) -> list[Element]:
        found = []
        for child in element.children:
            found.append(child)
            found += self._walk(child)
        return found

"""What a browser or feed reader makes of an HTML fragment, for tests that check escaping:
its elements (`tags`), its elements with their attributes (`markup`) and its text."""

from __future__ import annotations

from html.parser import HTMLParser


class RenderedHTML(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.markup: list[str] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.markup.append(tag)
        self.markup.extend(f"{name}={value}" for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data

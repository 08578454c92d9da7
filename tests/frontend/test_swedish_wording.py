"""The Swedish texts keep one word per concept, Swedish quotation marks, lower-case month
names and no jargon on the pages, so the words retired here do not come back.

The words follow DESIGN.md: a stage of the method is a "steg" (never "fas"), what a team
concluded from a test round is a "slutsats" (never "fynd"), the System Usability Scale score is
an "användbarhetspoäng (SUS)", and formatting help does not ask a citizen to know "Markdown"."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "frontend" / "templates"

# Retired word -> the word to use instead.
RETIRED = {
    r"\bfas(en|er|erna|ens|ändring\w*)?\b": "steg / stegbyte",
    r"\bfynd(et|en|ens)?\b": "slutsats",
    r"\bSUS-värde\w*": "användbarhetspoäng (SUS)",
}
# Words a citizen should not need to know, in texts the pages show.
JARGON_ON_PAGES = {r"\bMarkdown\b": "formatera texten"}
# Quotation marks other than the Swedish ” … ” (and the apostrophe ’).
FOREIGN_MARKS = "“„«»‘‚"
MONTHS = (
    "Januari Februari Mars April Maj Juni Juli Augusti September Oktober November December"
).split()
# Straight quotes stay where people type them as they are: search syntax.
TYPED_QUOTES = {'Words, "a phrase", OR between alternatives, -word to leave out.'}


def swedish_entries() -> list[tuple[polib.POEntry, str]]:
    entries = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        entries.extend((entry, text) for text in texts if text)
    return entries


def on_pages(entry: polib.POEntry) -> bool:
    return any(path.startswith("frontend/") for path, _line in entry.occurrences)


def test_retired_words_are_not_in_the_swedish_texts() -> None:
    found = [
        f"{word!r} in {text!r} (use {instead})"
        for entry, text in swedish_entries()
        for word, instead in RETIRED.items()
        if re.search(word, text, re.IGNORECASE)
    ]
    assert found == []


def test_pages_explain_instead_of_using_jargon() -> None:
    found = [
        f"{word!r} in {text!r} (say {instead})"
        for entry, text in swedish_entries()
        if on_pages(entry)
        for word, instead in JARGON_ON_PAGES.items()
        if re.search(word, text)
    ]
    assert found == []


def test_swedish_texts_use_swedish_quotation_marks() -> None:
    found = []
    for entry, text in swedish_entries():
        if any(mark in text for mark in FOREIGN_MARKS):
            found.append(text)
        # Straight quotes only inside HTML attributes and JSON examples.
        prose = re.sub(r"<[^>]*>|\{[^}]*\}", "", text)
        if '"' in prose and entry.msgid not in TYPED_QUOTES:
            found.append(text)
    assert found == []


def test_month_names_are_lower_case_in_swedish_texts() -> None:
    capitalised = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
    assert [text for _entry, text in swedish_entries() if capitalised.search(text)] == []


def date_formats_in_templates() -> list[tuple[str, str]]:
    pattern = re.compile(r"""\|date:(["'])(.*?)\1""")
    return sorted(
        {
            (format_string, path.relative_to(TEMPLATES).as_posix())
            for path in TEMPLATES.rglob("*.html")
            for _quote, format_string in pattern.findall(path.read_text(encoding="utf-8"))
        }
    )


@pytest.mark.parametrize(("format_string", "template"), date_formats_in_templates())
def test_dates_on_pages_write_the_month_in_lower_case(format_string: str, template: str) -> None:
    may_7 = datetime.datetime(2026, 5, 7, 14, 3, tzinfo=datetime.UTC)
    with translation.override("sv"):
        shown = Template(f'{{{{ when|date:"{format_string}" }}}}').render(Context({"when": may_7}))
    assert "Maj" not in shown, f"{template}: {format_string} gives {shown}"

"""Every user-facing text has a Swedish translation, and the compiled catalogue matches it."""

from __future__ import annotations

from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_swedish_translation() -> None:
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], (
        "Run `make messages` and translate these in locale/sv (scripts/po_fill.py)"
    )


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        expected = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, (
            f"{entry.msgid!r} differs in the .mo file: run scripts/po_fill.py --compile"
        )

#!/usr/bin/env python3
"""Fill Swedish translations into locale/sv/LC_MESSAGES/django.po and compile it.

Usage: scripts/po_fill.py translations.json   (a JSON object: English msgid -> Swedish text;
for plural entries the value is a list [singular, plural]). Only the given entries change.
`scripts/po_fill.py --missing` lists msgids that still lack a Swedish text;
`scripts/po_fill.py --compile` only writes the .mo file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def main() -> int:
    po = polib.pofile(str(PO), wrapwidth=100)
    if sys.argv[1:] == ["--missing"]:
        missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
        print("\n".join(missing))
        return 1 if missing else 0
    if sys.argv[1:] == ["--compile"]:
        po.save_as_mofile(str(PO.with_suffix(".mo")))
        return 0
    mapping: dict[str, str | list[str]] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    changed = 0
    for entry in po:
        if entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    po.metadata["Language"] = "sv"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{changed} entries updated in {PO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

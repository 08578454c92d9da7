"""Registry of personal data held by each app.

Each app registers an exporter (what it holds about a user, as JSON-ready data) and,
where it holds personal data that must go when the account goes, an eraser. The
export endpoint and account deletion call every registered function, so a new
capability only registers its own.

Exporters apply the visibility rule (`Idea.objects.visible_to`, and the prototypes' selectors
built on it) to everything they name that is not the person's own content. An entry about
something the person may no longer see (an idea made organisation-only since, an idea of an
organisation they left) stays, because it is their data, but keeps only what they wrote or
chose and when: its ids, titles and labels, and anything else read from the hidden object
now, are null, and the entry says so (`idea_visible: false`). Otherwise the export would show
whatever others have since written there, which the person may not see anywhere else.

Where an app's data may either go or stay without the person (dialogue contributions), it
registers an anonymiser next to its eraser, and the person chooses on deletion: the names
in `user_delete(anonymise=...)` run their anonymiser first (`anonymisable()` lists them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}
_anonymisers: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    """Add a section to the personal-data export."""
    _exporters[section] = exporter


def register_eraser(name: str, eraser: Eraser, *, anonymiser: Eraser | None = None) -> None:
    """Add a step to account deletion (runs inside the deletion transaction); `anonymiser`
    keeps the data without the person instead, when they choose so."""
    _erasers[name] = eraser
    if anonymiser is not None:
        _anonymisers[name] = anonymiser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)


def anonymisers() -> dict[str, Eraser]:
    """The steps a person may choose on deletion instead of removal, by name."""
    return dict(_anonymisers)

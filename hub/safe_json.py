"""JSON from clients, with a limit on how deeply arrays and objects may nest.

Python's parser recurses once per level: a body of 100,000 `[` ends in RecursionError deep
inside it (a 500 over HTTP, a crashed consumer over a socket), and even a body that parses
makes every later recursive walk of it (serializers, renderers) a risk. Every JSON a client
sends goes through `parse_json`: the REST API's parser (`hub.api.parsers.JSONParser`) and
the live thread's socket (`comments.consumers`).

`MAX_DEPTH` is 64, as in .NET's System.Text.Json: the deepest body this API documents is
three levels (feedback: an object, its `tasks` list, a task object), so 64 leaves room for
any structure a client may legitimately send while staying far below the interpreter's
recursion limit (1,000 frames), whatever stack the parser runs on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

MAX_DEPTH = 64

# A JSON string (with its escapes) or one bracket: strings are skipped whole, so brackets
# inside them do not count.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class JSONTooDeep(ValueError):
    """The JSON nests arrays and objects more than MAX_DEPTH levels deep."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Arrays and objects are nested more than %(depth)s levels deep. "
                "Send a flatter structure."
            )
            % {"depth": MAX_DEPTH}
        )


def _not_json(value: str) -> None:
    raise ValueError(f"{value} is not JSON; send numbers as numbers.")


def _deeper_than(text: str, limit: int) -> bool:
    depth = 0
    for token in _TOKENS.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char != '"':
            depth -= 1
    return False


def parse_json(data: str | bytes | bytearray) -> Any:
    """Parse JSON text (bytes: UTF-8, -16 or -32, as json.loads detects), refusing nesting
    deeper than MAX_DEPTH (JSONTooDeep) and NaN/Infinity; other errors are ValueErrors
    with json's own message."""
    text = data.decode(json.detect_encoding(data)) if isinstance(data, bytes | bytearray) else data
    # Fewer brackets than the limit cannot nest deeper than it: most bodies stop here, at
    # the cost of two scans in C. Only the others are tokenised, stopping at the first
    # level too many, before the (recursive) parser sees them.
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(text, MAX_DEPTH):
        raise JSONTooDeep
    try:
        return json.loads(text, parse_constant=_not_json)
    except RecursionError:  # only if the stack was already nearly exhausted
        raise JSONTooDeep from None

"""Rate limits: one way to write them, one exception for "too many, wait".

Every limit in the settings is written `count/period`: at most `count` in each `period`,
the period a number of seconds ("10/60") or a unit s, m, h or d with an optional number
before it ("600/m", "5/5m"; the unit may be spelled out, "20/minute", as DRF's docs do).
allauth's sign-in limits (ACCOUNT_RATE_LIMITS) use the same form with what they count
after a further slash: "10/m/ip,5/5m/key". A count of 0 turns a limit off where the limit
allows that.

The API's throttles (hub/api/throttling.py) read their rates with `parse_rate`; other limits
(comments, resumes, problem reports) count with `rate_wait`.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.utils import timezone

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(
    r"^\s*(?P<count>\d+)\s*/\s*(?:(?P<seconds>\d+)|(?P<number>\d*)\s*"
    r"(?P<unit>s|sec|second|m|min|minute|h|hour|d|day)s?)\s*$"
)


def parse_rate(rate: str) -> tuple[int, int]:
    """(count, seconds) of a rate such as "10/60", "600/m" or "5/5m"; a ValueError naming
    the accepted forms otherwise."""
    match = _RATE.match(str(rate).lower())
    if match is None:
        raise ValueError(
            f"Unknown rate {rate!r}: write count/period, such as 10/60 (seconds), 600/m or "
            "5/5m (units s, m, h, d)."
        )
    if match["seconds"]:
        seconds = int(match["seconds"])
    else:
        seconds = int(match["number"] or 1) * _UNITS[match["unit"][0]]
    if seconds <= 0:
        raise ValueError(f"Unknown rate {rate!r}: the period must be longer than 0 seconds.")
    return int(match["count"]), seconds


def rate_wait(key: str, rate: str) -> int:
    """Count one more use of `key` under `rate`: 0 if it is allowed, else the seconds until
    the window ends (when the next one will be)."""
    limit, seconds = parse_rate(rate)
    if limit <= 0:
        return 0
    now = int(timezone.now().timestamp())
    window_key = f"{key}:{now // seconds}"
    cache.add(window_key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(window_key)
    except ValueError:  # expired between add and incr
        cache.set(window_key, 1, timeout=seconds + 5)
        used = 1
    if used <= limit:
        return 0
    return max(1, seconds - now % seconds)


class RateLimited(Exception):
    """Too many of something in a short time; `wait` is the seconds until the next one is
    allowed. Services raise it (or a subclass) with a message a person can act on; the API
    answers 429 with Retry-After (hub/api/exceptions.py)."""

    def __init__(self, message: str, wait: int) -> None:
        super().__init__(message)
        self.wait = wait

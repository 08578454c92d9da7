"""The in-memory channel layer, made to scale with the number of sockets in one process.

Channels' InMemoryChannelLayer walks every channel and group to drop expired messages on
each `receive()`. Every socket receives after every message, so one group send to N
sockets costs N walks over N channels: quadratic, seconds for a thousand listeners of a
live thread. Here the walk runs at most once a second, which keeps the same expiry
(60 s for messages, a day for group memberships) to within a second.
"""

from __future__ import annotations

import time

from channels import layers


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-memory layer (same name, same behaviour) with the expiry walk throttled."""

    clean_interval = 1.0
    _last_clean = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_clean < self.clean_interval:
            return
        self._last_clean = now
        super()._clean_expired()

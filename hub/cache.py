"""Django's Redis cache, kept answering while Redis is away.

What this project keeps in the cache is short-lived and rebuilt by use: throttle and
rate-limit counters (sign-in, writes, comments) and the viewer counts of live threads.
Losing Redis must not turn signing in, posting a comment or reading a page into a 500.
While Redis cannot be reached, each process serves the cache from its own local memory
(limits then hold per process instead of across processes) and tries Redis again after
`RETRY_AFTER` seconds, so an outage costs one failed connection per process and pause,
not one per call.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Until when (time.monotonic()) each Redis location is left alone after a failure.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FallbackRedisCache(RedisCache):
    """RedisCache that falls back to local memory while Redis is unreachable."""

    RETRY_AFTER = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        local = {k: v for k, v in params.items() if k not in {"LOCATION", "OPTIONS", "BACKEND"}}
        # Django makes a cache object per thread; they share the fallback store (LocMemCache
        # keeps it by name) and the outage clock, so limits hold per process.
        self._where = f"{server}|{params.get('KEY_PREFIX', '')}"
        self._fallback = LocMemCache(f"redis-fallback|{self._where}", local)

    @property
    def redis_unavailable(self) -> bool:
        return time.monotonic() < _down_until.get(self._where, 0.0)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.redis_unavailable:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                with _lock:
                    if not self.redis_unavailable:
                        logger.warning(
                            "Redis cache unreachable (%s): using local memory for %.0f s",
                            exc,
                            self.RETRY_AFTER,
                        )
                    _down_until[self._where] = time.monotonic() + self.RETRY_AFTER
            else:
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", key, default, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._call("incr", key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._call("delete_many", keys, version)

    def clear(self) -> Any:
        self._fallback.clear()
        return self._call("clear")

"""The Redis cache keeps answering while Redis is away (hub/cache.py), against a real
redis-server that the test stops and starts: values fall back to the process's memory,
counters keep counting there, and Redis is used again once it is back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.cache import FallbackRedisCache
from tests.servers import RedisServer


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def make_cache(redis: RedisServer, prefix: str) -> FallbackRedisCache:
    cache = FallbackRedisCache(
        redis.url,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}},
    )
    cache.RETRY_AFTER = 0.5  # the pause before Redis is tried again, short for the test
    return cache


def test_values_and_counters_survive_a_redis_outage_in_local_memory(redis: RedisServer) -> None:
    cache = make_cache(redis, "outage")
    cache.set("kept", "in redis")
    assert cache.get("kept") == "in redis"
    assert not cache.redis_unavailable

    redis.stop()
    # Nothing raises: what Redis held is not there, what is written now is kept locally.
    assert cache.get("kept") is None
    assert cache.redis_unavailable
    assert cache.add("limit", 0) is True
    assert cache.incr("limit") == 1
    assert cache.incr("limit") == 2
    cache.set("during", "local")
    assert cache.get("during") == "local"
    # Another cache object of the same process (Django makes one per thread) shares both
    # the local store and the knowledge that Redis is away.
    other = make_cache(redis, "outage")
    assert other.redis_unavailable
    assert other.get("limit") == 2


def test_redis_is_used_again_once_it_is_back(redis: RedisServer) -> None:
    cache = make_cache(redis, "back")
    redis.stop()
    cache.set("during", "local")
    assert cache.redis_unavailable
    redis.start()
    time.sleep(cache.RETRY_AFTER + 0.1)
    assert not cache.redis_unavailable
    cache.set("after", "in redis")
    # Reads go to Redis again: what was kept locally during the outage is not seen, and
    # what was just written is in Redis itself.
    assert cache.get("during") is None
    assert cache.get("after") == "in redis"
    assert cache._cache.get_client(None).get(cache.make_key("after")) is not None

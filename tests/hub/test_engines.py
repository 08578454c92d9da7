"""The suite runs on the engines `make test` says it runs on: a wrong engine fails loudly."""

from __future__ import annotations

import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_engine_is_the_one_requested() -> None:
    expected = os.environ.get("DELAHUB_EXPECT_DB")
    if expected is None:
        pytest.fail("DELAHUB_EXPECT_DB is unset: run the suite through `make test`.")
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if expected == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    print(f"database engine {expected} {version}")
    assert version


def test_channel_layer_round_trips_a_message_on_the_requested_backend() -> None:
    expected = os.environ.get("DELAHUB_EXPECT_CHANNELS")
    if expected is None:
        pytest.fail("DELAHUB_EXPECT_CHANNELS is unset: run the suite through `make test`.")
    layer = get_channel_layer()
    backend = type(layer).__name__
    assert backend == {"memory": "InMemoryChannelLayer", "redis": "RedisChannelLayer"}[expected]
    channel = async_to_sync(layer.new_channel)()
    group = f"engine-check-{uuid.uuid4().hex}"
    async_to_sync(layer.group_add)(group, channel)
    async_to_sync(layer.group_send)(group, {"type": "engine.check", "text": "hej"})
    message = async_to_sync(layer.receive)(channel)
    assert message == {"type": "engine.check", "text": "hej"}
    if expected == "redis":
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        assert client.ping() is True
        print(f"redis server {client.info()['redis_version']}")

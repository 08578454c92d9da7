"""A thread's relay stops whenever it is told to, even just after it started
(comments/relay.py: a group member of the loop's Relay).

On Python 3.11 a task cancelled while redis-py sends a command can lose the cancellation:
redis-py wraps the send in asyncio.wait_for (the Redis layer is configured with a socket
timeout), and 3.11's wait_for returns the inner result instead of raising when both finish
in the same step. A relay whose receive had just begun a command then kept receiving, and
the consumer's disconnect waited for it forever. On the layer of the pass: the in-memory
layer on SQLite, channels-redis on PostgreSQL + Redis (where it happened).
"""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer

from comments.events import thread_group
from comments.relay import Relay, _Group

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_a_relay_stopped_at_any_moment_after_it_started_stops() -> None:
    layer = get_channel_layer()
    for attempt in range(200):
        relay = _Group(Relay.here(), layer, thread_group(10_000 + attempt))
        await relay.start()
        await asyncio.sleep((attempt % 25) * 0.00025)  # somewhere in its first receive
        await asyncio.wait_for(relay.stop(), timeout=5)
        assert all(task.done() for task in relay.tasks)

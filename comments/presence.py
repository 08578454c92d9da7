"""Counts of open sockets across all Daphne processes: how many people have a live thread
open (presence), and how many sockets each client holds (the cap in comments/limits.py);
and the `presence` messages that tell a thread its count.

Each process publishes its own count per subject under a key of its own
(`comments:<subject>:<process>`, e.g. `comments:presence:comments.idea.<id>:<process>`) that
expires
unless refreshed: the consumers refresh it on every join and leave and, while the process
has sockets, three times per `COMMENT_PRESENCE_TTL` (default 60 s). A subject's total is
the sum over the processes listed for it. A process that dies without closing its sockets
(killed, out of memory, power lost) drops out of the count when its key expires, instead
of leaving it too high.

The list of processes per subject is read and written without a lock: two processes
joining at the same moment may drop each other from it, and pruning an expired process may
drop one that just joined. Each re-adds itself on its next refresh, so such an error lasts
at most a third of the TTL.

A thread hears its total (`ThreadCounts.joined`/`left`) at most twice a second per process,
less often when crowded: each broadcast costs one message per viewer, so a thousand people
joining do not cost a million messages.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

from comments import events, limits
from hub.loops import PerLoop

logger = logging.getLogger(__name__)

PROCESS = uuid.uuid4().hex[:12]
# The list of processes outlives any one process's count; refreshed with every publish.
REGISTRY_TTL = 6 * 3600


def ttl() -> int:
    return int(settings.COMMENT_PRESENCE_TTL)


def _key(subject: str, process: str) -> str:
    return f"comments:{subject}:{process}"


def _registry_key(subject: str) -> str:
    return f"comments:{subject}:processes"


def _thread(group: str) -> str:
    return f"presence:{group}"


def publish_count(subject: str, count: int) -> None:
    """This process has `count` sockets of the subject (0: it has none any more)."""
    if count <= 0:
        cache.delete(_key(subject, PROCESS))
        return
    cache.set(_key(subject, PROCESS), count, timeout=ttl())
    processes = cache.get(_registry_key(subject)) or []
    if PROCESS not in processes:
        cache.set(_registry_key(subject), [*processes, PROCESS], timeout=REGISTRY_TTL)


def refresh_counts(counts: dict[str, int]) -> None:
    """publish_count for many subjects at once (three cache round trips, not 2 per subject)."""
    live = {subject: count for subject, count in counts.items() if count > 0}
    if not live:
        return
    cache.set_many({_key(subject, PROCESS): count for subject, count in live.items()}, ttl())
    registries = cache.get_many([_registry_key(subject) for subject in live])
    missing = {}
    for subject in live:
        processes = registries.get(_registry_key(subject)) or []
        if PROCESS not in processes:
            missing[_registry_key(subject)] = [*processes, PROCESS]
    if missing:
        cache.set_many(missing, REGISTRY_TTL)


def total_count(subject: str, *, other_processes: bool = False) -> int:
    """The subject's sockets: the sum of the counts of the processes still alive (only of
    the other processes, if asked: a process knows its own count better than the cache)."""
    processes = cache.get(_registry_key(subject)) or []
    if not processes:
        return 0
    counts = cache.get_many([_key(subject, process) for process in processes])
    alive = [process for process in processes if _key(subject, process) in counts]
    if len(alive) != len(processes):
        cache.set(_registry_key(subject), alive, timeout=REGISTRY_TTL)
    if other_processes:
        counts.pop(_key(subject, PROCESS), None)
    return sum(max(0, int(count)) for count in counts.values())


def publish(group: str, count: int) -> None:
    """This process has `count` sockets on the thread (0: it has none any more)."""
    publish_count(_thread(group), count)


def others(group: str) -> int:
    """The thread's viewers on the other processes still alive."""
    return total_count(_thread(group), other_processes=True)


# --- The thread's `presence` messages (on the event loop) ------------------------------

# A thread hears its count at most this often per process; crowded threads less often.
DELAY = 0.5
CROWD = 200

_publish = sync_to_async(publish, thread_sensitive=False)
_others = sync_to_async(others, thread_sensitive=False)
_refresh_counts = sync_to_async(refresh_counts, thread_sensitive=False)


class ThreadCounts:
    """The sockets of one event loop (one Daphne process) per thread, named by its group (an
    idea's or a proposal's, events.py): publishes their count on every join and leave, tells
    the thread its total soon after, and while any socket is open refreshes this process's
    counts (presence and the socket cap) before they expire. `ThreadCounts.here()` is the
    running loop's own."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.local: Counter[str] = Counter()
        self.sent: dict[str, int] = {}  # the total last broadcast per thread
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.heartbeat: asyncio.Task[None] | None = None
        # Counts are written from worker threads; one write at a time per process, each with
        # the count as it is when it runs, so an older count never overwrites a newer one (a
        # burst of joins and leaves once left a thread's count deleted while people were on it).
        self.writing = asyncio.Lock()

    @staticmethod
    def here() -> ThreadCounts:
        return _counts.get()

    async def joined(self, group: str) -> None:
        """One more socket on the thread here (accepted and listening)."""
        self.local[group] += 1
        await self._changed(group)

    async def left(self, group: str) -> None:
        """One socket fewer on the thread here."""
        self.local[group] -= 1
        if self.local[group] <= 0:
            del self.local[group]
        await self._changed(group)

    async def _publish(self, group: str) -> None:
        async with self.writing:
            await _publish(group, self.local[group])

    async def _changed(self, group: str) -> None:
        await self._publish(group)
        self._schedule(group)
        if self.heartbeat is None or self.heartbeat.done():
            self.heartbeat = self.loop.create_task(self._beat())

    def _schedule(self, group: str) -> None:
        task = self.pending.get(group)
        if task is None or task.done():
            self.pending[group] = self.loop.create_task(self._send_later(group))

    def _delay(self, group: str) -> float:
        # Each broadcast costs one message per viewer: a crowded thread hears about joins and
        # leaves less often, so presence stays a small share of the server's work.
        return DELAY * max(1, self.sent.get(group, 0) // CROWD)

    async def _send_later(self, group: str) -> None:
        await asyncio.sleep(self._delay(group))
        self.pending.pop(group, None)
        try:
            await self._send(group)
        except Exception as exc:  # the layer is away: the relay notices and closes sockets
            logger.info("Could not send presence of thread %s: %s", group, exc)

    async def viewers(self, group: str) -> int:
        """The thread's total: this process's sockets as it counts them now, plus the other
        processes' from the cache. Its own count is never read back from the cache: a read
        that timed out under load (the cache then falls back to local memory) or a registry
        entry lost to a concurrent write told a thread 0 viewers while people were on it."""
        return self.local[group] + await _others(group)

    async def _send(self, group: str) -> None:
        layer = get_channel_layer()
        sent = None
        # Several processes broadcast the shared count; one may read it just before another
        # process's change and be delivered last. Sending again until the count read after
        # sending is the one sent makes every process end on the true number.
        for _attempt in range(5):
            viewers = await self.viewers(group)
            if viewers == sent:
                return
            message: events.PresenceUpdate = {"type": "presence.update", "viewers": viewers}
            await layer.group_send(group, message)
            sent = self.sent[group] = viewers
            await asyncio.sleep(self._delay(group))

    async def _beat(self) -> None:
        """While this process has sockets on threads: refresh its counts before they expire,
        and tell a thread when its total changed without a join or leave here (another
        process died and its count expired)."""
        while True:
            await asyncio.sleep(ttl() / 3)
            if not self.local:
                self.heartbeat = None
                return
            try:
                await _refresh_counts(limits.open_sockets())
            except Exception as exc:  # the cache falls back by itself; nothing to undo
                logger.info("Socket count refresh failed: %s", exc)
            for group in list(self.local):
                try:
                    await self._publish(group)
                    if await self.viewers(group) != self.sent.get(group):
                        self._schedule(group)
                except Exception as exc:  # the cache falls back by itself; nothing to undo
                    logger.info("Presence refresh of thread %s failed: %s", group, exc)


_counts = PerLoop(ThreadCounts)

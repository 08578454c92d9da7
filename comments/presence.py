"""Counts of open sockets across all Daphne processes: how many people have a live thread
open (presence), and how many sockets each client holds (the cap in comments/limits.py).

Each process publishes its own count per subject under a key of its own
(`comments:<subject>:<process>`, e.g. `comments:presence:<idea>:<process>`) that expires
unless refreshed: the consumers refresh it on every join and leave and, while the process
has sockets, three times per `COMMENT_PRESENCE_TTL` (default 60 s). A subject's total is
the sum over the processes listed for it. A process that dies without closing its sockets
(killed, out of memory, power lost) drops out of the count when its key expires, instead
of leaving it too high.

The list of processes per subject is read and written without a lock: two processes
joining at the same moment may drop each other from it, and pruning an expired process may
drop one that just joined. Each re-adds itself on its next refresh, so such an error lasts
at most a third of the TTL.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache

PROCESS = uuid.uuid4().hex[:12]
# The list of processes outlives any one process's count; refreshed with every publish.
REGISTRY_TTL = 6 * 3600


def ttl() -> int:
    return int(settings.COMMENT_PRESENCE_TTL)


def _key(subject: str, process: str) -> str:
    return f"comments:{subject}:{process}"


def _registry_key(subject: str) -> str:
    return f"comments:{subject}:processes"


def _thread(idea_id: int) -> str:
    return f"presence:{idea_id}"


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


def publish(idea_id: int, count: int) -> None:
    """This process has `count` sockets on the thread (0: it has none any more)."""
    publish_count(_thread(idea_id), count)


def total(idea_id: int) -> int:
    """The thread's viewers: the sum of the counts of the processes still alive."""
    return total_count(_thread(idea_id))

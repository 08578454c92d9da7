"""How many people have a live thread open, across all Daphne processes.

Each process publishes its own count per thread under a key of its own
(`comments:presence:<idea>:<process>`) that expires unless refreshed: the consumers refresh
it on every join and leave and, while the process has sockets on the thread, three times
per `COMMENT_PRESENCE_TTL` (default 60 s). A thread's viewers are the sum over the
processes listed for it. A process that dies without closing its sockets (killed, out of
memory, power lost) drops out of the count when its key expires, instead of leaving it too
high.

The list of processes per thread is read and written without a lock: two processes
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


def _key(idea_id: int, process: str) -> str:
    return f"comments:presence:{idea_id}:{process}"


def _registry_key(idea_id: int) -> str:
    return f"comments:presence:{idea_id}:processes"


def publish(idea_id: int, count: int) -> None:
    """This process has `count` sockets on the thread (0: it has none any more)."""
    if count <= 0:
        cache.delete(_key(idea_id, PROCESS))
        return
    cache.set(_key(idea_id, PROCESS), count, timeout=ttl())
    processes = cache.get(_registry_key(idea_id)) or []
    if PROCESS not in processes:
        cache.set(_registry_key(idea_id), [*processes, PROCESS], timeout=REGISTRY_TTL)


def total(idea_id: int) -> int:
    """The thread's viewers: the sum of the counts of the processes still alive."""
    processes = cache.get(_registry_key(idea_id)) or []
    if not processes:
        return 0
    counts = cache.get_many([_key(idea_id, process) for process in processes])
    alive = [process for process in processes if _key(idea_id, process) in counts]
    if len(alive) != len(processes):
        cache.set(_registry_key(idea_id), alive, timeout=REGISTRY_TTL)
    return sum(max(0, int(count)) for count in counts.values())

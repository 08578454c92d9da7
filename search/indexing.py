"""The index follows every commit, and a write never waits for it.

**Queue.** A write records the keys (type, id) of the documents it changes as rows of
`search.models.DirtyDocument` ("documents waiting to be indexed"), in its own transaction
(`index_on_commit`, called by search.signals): a rolled-back write leaves nothing behind, and
once the write commits its keys cannot be lost — not to an engine that is down or slow, nor
to a process that dies right after the commit. The same table already held the documents
whose indexing had failed; a failed document is simply one still waiting, with its error
noted, so there is one table and one way to catch up, not two.

**Drain** (`index_queue_drain`). The oldest rows first, in batches. A batch takes every row
of its documents that is in the queue when it starts, so a document queued by many writes
is indexed once. Indexing reads the database, so a document comes out as it is when it is
read, however many times that happens: a row is deleted only after its document was
indexed (at least once; twice does no harm). An engine failure leaves the rows, with the
error, for the next drain; nothing is raised into a request.

**One drain at a time.** A drain reads documents, then writes them to the engine. Two
drains at once could read a document in one order and write it in the other, leaving the
older version in the index — claiming different queue rows (SELECT … FOR UPDATE SKIP
LOCKED) does not prevent that when both rows are of one document. So drains take turns: in
a process a lock; across processes on PostgreSQL a transaction-level advisory lock around
each batch; on SQLite (one host, one writer) a file lock beside the database file. A
process that finds another one draining looks again shortly (that one may have just
finished without seeing the newest rows) until it gets its turn, for up to 30 s. Taking
turns also means no document is indexed by two processes at once, and costs nothing the
engine would give: the database backend writes its index under one lock anyway, and a
batch is one bulk request to Elasticsearch.

**Worker.** With SEARCH_INDEX_IN_BACKGROUND on (the default), each process has one indexing
thread (a daemon, started by the first commit that queued something), woken after every
such commit. Woken, it waits 10 ms first: the request that woke it is still sending its
answer, and a drain running meanwhile would slow it down (one interpreter lock for both
threads); writes that follow within that time join the same drain. The thread also looks
at the queue every minute (rows a process left when it died), backs off from 1 s to a
minute after a failure, and when the process exits it drains what is left first (waiting
at most 30 s).

With the setting off (the test suite: pytest-django's tests never commit, and a thread
could not see their data), the same drain runs in the committing thread right after the
commit, as indexing did before the queue existed.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping

from django.conf import settings
from django.db import connection, connections, transaction

from search import services
from search.models import DirtyDocument

try:
    import fcntl
except ImportError:  # not POSIX: one process per SQLite database is all we can promise
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
#: Transaction-level advisory lock that PostgreSQL drains take turns with.
DRAIN_LOCK = 0x5EA7C5
#: How long a drain keeps asking for its turn while another process drains.
TURN_WAIT_SECONDS = 30.0
TURN_RETRY_SECONDS = 0.2
#: The worker looks at the queue this often when nothing wakes it.
LOOK_EVERY_SECONDS = 60.0
#: Pauses after one, two, … failed drains in a row (the last one repeats).
RETRY_AFTER_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
#: How long the worker waits after it is woken before it drains.
SETTLE_SECONDS = 0.01
#: How long a process that exits waits for its last drain.
EXIT_WAIT_SECONDS = 30.0


class DrainBusy(Exception):
    """Another drain kept its turn longer than a drain waits for one."""


# --- Queueing -------------------------------------------------------------------------


def queue_documents(keys: Mapping[str, Iterable[int]], *, error: str = "") -> bool:
    """Add the documents to the queue (in the current transaction, if there is one);
    returns whether there were any."""
    rows = [
        DirtyDocument(doc_type=doc_type, obj_id=obj_id, error=error)
        for doc_type, ids in keys.items()
        for obj_id in sorted(set(ids))
    ]
    if rows:
        DirtyDocument.objects.bulk_create(rows)
    return bool(rows)


def index_on_commit(keys: Mapping[str, Iterable[int]]) -> None:
    """Queue the documents with the current write; they are indexed after it commits (at
    once without a transaction), in the background unless SEARCH_INDEX_IN_BACKGROUND is off."""
    if queue_documents(keys):
        # Every write registers the callback; after the first one the worker is awake
        # already or the queue is empty, so the others cost next to nothing.
        transaction.on_commit(_after_commit)


def _after_commit() -> None:
    try:
        if settings.SEARCH_INDEX_IN_BACKGROUND:
            _worker.wake()
        else:
            index_queue_drain_quietly()
    except Exception:  # the write has committed: nothing may fail it now
        logger.exception("Could not start indexing; the documents stay queued")


# --- Draining -------------------------------------------------------------------------

_turn_in_process = threading.RLock()


@contextlib.contextmanager
def _file_turn() -> Iterator[bool]:
    """SQLite: an exclusive lock on `<database file>.index-lock`, if no one holds it."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name or not fcntl:
        yield True  # an in-memory database lives in one process: the process lock does
        return
    with open(f"{name}.index-lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            mine = False
        else:
            mine = True
        try:
            yield mine
        finally:
            if mine:
                fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _turn() -> Iterator[bool]:
    """Whether this drain may go on now (see the module docstring); held for the block.
    On PostgreSQL the block is one transaction, holding the advisory lock."""
    with _turn_in_process:
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [DRAIN_LOCK])
                yield bool(cursor.fetchone()[0])
        else:
            with _file_turn() as mine:
                yield mine


def _rows_of(keys: Mapping[str, set[int]]) -> list[int]:
    ids: list[int] = []
    for doc_type, obj_ids in keys.items():
        ids.extend(
            DirtyDocument.objects.filter(doc_type=doc_type, obj_id__in=obj_ids).values_list(
                "pk", flat=True
            )
        )
    return ids


def _delete_rows(ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH_SIZE):
        DirtyDocument.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).delete()


def _drain_batch(batch_size: int) -> int | None:
    """Index the documents of the oldest queue rows; returns how many rows it cleared (0:
    the queue is empty), or None when another drain has the turn. Raises when indexing
    fails; the rows stay, with the error."""
    taken: list[int] = []
    try:
        with _turn() as mine:
            if not mine:
                return None
            oldest = DirtyDocument.objects.order_by("pk").values_list("doc_type", "obj_id")
            keys: dict[str, set[int]] = {}
            for doc_type, obj_id in oldest[:batch_size]:
                keys.setdefault(doc_type, set()).add(obj_id)
            if not keys:
                return 0
            # Every row of these documents that is there now, read before the documents
            # are: what those rows stand for has committed, so the index will show it.
            taken = _rows_of(keys)
            services.index_now(keys)
            _delete_rows(taken)
            return len(taken)
    except Exception as error:
        if taken:
            _note_failure(taken, error)
        raise


def _note_failure(ids: list[int], error: Exception) -> None:
    try:
        for start in range(0, len(ids), BATCH_SIZE):
            DirtyDocument.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).update(
                error=repr(error)[:2000]
            )
    except Exception:  # the database itself failing: the rows stay all the same
        logger.exception("Could not note why indexing failed")


def index_queue_drain(*, batch_size: int = BATCH_SIZE, wait: float = TURN_WAIT_SECONDS) -> int:
    """Index every document waiting in the queue now, oldest first; returns how many queue
    rows it cleared. Raises the engine's error when indexing fails (the documents stay
    queued), and DrainBusy when another drain keeps its turn for `wait` seconds."""
    cleared = 0
    deadline = time.monotonic() + wait
    while True:
        done = _drain_batch(batch_size)
        if done == 0:
            return cleared
        if done is None:
            if time.monotonic() > deadline:
                raise DrainBusy(f"another process kept draining for {wait:.0f} s")
            time.sleep(TURN_RETRY_SECONDS)
            continue
        cleared += done
        deadline = time.monotonic() + wait


def index_queue_drain_quietly() -> int:
    """`index_queue_drain` that logs a failure instead of raising it."""
    try:
        return index_queue_drain()
    except DrainBusy:
        logger.info("Another process is draining the search queue")
    except Exception:
        logger.exception("Search indexing failed; the documents stay queued for the next try")
    return 0


# --- The worker -------------------------------------------------------------------------


class _Worker:
    """One daemon thread per process that drains the queue (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._at_exit = False

    def wake(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._run, name="search-indexing", daemon=True
                )
                self._thread.start()
                if not self._at_exit:
                    atexit.register(self.stop, EXIT_WAIT_SECONDS)
                    self._at_exit = True
        self._woken.set()

    def stop(self, timeout: float = EXIT_WAIT_SECONDS) -> None:
        """Drain once more, then end the thread; wait for it at most `timeout` seconds."""
        with self._lock:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
        self._woken.set()
        thread.join(timeout)
        if thread.is_alive():
            logger.warning("Search indexing did not finish in %.0f s; the queue keeps it", timeout)

    def _run(self) -> None:
        failures = 0
        pause = 0.0  # the first round drains at once
        while True:
            woken = self._woken.wait(pause)
            # Read before the drain: asked to stop during one, the thread drains once more.
            stopping = self._stopping
            if woken and not stopping:
                # Let the request that woke us finish its answer first (one interpreter
                # lock: a drain running meanwhile would slow it), and gather the writes
                # that follow it into the same drain.
                time.sleep(SETTLE_SECONDS)
            # Cleared before draining: a commit during the drain wakes the next round.
            self._woken.clear()
            # The thread keeps its database connection from one drain to the next (opening
            # one costs about 10 ms on PostgreSQL); after a failure it opens a new one.
            try:
                index_queue_drain()
                failures = 0
            except DrainBusy:
                pass  # the other process drains; the next look catches anything left
            except Exception:
                logger.exception("Search indexing failed; the documents stay queued")
                failures += 1
                connections.close_all()  # this thread's connections only
            if stopping:
                connections.close_all()
                return
            if failures:
                pause = RETRY_AFTER_SECONDS[min(failures, len(RETRY_AFTER_SECONDS)) - 1]
            else:
                pause = LOOK_EVERY_SECONDS


_worker = _Worker()


def index_worker_stop(timeout: float = EXIT_WAIT_SECONDS) -> None:
    """Stop this process's indexing thread after one more drain (tests; done at exit too)."""
    _worker.stop(timeout)

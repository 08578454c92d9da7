"""Fan-out of channel-layer groups to the live-thread sockets of one event loop.

One `Relay` per event loop (one per Daphne process; tests run one loop per test) is the
only member of each group its sockets listen to: a thread (`comments.idea.N`) or a user
(`comments.user.N`, for access rechecks). A broadcast then costs the channel layer one
message per process (one Redis pop, one in-memory queue) instead of one per socket, and a
thousand idle sockets do not wait on a thousand layer receives: sockets have no channel of
their own. Each group's member re-joins every hour, so Channels' one-day `group_expiry`
never silences a long-lived thread.

An event is handed to the group's sockets in order, `BATCH` sockets per turn of the event
loop: between turns the loop writes what was handed so far and runs whatever else is
waiting. Sockets waiting for the broadcast of their own comment (`Relay.writers`) come
first: they acknowledge from it, so a writer's `comment.ack` never waits behind a crowded
thread's copies.

If a receive fails (Redis stopped, restarted or unreachable), every group of the loop stops
— a restarted Redis has forgotten them all — and each listener hears `layer_lost()`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from channels.layers import get_channel_layer

from hub.cache import UNREACHABLE
from hub.loops import PerLoop

logger = logging.getLogger(__name__)


class Listener(Protocol):
    """A socket that hears a group's events through the relay (the consumer)."""

    async def relayed(self, message: dict[str, Any]) -> None: ...

    async def layer_lost(self) -> None: ...


class Relay:
    """The groups the sockets of one event loop listen to. `Relay.here()` is the running
    loop's own."""

    # Sockets handed an event per turn of the event loop. Each costs about 50 µs of this
    # process's time (mostly Twisted's write path); a hundred keep a turn near 5 ms.
    BATCH = 100

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.groups: dict[str, _Group] = {}
        # Listeners waiting for the broadcast of their own write: served first.
        self.writers: set[Listener] = set()

    @staticmethod
    def here() -> Relay:
        return _relays.get()

    async def join(self, listener: Listener, group: str) -> None:
        """Hear the group's events from now on; raises when the channel layer is unreachable."""
        member = self.groups.get(group)
        if member is None or member.stopped:
            member = self.groups[group] = _Group(self, get_channel_layer(), group)
            member.listeners.add(listener)
            await member.start()
        else:
            member.listeners.add(listener)
        try:
            await member.ready
        except BaseException:
            member.listeners.discard(listener)
            if self.groups.get(group) is member:
                del self.groups[group]
            raise

    async def leave(self, listener: Listener, group: str) -> None:
        """Hear the group no more; its member leaves the layer with its last listener."""
        member = self.groups.get(group)
        if member is None or listener not in member.listeners:
            return
        member.listeners.discard(listener)
        if not member.listeners:
            del self.groups[group]
            await member.stop()

    async def lost(self, exc: Exception) -> None:
        """The channel layer failed (Redis stopped or unreachable): every group of this loop
        may be gone (a restarted Redis forgets them), so all of them stop and every listener
        hears it. Clients reconnect with backoff and `resume`: nothing is lost, since every
        comment is saved before it is broadcast."""
        members, self.groups = list(self.groups.values()), {}
        if not members:
            return
        listeners = {listener for member in members for listener in member.listeners}
        logger.warning(
            "Channel layer unreachable (%s): closing %d live thread socket(s)",
            exc,
            len(listeners),
            exc_info=None if isinstance(exc, UNREACHABLE) else exc,  # an outage needs no trace
        )
        for member in members:
            member.stopped = True
            member.cancel_tasks()
        for listener in listeners:
            await listener.layer_lost()


_relays = PerLoop(Relay)


class _Group:
    """The relay's membership of one group: one layer channel, one receive task."""

    REFRESH = 3600.0

    def __init__(self, relay: Relay, layer: Any, group: str) -> None:
        self.relay = relay
        self.layer = layer
        self.group = group
        self.listeners: set[Listener] = set()
        self.channel = ""
        # Resolved once the member is in its group, or failed when the layer is unreachable.
        self.ready: asyncio.Future[None] = relay.loop.create_future()
        self.tasks: list[asyncio.Task[None]] = []
        self.stopped = False

    async def start(self) -> None:
        try:
            self.channel = await self.layer.new_channel()
            await self.layer.group_add(self.group, self.channel)
        except Exception as exc:
            self.stopped = True
            self.ready.set_exception(exc)
            return
        loop = self.relay.loop
        self.tasks = [loop.create_task(self._run()), loop.create_task(self._refresh())]
        self.ready.set_result(None)

    async def stop(self) -> None:
        self.stopped = True
        # stop() may run inside the member's own task (its last listener closing on lost
        # access): that task then ends by itself after the message. The other tasks are
        # cancelled, and their cancelled receive must finish (releasing the layer's receive
        # lock) before this returns, or a member started next could find the lock taken.
        await until_finished(self.cancel_tasks())
        try:
            await self.layer.group_discard(self.group, self.channel)
        except Exception as exc:  # the layer is away; its group expires by itself
            logger.info("Could not leave %s: %s", self.group, exc)

    def cancel_tasks(self) -> list[asyncio.Task[None]]:
        """Cancel the member's tasks except the running one; returns those cancelled."""
        current = asyncio.current_task()
        cancelled = [task for task in self.tasks if task is not current]
        for task in cancelled:
            task.cancel()
        return cancelled

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(self.REFRESH)
            try:
                await self.layer.group_add(self.group, self.channel)
            except Exception as exc:
                await self.relay.lost(exc)
                return

    async def _run(self) -> None:
        while not self.stopped:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not self.stopped:
                    await self.relay.lost(exc)
                return
            await self._hand_out(message)

    async def _hand_out(self, message: dict[str, Any]) -> None:
        # The next event waits until this one was handed to every socket: each socket gets
        # the group's events in order. Writers first: their ack may come from this event.
        writers = self.listeners & self.relay.writers
        listeners = [*writers, *(self.listeners - writers)]
        for start in range(0, len(listeners), Relay.BATCH):
            if start:
                await asyncio.sleep(0)  # let the loop write, and run what waits (the ack)
            for listener in listeners[start : start + Relay.BATCH]:
                try:
                    await listener.relayed(message)
                except Exception as exc:  # one broken socket must not silence the others
                    # A socket the client just closed is still listed until its disconnect
                    # is handled; Daphne refuses to send on it. Nothing is lost there.
                    if type(exc).__name__ != "Disconnected":
                        logger.exception("Could not relay %s", message.get("type"))


async def until_finished(cancelled: list[asyncio.Task[None]]) -> None:
    """Wait until cancelled tasks have finished, cancelling again those still running.

    On Python 3.11 a cancellation can be lost: redis-py sends each command inside
    asyncio.wait_for (the Redis layer has a socket timeout), and 3.11's wait_for returns
    the command's result instead of raising when the two finish in the same step. The
    receive then goes on, and one cancel-and-wait would wait for ever
    (tests/comments/test_relay_stop.py)."""
    while pending := [task for task in cancelled if not task.done()]:
        await asyncio.wait(pending, timeout=0.1)
        for task in pending:
            if not task.done():
                task.cancel()

#!/usr/bin/env python3
"""WebSocket fan-out benchmark: N clients (default 1,000) listen to one comment thread on
one Daphne process; a signed-in writer posts comments over its own socket. For each post,
the time from sending `comment.create` until the LAST listener has the `comment.created`
message; p50/p99 over the posts (goal: p99 <= 200 ms on 2 cores), and the time until the
writer has its `comment.ack`. Runs with the in-memory layer and with the Redis layer (a
throwaway redis-server unless REDIS_URL is set); with the Redis layer, `--processes N`
serves the sockets from N Daphne processes on one port (bench/wslive.py).

The listeners run in this one client process, on the same machine: their own CPU use is
part of what is measured (a pessimistic figure on 2 cores). Not a test: nothing asserts.

    .venv/bin/python bench/ws_fanout.py                         # 1,000 clients, 30 posts, both layers
    .venv/bin/python bench/ws_fanout.py --clients 200 --posts 10 --layer memory
    .venv/bin/python bench/ws_fanout.py --layer redis --processes 2

Each layer ends with a `BENCH_RESULT {json}` line for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import websockets  # noqa: E402
from common import percentile  # noqa: E402
from wslive import LAYER_CHOICES, Server, daphne, layers  # noqa: E402


class Listener:
    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.socket: Any = None

    async def run(self, server: Server, ready: asyncio.Event) -> None:
        self.socket = await websockets.connect(
            server.url, origin=server.origin, max_queue=None, ping_interval=None, open_timeout=120
        )
        ready.set()
        async for raw in self.socket:
            # Cheap filter first: presence messages are most of the traffic while joining.
            if '"comment.created"' not in raw:
                continue
            message = json.loads(raw)
            self.seen[message["comment"]["id"]] = time.perf_counter()


async def connect_all(server: Server, count: int, batch: int = 50) -> list[Listener]:
    listeners = [Listener() for _ in range(count)]
    tasks = []
    for start in range(0, count, batch):
        events = []
        for listener in listeners[start : start + batch]:
            ready = asyncio.Event()
            events.append(ready)
            tasks.append(asyncio.create_task(listener.run(server, ready)))
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), timeout=60)
    return listeners


async def measure(server: Server, clients: int, posts: int) -> dict[str, Any]:
    started = time.perf_counter()
    listeners = await connect_all(server, clients)
    connect_s = time.perf_counter() - started
    await asyncio.sleep(6.0)  # let the presence broadcasts of the joins settle
    writer = await websockets.connect(
        server.url,
        origin=server.origin,
        additional_headers={"Cookie": f"sessionid={server.session}"},
        ping_interval=None,
    )
    to_last: list[float] = []
    to_ack: list[float] = []
    median_client: list[float] = []
    missing = 0
    for number in range(posts):
        client_id = str(uuid.uuid4())
        sent = time.perf_counter()
        await writer.send(
            json.dumps(
                {"type": "comment.create", "body": f"Inlägg {number}", "client_id": client_id}
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(writer.recv(), timeout=30))
            if message["type"] == "comment.ack":
                comment_id = message["comment"]["id"]
                to_ack.append((time.perf_counter() - sent) * 1000)
                break
            if message["type"] == "error":
                raise SystemExit(f"post refused: {message}")
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if all(comment_id in listener.seen for listener in listeners):
                break
            await asyncio.sleep(0.002)
        arrivals = [x.seen[comment_id] - sent for x in listeners if comment_id in x.seen]
        missing += clients - len(arrivals)
        if not arrivals:  # nobody had it within 30 s: counted as missing, not timed
            continue
        to_last.append(max(arrivals) * 1000)
        median_client.append(statistics.median(arrivals) * 1000)
        await asyncio.sleep(0.3)
    await writer.close()
    for listener in listeners:
        await listener.socket.close()
    return {
        "benchmark": f"ws_fanout:{server.layer}",
        "clients": clients,
        "posts": posts,
        "p50_ms": round(percentile(to_last, 50), 1),
        "p99_ms": round(percentile(to_last, 99), 1),
        "max_ms": round(max(to_last), 1),
        "median_client_ms": round(statistics.median(median_client), 1),
        "ack_p50_ms": round(percentile(to_ack, 50), 1),
        "ack_p99_ms": round(percentile(to_ack, 99), 1),
        "missing_deliveries": missing,
        "connect_s": round(connect_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--layer", choices=LAYER_CHOICES, default="both")
    parser.add_argument("--processes", type=int, default=1, help="Daphne processes (Redis)")
    args = parser.parse_args()
    for layer in layers(args.layer):
        processes = args.processes if layer == "redis" else 1
        with daphne(layer, files=args.clients * 2 + 1000, processes=processes) as server:
            result = asyncio.run(measure(server, args.clients, args.posts))
        if processes > 1:
            result["benchmark"] += f":{processes}"
            result["processes"] = processes
        print(
            f"{layer} ({processes} Daphne): {args.clients} clients, {args.posts} posts: "
            f"post-to-last-client p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms "
            f"(goal p99 <= 200 ms); median client {result['median_client_ms']} ms; ack p50 "
            f"{result['ack_p50_ms']} ms; missing {result['missing_deliveries']}",
            flush=True,
        )
        print("BENCH_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

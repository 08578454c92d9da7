#!/usr/bin/env python3
"""WebSocket capacity benchmark: how much memory idle live-thread connections cost one
Daphne process, and whether connecting and disconnecting leaks.

1. Hold N idle connections (default 5,000) to one thread; report the server's RSS growth
   per connection and the total (goal: 5,000 within 1.5 GiB).
2. Close them; then R rounds (default 10) of C connections (default 1,000) that connect
   and disconnect; report RSS after each round and the growth of the last round over the
   first (goal: within 5 %).

Runs with the in-memory and the Redis layer (a throwaway redis-server unless REDIS_URL is
set). RSS is read from /proc/<pid>/status of the Daphne process. Not a test.

    .venv/bin/python bench/ws_idle.py
    .venv/bin/python bench/ws_idle.py --connections 1000 --rounds 3 --churn 200 --layer memory

Each layer ends with a `BENCH_RESULT {json}` line for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import websockets  # noqa: E402
from wslive import LAYER_CHOICES, Server, daphne, layers  # noqa: E402

MIB = 1024 * 1024


async def open_many(server: Server, count: int, batch: int = 50) -> list[Any]:
    sockets: list[Any] = []
    for start in range(0, count, batch):
        size = min(batch, count - start)
        sockets += await asyncio.gather(
            *(
                websockets.connect(
                    server.url,
                    origin=server.origin,
                    ping_interval=None,
                    max_queue=None,
                    open_timeout=60,
                )
                for _ in range(size)
            )
        )
    return sockets


async def drain(sockets: list[Any]) -> None:
    """Read what the server sent (presence counts) so client buffers do not back up."""

    async def one(socket: Any) -> None:
        try:
            while True:
                await asyncio.wait_for(socket.recv(), timeout=0.05)
        except (TimeoutError, websockets.ConnectionClosed):
            return

    for start in range(0, len(sockets), 500):
        await asyncio.gather(*(one(s) for s in sockets[start : start + 500]))


async def close_all(sockets: list[Any]) -> None:
    for start in range(0, len(sockets), 200):
        await asyncio.gather(*(s.close() for s in sockets[start : start + 200]))


async def settle(server: Server, seconds: float = 3.0) -> int:
    await asyncio.sleep(seconds)
    return server.rss_bytes()


async def measure(server: Server, connections: int, rounds: int, churn: int) -> dict[str, Any]:
    # Warm up: one connection, so imports and the first database connection are counted
    # in the baseline, not in the per-connection cost.
    warm = await open_many(server, 1)
    await close_all(warm)
    baseline = await settle(server)
    started = time.perf_counter()
    sockets = await open_many(server, connections)
    connect_s = time.perf_counter() - started
    await drain(sockets)
    held = await settle(server)
    alive = sum(1 for s in sockets if s.state.name == "OPEN")
    await close_all(sockets)
    print(
        f"{server.layer}: {alive}/{connections} idle connections open in {connect_s:.1f} s; "
        f"RSS {baseline / MIB:.0f} MiB -> {held / MIB:.0f} MiB, "
        f"{(held - baseline) / max(connections, 1) / 1024:.1f} KiB per connection",
        flush=True,
    )
    after_close = await settle(server)
    churn_rss: list[int] = []
    for number in range(rounds):
        batch = await open_many(server, churn)
        await drain(batch)
        await close_all(batch)
        churn_rss.append(await settle(server, 1.5))
        print(f"  churn round {number + 1}: RSS {churn_rss[-1] / MIB:.1f} MiB", flush=True)
    growth = (churn_rss[-1] - churn_rss[0]) / churn_rss[0] * 100 if churn_rss else 0.0
    return {
        "benchmark": f"ws_idle:{server.layer}",
        "connections": connections,
        "open": alive,
        "rss_mib_baseline": round(baseline / MIB, 1),
        "rss_mib_total": round(held / MIB, 1),
        "kib_per_connection": round((held - baseline) / max(connections, 1) / 1024, 1),
        "rss_mib_after_close": round(after_close / MIB, 1),
        "churn_rounds": rounds,
        "churn_size": churn,
        "rss_mib_churn_first": round(churn_rss[0] / MIB, 1) if churn_rss else None,
        "rss_mib_churn_last": round(churn_rss[-1] / MIB, 1) if churn_rss else None,
        "churn_growth_pct": round(growth, 2),
        "connect_s": round(connect_s, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--churn", type=int, default=1000)
    parser.add_argument("--layer", choices=LAYER_CHOICES, default="both")
    args = parser.parse_args()
    for layer in layers(args.layer):
        with daphne(layer, files=args.connections * 2 + 2000) as server:
            result = asyncio.run(measure(server, args.connections, args.rounds, args.churn))
        print(
            f"{layer}: {result['rss_mib_total']} MiB with {result['open']} connections "
            f"(goal <= 1536 MiB); churn growth {result['churn_growth_pct']} % (goal <= 5 %)",
            flush=True,
        )
        print("BENCH_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Citizen dialogues benchmark (issue 18), in two parts.

pages: a dialogue with N contributions (default 10,000; most placed on the map, some by
village, spread over the five bygder of Krokom) through the full request cycle (test client:
middleware, visibility, serialisation, rendering): the dialogue page /dialoger/<id>/, GET
…/contributions.geojson and GET …/summary/, as an anonymous visitor and as the team. Prints
p50/p95 per request (goal: p95 <= 100 ms) and the SQL queries per request next to those
for a dialogue with one contribution (goal: the same number).

live: M clients (default 500) have the open dialogue's page socket open on one Daphne
process; a member of the municipality posts contributions over the API. For each, the time
from sending the POST until the LAST client has its `contribution.created`; p50/p99 (goal:
p99 <= 200 ms), with the in-memory layer and with Redis (bench/wslive.py, as
bench/ws_fanout.py measures comment threads). The clients run in this process on the same
machine: their CPU use is part of what is measured.

Not a test: nothing asserts. The meetings part (50 meetings, 200 people registering for one
at once) is bench/meetings.py.

    .venv/bin/python bench/dialogues.py                       # both parts, full size
    .venv/bin/python bench/dialogues.py --part pages --n 2000 --requests 20
    .venv/bin/python bench/dialogues.py --part live --clients 100 --posts 5 --layer memory

Each part ends with a `BENCH_RESULT {json}` line for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile  # noqa: E402

#: Points inside Krokom (WGS 84) the generated contributions are scattered around.
VILLAGES = {
    "Föllinge-Laxsjö": (14.6160, 63.6660),
    "Alsen-Näskott": (14.0170, 63.3390),
    "Aspås-Rödön-Ås": (14.5570, 63.2490),
    "Offerdal": (14.0280, 63.5310),
    "Hotagen": (14.4900, 64.1900),
}


def pages(args: argparse.Namespace) -> dict[str, Any]:
    from common import setup_django

    setup_django(args.workdir, prefix="dialogues-", database="dialogues.sqlite3")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from dialogues import services
    from dialogues.models import Contribution, Dialogue
    from dialogues.selectors import coarse_point

    rng = random.Random(args.seed)
    krokom = Organisation.objects.get(slug="krokom")
    team = User.objects.filter(email="team@krokom.example").first()
    if team is None:
        team = User.objects.create_user("team@krokom.example", "bench-password-123")
        Membership.objects.create(user=team, organisation=krokom)

    def dialogue(title: str) -> Dialogue:
        found = Dialogue.objects.filter(title=title).first()
        if found is not None:
            return found
        made = services.dialogue_create(
            actor=team,
            organisation=krokom,
            title=title,
            prompts=["Varför bor du där du bor?", "Vad är unikt med din plats?"],
            consent_text="Jag samtycker.",
            areas=[{"name": name, "villages": [name.split("-")[0]]} for name in VILLAGES],
            focus_groups=[{"name": "Unga 14–25", "age_min": 14, "age_max": 25}],
        )
        return services.dialogue_update(actor=team, dialogue=made, status="open")

    big, small = dialogue("Stor dialog"), dialogue("Liten dialog")
    areas = {a.name: a for a in big.areas.all()}
    group = big.focus_groups.get()
    # Generating rows is set-up, not what is measured: bulk inserts, points computed here
    # (a few hundred metres around each village), a few hundred authors.
    authors = list(User.objects.filter(email__startswith="resident-"))
    while len(authors) < 300:
        authors.append(
            User.objects.create_user(f"resident-{len(authors)}@example.se", "bench-pass-123")
        )
    missing = args.n - big.contributions.count()
    batch = []
    now = timezone.now()
    for i in range(max(0, missing)):
        name = rng.choice(list(VILLAGES))
        lon, lat = VILLAGES[name]
        placed = rng.random() < 0.8
        point = (lon + rng.uniform(-0.02, 0.02), lat + rng.uniform(-0.01, 0.01))
        coarse = coarse_point(*point) if placed else (None, None)
        batch.append(
            Contribution(
                dialogue=big,
                author=authors[i % len(authors)],
                number=i % len(authors) + 1,
                answers=[f"Svar {i}", "Skogen" if i % 3 else ""],
                area=areas[name],
                longitude=point[0] if placed else None,
                latitude=point[1] if placed else None,
                coarse_longitude=coarse[0],
                coarse_latitude=coarse[1],
                focus_group=group if i % 7 == 0 else None,
                is_gold=i % 500 == 0,
                consent_version=1,
                consented_at=now,
            )
        )
        if len(batch) == 2000:
            Contribution.objects.bulk_create(batch)
            batch = []
    Contribution.objects.bulk_create(batch)
    if not small.contributions.exists():
        services.contribution_create(
            author=authors[0], dialogue=small, answers=["Hej"], consent=True, area="Offerdal"
        )
    for d in (big, small):  # the summary is public once reported
        for step in ("closed", "reported"):
            d.refresh_from_db()
            if d.status != "reported":
                services.dialogue_update(actor=team, dialogue=d, status=step)

    anonymous, member = Client(), Client()
    member.force_login(team)
    cases = {
        "page_anonymous": (anonymous, "/dialoger/{id}/"),
        "page_team": (member, "/dialoger/{id}/"),
        "geojson_anonymous": (anonymous, "/api/v1/dialogues/{id}/contributions.geojson"),
        "geojson_team": (member, "/api/v1/dialogues/{id}/contributions.geojson"),
        "summary_anonymous": (anonymous, "/api/v1/dialogues/{id}/summary/"),
        "contributions_page_anonymous": (anonymous, "/api/v1/dialogues/{id}/contributions/"),
    }

    def fetch(client: Client, path: str) -> bytes:
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        return bytes(response.content)

    result: dict[str, Any] = {
        "benchmark": "dialogues: page, contributions.geojson, summary",
        "contributions": big.contributions.count(),
        "database": connection.vendor,
    }
    print(f"\n{result['contributions']} contributions in one dialogue")
    for name, (client, template) in cases.items():
        path = template.format(id=big.pk)
        for _ in range(3):
            fetch(client, path)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            body = fetch(client, path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        counts = []
        for d in (big, small):
            with CaptureQueriesContext(connection) as queries:
                fetch(client, template.format(id=d.pk))
            counts.append(len(queries.captured_queries))
        result[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
        result[f"{name}_cpu_p50_ms"] = round(percentile(cpu, 50), 1)
        result[f"{name}_cpu_p95_ms"] = round(percentile(cpu, 95), 1)
        result[f"{name}_queries"] = counts[0]
        result[f"{name}_queries_with_one"] = counts[1]
        result[f"{name}_bytes"] = len(body)
        print(
            f"  {name:30} p50 {result[f'{name}_p50_ms']:>7} ms  p95 {result[f'{name}_p95_ms']:>7} ms"
            f"  (CPU p50 {result[f'{name}_cpu_p50_ms']} p95 {result[f'{name}_cpu_p95_ms']})"
            f"  {counts[0]} queries ({counts[1]} with one contribution)  {len(body):,} bytes"
        )
    return result


async def _listen(url: str, origin: str, seen: dict[int, float], ready: asyncio.Event) -> Any:
    import websockets

    socket = await websockets.connect(
        url, origin=origin, max_queue=None, ping_interval=None, open_timeout=120
    )
    ready.set()
    async for raw in socket:
        if '"contribution.created"' not in raw:
            continue
        message = json.loads(raw)
        seen[message["contribution"]["id"]] = time.perf_counter()


def _api(base: str, token: str, method: str, path: str, body: dict[str, Any]) -> Any:
    # Our own Daphne on 127.0.0.1 (an http URL built above).
    request = urllib.request.Request(  # noqa: S310
        base + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


async def _measure(port: int, token: str, clients: int, posts: int, layer: str) -> dict[str, Any]:
    base, origin = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}"
    made = await asyncio.to_thread(
        _api,
        base,
        token,
        "POST",
        "/api/v1/dialogues/",
        {
            "organisation": "skelleftea",
            "title": "Sätt din plats på kartan",
            "prompts": ["Varför bor du där du bor?"],
            "consent_text": "Jag samtycker.",
            "areas": [{"name": "Centrum", "villages": ["Byn"]}],
        },
    )
    await asyncio.to_thread(
        _api, base, token, "PATCH", f"/api/v1/dialogues/{made['id']}/", {"status": "open"}
    )
    url = f"ws://127.0.0.1:{port}/ws/dialogues/{made['id']}/contributions/"
    listeners: list[dict[int, float]] = []
    tasks = []
    for start in range(0, clients, 50):
        events = []
        for _ in range(min(50, clients - start)):
            seen: dict[int, float] = {}
            ready = asyncio.Event()
            listeners.append(seen)
            events.append(ready)
            tasks.append(asyncio.create_task(_listen(url, origin, seen, ready)))
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), timeout=60)
    await asyncio.sleep(2.0)
    to_last: list[float] = []
    missing = 0
    for number in range(posts):
        sent = time.perf_counter()
        created = await asyncio.to_thread(
            _api,
            base,
            token,
            "POST",
            f"/api/v1/dialogues/{made['id']}/contributions/",
            {"answers": [f"Svar {number}"], "area": "Centrum", "consent": True},
        )
        pk = created["id"]
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(pk in s for s in listeners):
            await asyncio.sleep(0.002)
        arrivals = [s[pk] - sent for s in listeners if pk in s]
        missing += clients - len(arrivals)
        if arrivals:
            to_last.append(max(arrivals) * 1000)
        await asyncio.sleep(0.3)
    for task in tasks:
        task.cancel()
    return {
        "benchmark": f"dialogues_live:{layer}",
        "clients": clients,
        "posts": posts,
        "p50_ms": round(percentile(to_last, 50), 1),
        "p99_ms": round(percentile(to_last, 99), 1),
        "max_ms": round(max(to_last), 1),
        "missing_deliveries": missing,
    }


def live(args: argparse.Namespace) -> list[dict[str, Any]]:
    from wslive import daphne, layers

    # The benchmark posts faster than a person may, from one account and one address.
    os.environ["DIALOGUE_CONTRIBUTION_RATE_LIMIT"] = "0/60"
    os.environ["THROTTLE_WRITE"] = "1000000/m"
    os.environ["THROTTLE_TOKEN"] = "1000000/m"
    os.environ["THROTTLE_USER"] = "1000000/m"
    results = []
    for layer in layers(args.layer):
        with daphne(layer, files=args.clients * 2 + 1000) as server:
            result = asyncio.run(
                _measure(server.port, server.token, args.clients, args.posts, layer)
            )
        print(
            f"{layer}: {args.clients} clients, {args.posts} contributions: post-to-last-client "
            f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms (goal p99 <= 200 ms); "
            f"missing {result['missing_deliveries']}",
            flush=True,
        )
        results.append(result)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--part", choices=("pages", "live", "both"), default="both")
    parser.add_argument("--n", type=int, default=10_000, help="contributions (default 10000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per case")
    parser.add_argument("--clients", type=int, default=500, help="open dialogue pages")
    parser.add_argument("--posts", type=int, default=30, help="contributions posted live")
    parser.add_argument("--layer", choices=("memory", "redis", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()
    if args.part in ("live", "both"):
        # First: the pages part sets Django up in this process, the live part needs none.
        for result in live(args):
            print("BENCH_RESULT " + json.dumps(result), flush=True)
    if args.part in ("pages", "both"):
        print("BENCH_RESULT " + json.dumps(pages(args)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

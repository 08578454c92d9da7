#!/usr/bin/env python3
"""Meetings benchmark: a dialogue with 50 meetings (its meeting list, the dialogue's calendar
file and the meetings page, p50/p95 and queries per request) and 200 people registering for
one meeting at the same moment (real threads, each with its own database connection, through
meetings.services.meeting_register: the code path of the API and the pages). The race is the
point: it must never overbook (registered == capacity, the rest waitlisted, queue places
1..200 each once). Run it on PostgreSQL for the row lock; on SQLite the IMMEDIATE
transactions queue the writers. Not a test: it reports, and exits 1 only if overbooked.

    .venv/bin/python bench/meetings.py
    DATABASE_URL=postgres://… .venv/bin/python bench/meetings.py --people 200 --capacity 25
The last line is `BENCH_RESULT {json}` for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=25)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()

    setup_django(args.workdir, prefix="meetings-", database="meetings.sqlite3")
    from django.db import OperationalError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from dialogues.models import Dialogue
    from meetings import services
    from meetings.models import Registration

    krokom = Organisation.objects.get(slug="krokom")
    team = User.objects.filter(email="team@krokom.example").first()
    if team is None:
        team = User.objects.create_user("team@krokom.example", "bench-password-123")
        Membership.objects.create(user=team, organisation=krokom)
    dialogue = Dialogue.objects.create(
        organisation=krokom,
        created_by=team,
        status="open",
        title="Sätt din plats på kartan (bench)",
        prompts=["Varför bor du där du bor?"],
        consent_text="Jag samtycker.",
    )
    start = timezone.now() + datetime.timedelta(days=7)
    meetings = [
        services.meeting_create(
            actor=team,
            dialogue=dialogue,
            title=f"Dialogmöte {i + 1}",
            starts_at=start + datetime.timedelta(days=i),
            ends_at=start + datetime.timedelta(days=i, hours=2),
            mode="digital" if i % 2 else "physical",
            link="https://möte.example/rum",
            location="Folkets hus",
            capacity=args.capacity,
        )
        for i in range(args.meetings)
    ]
    target = meetings[0]
    stamp = int(time.time())
    people = [
        User.objects.create_user(f"racer{stamp}-{i}@example.org", None) for i in range(args.people)
    ]

    # --- 200 at once -------------------------------------------------------------------
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    waits: list[float] = []
    lock = threading.Lock()

    def register(user: User) -> None:
        try:
            barrier.wait()
            began = time.perf_counter()
            for _attempt in range(5000):
                try:
                    registration = services.meeting_register(
                        user=user, meeting=target, consent=True
                    )
                except OperationalError as error:  # SQLite: busy beyond its timeout
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
                    continue
                with lock:
                    outcomes.append(registration.status)
                    waits.append((time.perf_counter() - began) * 1000)
                return
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    race_started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    race_ms = (time.perf_counter() - race_started) * 1000
    rows = Registration.objects.filter(meeting=target)
    counts = Counter(outcomes)
    positions = sorted(rows.values_list("position", flat=True))
    registered = rows.filter(status="registered").count()
    overbooked = registered > args.capacity
    never_overbooked = (
        registered == min(args.capacity, args.people)
        and positions == list(range(1, args.people + 1))
        and counts["registered"] == registered
    )
    print(
        f"\n{args.people} registering at once for {args.capacity} places: "
        f"{counts['registered']} registered, {counts['waitlisted']} waitlisted, "
        f"{args.people - len(outcomes)} failed; in {race_ms:.0f} ms "
        f"(per person p50 {percentile(waits, 50):.0f} ms, p99 {percentile(waits, 99):.0f} ms)"
    )

    # --- Reading 50 meetings -----------------------------------------------------------
    anonymous = Client()
    cases = {
        "api_meetings": f"/api/v1/dialogues/{dialogue.pk}/meetings/",
        "dialogue_ics": f"/api/v1/dialogues/{dialogue.pk}/calendar.ics",
        "page_meetings": f"/dialoger/{dialogue.pk}/moten/",
    }
    result: dict[str, object] = {
        "benchmark": "meetings: 200 at once, 50 meetings",
        "database": connection.vendor,
        "meetings": len(meetings),
        "people": args.people,
        "capacity": args.capacity,
        "registered": registered,
        "waitlisted": rows.filter(status="waitlisted").count(),
        "never_overbooked": never_overbooked,
        "race_ms": round(race_ms),
        "register_p99_ms": round(percentile(waits, 99)),
    }
    for name, path in cases.items():
        for _ in range(3):
            assert anonymous.get(path).status_code == 200
        times = []
        for _ in range(args.requests):
            began = time.perf_counter()
            response = anonymous.get(path)
            times.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            anonymous.get(path)
        result[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
        result[f"{name}_queries"] = len(queries.captured_queries)
        print(
            f"  {name:16} p50 {result[f'{name}_p50_ms']:>6} ms  p95 {result[f'{name}_p95_ms']:>6} ms"
            f"  {len(queries.captured_queries)} queries  {len(response.content):,} bytes"
        )
    print("BENCH_RESULT " + json.dumps(result))
    return 1 if overbooked or not never_overbooked else 0


if __name__ == "__main__":
    raise SystemExit(main())

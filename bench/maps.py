#!/usr/bin/env python3
"""Maps benchmark: GET /api/v1/map/municipalities/ (and /counties/, and the /karta/ page)
over N ideas (default 100,000) spread over the municipalities, with adoptions, open test
rounds and 5,000 places, through the full request cycle (test client: middleware, the visibility rule, the
idea list's filters, the grouped counts, GeoJSON serialisation and rendering), as an
anonymous visitor and as a member of a municipality. Prints p50/p95 per request (goal for
the API: p95 <= 50 ms), the payload of the country's GeoJSON (goal <= 600 kB) and the SQL
queries per request (goal: the same with 1 idea as with N). Not a test: nothing asserts.
Besides wall-clock times it reports the process's CPU time per request (SQLite and Python
run in this process), which a machine busy with other work inflates far less.

    .venv/bin/python bench/maps.py                  # 100,000 ideas, SQLite in a temp dir
    .venv/bin/python bench/maps.py --n 5000 --requests 40
    DATABASE_URL=postgres://… .venv/bin/python bench/maps.py
The last line is `BENCH_RESULT {json}` for bench/run_all.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="ideas (default 100000)")
    parser.add_argument("--places", type=int, default=5_000, help="places (default 5000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()

    setup_django(args.workdir, prefix="maps-", database="maps.sqlite3")
    from django.db import connection
    from django.db.models.signals import m2m_changed, post_save
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm

    from accounts.models import Membership, Organisation, User
    from ideas.models import Adoption, Category, Idea, Stage
    from maps.boundaries import municipalities as boundaries
    from maps.boundaries import to_sweref
    from maps.models import Place
    from prototypes.models import Prototype, TestRound

    # Generating the rows is set-up, not what is measured: bulk inserts without the search
    # index signals.
    post_save.receivers, m2m_changed.receivers = [], []
    rng = random.Random(args.seed)
    municipalities = list(Organisation.objects.filter(kind="municipality"))
    author = User.objects.filter(email="bench@example.se").first() or User.objects.create_user(
        "bench@example.se", "bench-password-123"
    )
    member = User.objects.filter(email="member@krokom.example").first()
    if member is None:
        member = User.objects.create_user("member@krokom.example", "bench-password-123")
        Membership.objects.create(user=member, organisation=municipalities[0])
    # Public mostly; some for members only and some drafts, as on a real hub.
    visibilities = ["public"] * 16 + ["organisation"] * 3 + ["draft"]
    existing = Idea.objects.count()
    with tqdm(total=max(0, args.n - existing), desc="Generating ideas", unit=" ideas") as bar:
        made = existing
        while made < args.n:
            batch = [
                Idea(
                    kind=rng.choice(["service_concept", "activity"]),
                    title=f"Idé {made + i}",
                    organisation=rng.choice(municipalities),
                    category=rng.choice(Category.values),
                    stage=rng.choice(Stage.values[:8]),
                    visibility=rng.choice(visibilities),
                    created_by=author,
                )
                for i in range(min(5000, args.n - made))
            ]
            created = Idea.objects.bulk_create(batch)
            # One idea in five is reused by one to three other municipalities.
            Adoption.objects.bulk_create(
                [
                    Adoption(idea=idea, organisation=adopter, status="adopted", created_by=author)
                    for idea in created
                    if rng.random() < 0.2
                    for adopter in rng.sample(municipalities, rng.randint(1, 3))
                    if adopter.pk != idea.organisation_id
                ],
                ignore_conflicts=True,
            )
            # One idea in fifty has an open prototype with a round open for sign-up.
            tested = [idea for idea in created if rng.random() < 0.02]
            prototypes = Prototype.objects.bulk_create(
                [
                    Prototype(idea=idea, created_by=author, label="v1", status="open")
                    for idea in tested
                ]
            )
            TestRound.objects.bulk_create(
                [
                    TestRound(
                        prototype=p,
                        created_by=author,
                        title="Test",
                        goal="Mål",
                        tasks=["Logga in"],
                        capacity=10,
                        consent_text="Jag samtycker.",
                        status="recruiting",
                    )
                    for p in prototypes
                ]
            )
            made += len(batch)
            bar.update(len(batch))

    # Places: near a point inside each municipality (set-up, not the service's checks).
    inside = {
        code: b.shape.representative_point() for code, b in boundaries().items()
    }  # SWEREF 99 TM
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    missing = max(0, args.places - Place.objects.count())
    batch = []
    for _ in range(missing):
        organisation = rng.choice(municipalities)
        centre = inside[organisation.code]
        x, y = centre.x + rng.uniform(-2000, 2000), centre.y + rng.uniform(-2000, 2000)
        lon, lat = to_wgs84.transform(x, y)
        easting, northing = to_sweref(lon, lat)
        batch.append(
            Place(
                organisation=organisation,
                kind=rng.choice(Place.Kind.values),
                name=f"Plats {len(batch)}",
                longitude=lon,
                latitude=lat,
                easting=easting,
                northing=northing,
                visibility=rng.choice(["public"] * 9 + ["organisation"]),
                created_by=author,
            )
        )
    Place.objects.bulk_create(batch, batch_size=1000)

    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    cases = {
        "api_municipalities_anonymous": (anonymous, "/api/v1/map/municipalities/", {}),
        "api_municipalities_member": (signed_in, "/api/v1/map/municipalities/", {}),
        "api_municipalities_filtered": (
            anonymous,
            "/api/v1/map/municipalities/",
            {"stage": "concept", "category": "care"},
        ),
        "api_counties_anonymous": (anonymous, "/api/v1/map/counties/", {}),
        "page_karta_anonymous": (anonymous, "/karta/", {}),
        "api_places_page_anonymous": (anonymous, "/api/v1/places/", {"page_size": "100"}),
    }

    def fetch(client: Client, path: str, params: dict[str, str]) -> bytes:
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:300]
        return bytes(response.content)

    result: dict[str, object] = {
        "benchmark": "maps: municipality map API and /karta/",
        "ideas": Idea.objects.count(),
        "adoptions": Adoption.objects.count(),
        "open_rounds": TestRound.objects.count(),
        "places": Place.objects.count(),
        "database": connection.vendor,
    }
    print(
        f"\n{result['ideas']} ideas, {result['adoptions']} adoptions, "
        f"{result['open_rounds']} rounds, {result['places']} places"
    )
    for name, (client, path, params) in cases.items():
        for _ in range(5):  # warm: boundaries, paths, connections
            fetch(client, path, params)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            body = fetch(client, path, params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch(client, path, params)
        result[f"{name}_p50_ms"] = round(percentile(times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(times, 95), 1)
        result[f"{name}_cpu_p50_ms"] = round(percentile(cpu, 50), 1)
        result[f"{name}_cpu_p95_ms"] = round(percentile(cpu, 95), 1)
        result[f"{name}_queries"] = len(queries.captured_queries)
        result[f"{name}_bytes"] = len(body)
        print(
            f"  {name:32} p50 {result[f'{name}_p50_ms']:>7} ms  p95 {result[f'{name}_p95_ms']:>7} ms"
            f"  (CPU p50 {result[f'{name}_cpu_p50_ms']} p95 {result[f'{name}_cpu_p95_ms']})"
            f"  {len(queries.captured_queries)} queries  {len(body):,} bytes"
        )
    print("BENCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

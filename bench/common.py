"""What every benchmark needs: Django in a throwaway (or kept) work directory, migrated,
with the reference organisations, a percentile that matches the reports, and the
benchmarks' author and generated ideas."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup_django(
    workdir: Path | None, *, prefix: str, database: str, elasticsearch: bool = False
) -> Path:
    """Configure and start Django on a SQLite file in `workdir` (a new temporary directory
    when None) unless DATABASE_URL is set; migrate and load the reference organisations.
    Production-like settings (DEBUG off), no rate limits; Elasticsearch only when asked
    (and ELASTICSEARCH_URL is set), the database backend otherwise."""
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix=prefix))
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["DELAHUB_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / database}")
    os.environ["DEBUG"] = "false"
    os.environ["THROTTLE_ANON"] = "100000000/minute"
    if not elasticsearch:
        os.environ.pop("ELASTICSEARCH_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from accounts import reference_data
    from accounts.models import County, Organisation

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        reference_data.load(County, Organisation)
    return workdir


def bench_author() -> Any:
    """The user who writes the generated ideas (made on first use). Needs setup_django."""
    from accounts.models import User

    return User.objects.filter(email="bench@example.se").first() or User.objects.create_user(
        "bench@example.se", "bench-password-123"
    )


def generate_ideas(
    n: int,
    existing: int,
    make: Callable[[int], Any],
    after: Callable[[int, list[Any]], None] | None = None,
) -> None:
    """Bulk-create ideas until there are `n`, 2,000 at a time, with a progress bar:
    `make(number)` builds idea number `number` (counting the `existing` ones), unsaved;
    `after(first, batch)` runs on each batch once it is created (`first`: the number of its
    first idea). Needs setup_django."""
    from tqdm import tqdm

    from ideas.models import Idea

    with tqdm(total=max(0, n - existing), desc="Generating ideas", unit=" ideas") as bar:
        made = existing
        while made < n:
            created = Idea.objects.bulk_create([make(made + i) for i in range(min(2000, n - made))])
            if after is not None:
                after(made, created)
            made += len(created)
            bar.update(len(created))

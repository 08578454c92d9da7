"""What every benchmark needs: Django in a throwaway (or kept) work directory, migrated,
with the reference organisations, and a percentile that matches the reports."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

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

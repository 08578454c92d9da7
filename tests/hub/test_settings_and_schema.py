from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values(tmp_path) -> None:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x7!k2-production-secret-" + "q" * 40,
        "ALLOWED_HOSTS": "delahub.example.se",
        "SITE_URL": "https://delahub.example.se",
        "DELAHUB_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_generated_secret_key_is_kept_in_var(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DELAHUB_VAR_DIR": str(tmp_path)
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]
    second = run_manage("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").read_text().strip() == first


@pytest.mark.django_db
def test_openapi_schema_and_swagger_ui_are_served_locally(client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organisations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"/static/drf_spectacular_sidecar/" in docs.content


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_check_deploy_warns_when_the_site_url_is_not_https(tmp_path) -> None:
    # HTTPS redirects, HSTS and secure cookies follow SITE_URL: a deployment that forgot to
    # set it is caught by Django's deployment checks.
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {
        "SECRET_KEY": "x7!k2-production-secret-" + "q" * 40,
        "ALLOWED_HOSTS": "delahub.example.se",
        "DELAHUB_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout

"""A locked or unreachable database gives a clear 503 that says to retry, and no partial write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import OperationalError, connection

from hub.middleware import database_unavailable
from ideas.models import Idea

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def ideas_table_locked() -> Iterator[None]:
    """Another client holds an exclusive lock on the ideas table, as a long migration or a
    stuck transaction would."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # this test's own connection gives up quickly
            cursor.execute("SET lock_timeout = '300ms'")
        other = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
        )
        try:
            other.execute("BEGIN")
            other.execute("LOCK TABLE ideas_idea IN ACCESS EXCLUSIVE MODE")
            yield
        finally:
            other.rollback()
            other.close()
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    else:
        # The test database is SQLite in shared-cache memory: a second connection that has
        # written to the ideas table holds its table lock until it ends, so other clients
        # fail with "database table is locked" there while sessions and users stay readable.
        name = connection.settings_dict["TEST"]["NAME"] or connection.creation._get_test_db_name()  # type: ignore[attr-defined]
        other_sqlite = sqlite3.connect(name, uri=True, check_same_thread=False)
        try:
            other_sqlite.execute("BEGIN")
            other_sqlite.execute("DELETE FROM ideas_idea WHERE 0")
            yield
        finally:
            other_sqlite.rollback()
            other_sqlite.close()


def test_a_write_to_a_locked_table_is_a_503_with_retry_after_and_stores_nothing(api, owner) -> None:
    api.force_authenticate(owner)
    with ideas_table_locked():
        response = api.post(
            "/api/v1/ideas/",
            {"kind": "activity", "title": "Låst databas", "visibility": "public"},
            format="json",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.json()["detail"] or "försök igen" in response.json()["detail"]
    assert not Idea.objects.filter(title="Låst databas").exists()
    retry = api.post(
        "/api/v1/ideas/", {"kind": "activity", "title": "Låst databas", "visibility": "public"}
    )
    assert retry.status_code == 201, "once the lock is gone the same request succeeds"


def test_a_page_write_to_a_locked_table_shows_the_503_page(client, owner) -> None:
    client.force_login(owner)
    with ideas_table_locked():
        response = client.post(
            "/ideer/ny/",
            {"kind": "activity", "title": "Låst sida", "visibility": "public"},
        )
    assert response.status_code == 503
    assert "Tillfälligt otillgängligt".encode() in response.content
    assert not Idea.objects.filter(title="Låst sida").exists()


def test_only_busy_or_unreachable_databases_count_as_unavailable() -> None:
    assert database_unavailable(OperationalError("database is locked"))
    assert not database_unavailable(OperationalError("no such column: ideas_idea.nope"))
    assert not database_unavailable(ValueError("database is locked"))

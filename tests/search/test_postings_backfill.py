"""The database engine (SQLite and PostgreSQL; not collected with Elasticsearch, see
conftest.py): migrations 0003 (SQLite) and 0008 (PostgreSQL) fill the columnar postings from
documents indexed before they existed, and searching then gives exactly what indexing them
anew gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from search import services
from search.backends import columnar
from tests import factories
from tests.search.test_index_stays_exact import snapshot

pytestmark = pytest.mark.django_db


def test_backfill_gives_what_indexing_gives(
    owner: User, outsider: User, skelleftea: Any, krokom: Any
) -> None:
    for i, title in enumerate(["Snöröjning för äldre", "Digital tjänst", "Bibliotek på nätet"]):
        idea = factories.idea(
            organisation=skelleftea if i % 2 else krokom,
            created_by=owner if i % 2 else outsider,
            title=title,
            summary="Sophämtningsabonnemang och hemtjänst för aldre",
            visibility=["public", "organisation", "draft"][i],
        )
        factories.test_round(
            prototype=factories.prototype(idea=idea, created_by=idea.created_by),
            created_by=idea.created_by,
            title=f"Test av {title}",
        )
    services.reindex_all()
    users = [None, owner, outsider]
    indexed = snapshot(users)
    with connection.cursor() as cursor:
        columnar.clear(cursor)
        assert services.search_query(user=None, q="").count == 0
        assert columnar.backfill(cursor) == services.get_backend().count() == 9
    assert snapshot(users) == indexed

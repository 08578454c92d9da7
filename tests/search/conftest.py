"""Fixtures for the search tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

# The Elasticsearch live tests need a running cluster. Without ELASTICSEARCH_URL they are
# not collected at all (so they can never pass by skipping); the mapping and query bodies
# are tested as data in test_elastic_index.py, test_elastic_queries.py and
# test_elastic_reading.py on every run.
collect_ignore = [] if os.environ.get("ELASTICSEARCH_URL") else ["test_elastic_live.py"]
# The columnar postings and document ids are the database engine's own structures (SQLite
# and PostgreSQL): the tests of them are not collected when the suite runs on Elasticsearch.
if os.environ.get("ELASTICSEARCH_URL"):
    collect_ignore += ["test_postings_backfill.py", "test_index_stays_exact.py"]
# The indexing thread inside the test process needs a database that takes concurrent
# connections: PostgreSQL (on SQLite, test_indexing_across_processes.py uses processes).
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("test_background_indexing.py")


@pytest.fixture(autouse=True)
def _own_elasticsearch_index(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """With ELASTICSEARCH_URL set the whole search suite runs on Elasticsearch: each test
    gets its own alias (the database is rolled back after each test, the engine is not) and
    writes that are searchable at once."""
    if not os.environ.get("ELASTICSEARCH_URL"):
        yield
        return
    from elasticsearch import Elasticsearch

    from search import services

    prefix = settings.ELASTICSEARCH_INDEX_PREFIX = f"delahub-test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_REFRESH = "true"
    services._backends.clear()
    yield
    services._backends.clear()
    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    for name in client.indices.get(index=f"{prefix}*").body:
        client.indices.delete(index=name)

"""Fixtures for the search tests."""

from __future__ import annotations

import os

# The Elasticsearch live tests need a running cluster. Without ELASTICSEARCH_URL they are
# not collected at all (so they can never pass by skipping); the mapping and query bodies
# are tested as data in test_elastic_queries.py on every run.
collect_ignore = [] if os.environ.get("ELASTICSEARCH_URL") else ["test_elastic_live.py"]

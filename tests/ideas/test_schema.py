"""Every ideas endpoint is in the OpenAPI schema, with examples, and generating it warns of nothing."""

from __future__ import annotations

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/ideas/",
    "/api/v1/ideas/{id}/",
    "/api/v1/ideas/{id}/stage/",
    "/api/v1/ideas/{id}/stages/",
    "/api/v1/ideas/{id}/adoptions/",
    "/api/v1/ideas/{id}/follow/",
    "/api/v1/ideas/{id}/evidence/",
    "/api/v1/ideas/{id}/evidence/{evidence_id}/file/",
    "/api/v1/ideas/{id}/publiccode.yml",
    "/api/v1/ideas/export.csv",
    "/api/v1/ideas/export.json",
    "/api/v1/ideas/export.xlsx",
]


def test_schema_lists_every_ideas_endpoint(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in PATHS:
        assert path in paths, path


def test_idea_operations_carry_examples(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for path, method in [
        ("/api/v1/ideas/", "post"),
        ("/api/v1/ideas/{id}/", "get"),
        ("/api/v1/ideas/{id}/stage/", "post"),
        ("/api/v1/ideas/{id}/adoptions/", "post"),
        ("/api/v1/ideas/{id}/evidence/", "post"),
    ]:
        operation = paths[path][method]
        text = str(operation)
        assert "examples" in text, (path, method)


def test_generating_the_schema_warns_of_nothing_in_the_ideas_views():
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    ours = [
        m
        for m in messages
        if any(
            word in m.lower()
            for word in ("idea", "adoption", "evidence", "stage", "kind", "publiccode", "export")
        )
    ]
    assert ours == []

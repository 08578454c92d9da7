"""The OpenAPI document as clients and tools meet it: valid by a standard validator
(openapi-spec-validator), every response described, component names that read well, and
every operation in one of the agreed groups (tags) of the API docs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import OpenAPIV30SpecValidator

pytestmark = pytest.mark.django_db

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
AGREED_TAGS = [
    "ideas",
    "prototypes",
    "test rounds",
    "search",
    "comments",
    "proposals",
    "notifications",
    "accounts",
    "organisations",
    "maps",
    "facts",
    "dialogues",
    "open data",
    "meetings",
]


def _schema(client: Any, lang: str = "sv") -> dict[str, Any]:
    response = client.get("/api/schema/", {"format": "json", "lang": lang})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_openapi_document_passes_openapi_spec_validator(client, lang):
    schema = _schema(client, lang)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in OpenAPIV30SpecValidator(schema).iter_errors()
    ]
    assert errors == []


def test_every_response_has_a_description(client):
    empty = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in _operations(_schema(client))
        for status, response in operation["responses"].items()
        if not response.get("description", "").strip()
    ]
    assert empty == []


def test_no_component_name_says_request_twice(client):
    names = list(_schema(client)["components"]["schemas"])
    assert [n for n in names if n.endswith("RequestRequest")] == []
    # The request bodies keep a name of their own next to their responses.
    assert {"AdoptionRequest", "EvidenceRequest", "StageChangeRequest", "TokenRequest"} <= set(
        names
    )


def test_the_agreed_tags_are_the_settings_tags_with_descriptions_in_both_languages(client):
    assert [t["name"] for t in settings.SPECTACULAR_SETTINGS["TAGS"]] == AGREED_TAGS
    swedish = {t["name"]: t["description"] for t in _schema(client, "sv")["tags"]}
    english = {t["name"]: t["description"] for t in _schema(client, "en")["tags"]}
    assert list(swedish) == list(english) == AGREED_TAGS
    for name in AGREED_TAGS:
        assert swedish[name].strip() and english[name].strip(), name
        assert swedish[name] != english[name], name
    assert swedish["ideas"].startswith("Idéer")
    assert english["ideas"].startswith("Ideas")


def test_every_operation_has_one_tag_from_the_agreed_list(client):
    operations = _operations(_schema(client))
    untagged = [
        f"{method.upper()} {path}: {operation.get('tags')}"
        for path, method, operation in operations
        if len(operation.get("tags", [])) != 1 or operation["tags"][0] not in AGREED_TAGS
    ]
    assert untagged == []
    used = {operation["tags"][0] for _path, _method, operation in operations}
    assert used == set(AGREED_TAGS)


@pytest.mark.parametrize(
    ("method", "path", "tag"),
    [
        ("get", "/api/v1/ideas/", "ideas"),
        ("post", "/api/v1/ideas/{id}/stage/", "ideas"),
        ("get", "/api/v1/ideas/{id}/comments/", "comments"),
        ("get", "/api/v1/moderation/flags/", "comments"),
        ("get", "/api/v1/ideas/{idea_pk}/prototypes/", "prototypes"),
        ("post", "/api/v1/prototypes/{id}/test-rounds/", "test rounds"),
        ("get", "/api/v1/findings/{id}/", "test rounds"),
        ("get", "/api/v1/ideas/{id}/similar/", "search"),
        ("get", "/api/v1/me/notifications/", "notifications"),
        ("post", "/api/v1/auth/token/", "accounts"),
        ("get", "/api/v1/me/export/", "accounts"),
        ("get", "/api/v1/organisations/{slug}/members/", "organisations"),
        ("get", "/api/v1/organisations/{slug}/facts/", "facts"),
        ("patch", "/api/v1/facts/{id}/", "facts"),
        ("get", "/api/v1/ideas/export.xlsx", "open data"),
        ("get", "/api/v1/ideas/{id}/publiccode.yml", "open data"),
        ("post", "/api/v1/meetings/{id}/registration/", "meetings"),
        ("get", "/api/v1/dialogues/{id}/calendar.ics", "meetings"),
    ],
)
def test_operations_are_grouped_by_what_they_are_about(client, method, path, tag):
    assert _schema(client)["paths"][path][method]["tags"] == [tag]


def test_the_command_line_schema_passes_the_validator_too(tmp_path):
    # `manage.py spectacular` is how a client generator gets the file.
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert list(OpenAPIV30SpecValidator(schema).iter_errors()) == []
    assert {t["name"] for t in schema["tags"]} == set(AGREED_TAGS)

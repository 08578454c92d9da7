"""JSON nested beyond `hub.safe_json.MAX_DEPTH` levels is a 400 on every JSON endpoint, never
a 500 (Python's parser recurses once per level and fails with RecursionError deep down)."""

from __future__ import annotations

import json

import pytest

from accounts.models import User
from hub.safe_json import MAX_DEPTH, JSONTooDeep, parse_json
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


def nested(levels: int, inner: str = "1") -> str:
    """`levels` arrays inside each other around `inner`."""
    return "[" * levels + inner + "]" * levels


def post_raw(api, path: str, body: str):  # type: ignore[no-untyped-def]
    return api.post(path, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def says_too_deep(response) -> bool:  # type: ignore[no-untyped-def]
    return response.json()["detail"].startswith(
        f"Arrays and objects are nested more than {MAX_DEPTH} levels deep."
    )


def test_a_hundred_thousand_levels_to_the_token_endpoint_are_a_400(api) -> None:
    response = post_raw(api, "/api/v1/auth/token/", nested(100_000))
    assert response.status_code == 400
    assert says_too_deep(response)


def test_a_hundred_thousand_levels_inside_an_object_are_a_400(api) -> None:
    body = '{"email": ' + nested(100_000, '"a@b.se"') + ', "password": "x"}'
    response = post_raw(api, "/api/v1/auth/token/", body)
    assert response.status_code == 400
    assert says_too_deep(response)


def test_deep_json_to_the_idea_list_is_a_400_and_creates_nothing(
    api_as, owner: User, skelleftea
) -> None:
    body = '{"title": "Djup", "tags": ' + nested(100_000) + "}"
    response = post_raw(api_as(owner), "/api/v1/ideas/", body)
    assert response.status_code == 400
    assert says_too_deep(response)
    assert not Idea.objects.filter(title="Djup").exists()


def test_deep_json_to_an_endpoint_with_its_own_parsers_is_a_400(
    api_as, owner: User, skelleftea
) -> None:
    idea = factories.idea(organisation=skelleftea, created_by=owner)
    body = '{"stage": "concept", "title": ' + nested(5_000, '"x"') + "}"
    response = post_raw(api_as(owner), f"/api/v1/ideas/{idea.pk}/evidence/", body)
    assert response.status_code == 400
    assert says_too_deep(response)


def test_nesting_just_within_the_limit_is_parsed(api) -> None:
    # Parsed, then refused by the serializer for what it is (not a string), not by the parser.
    body = '{"email": ' + nested(MAX_DEPTH - 1) + ', "password": "x"}'
    response = post_raw(api, "/api/v1/auth/token/", body)
    assert response.status_code == 400
    assert "email" in response.json()
    assert parse_json(nested(MAX_DEPTH)) == json.loads(nested(MAX_DEPTH))
    with pytest.raises(JSONTooDeep):
        parse_json(nested(MAX_DEPTH + 1))


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"body": "[" * 10_000 + '\\"{' * 500, "tags": [["a"]]})
    assert parse_json(text) == json.loads(text)
    assert parse_json(text.encode()) == json.loads(text)


def test_objects_count_like_arrays() -> None:
    deep = '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)
    with pytest.raises(JSONTooDeep):
        parse_json(deep)
    assert parse_json('{"a": ' * MAX_DEPTH + "1" + "}" * MAX_DEPTH)


def test_malformed_json_is_still_a_value_error_with_its_own_message() -> None:
    with pytest.raises(ValueError, match="Expecting"):
        parse_json('{"a": ')
    with pytest.raises(ValueError, match="not JSON"):
        parse_json('{"a": NaN}')


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"email": "\xff"}', "application/json"),
        (b'{"email": "a"}', "application/json; charset=bz2_codec"),
    ],
)
def test_a_body_that_cannot_be_decoded_is_a_400(api, body: bytes, content_type: str) -> None:
    response = api.post("/api/v1/auth/token/", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["detail"]

"""The OpenAPI document's shared rules: its groups (tags), component names, and the
post-processing that documents every operation's errors and describes every response.

The exception handler (hub/api/exceptions.py) gives every error the same two shapes, and
authentication, throttling, content negotiation and pagination apply to every endpoint,
so the errors are added here once instead of in every view's `extend_schema`. Likewise a
success response that its view does not describe gets its description here, from what it
holds, so no response in the document is left without one.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema


def tagged(name: str) -> Any:
    """`extend_schema(tags=[name])` for a view or action; `name` is one of the API's groups,
    SPECTACULAR_SETTINGS["TAGS"] in hub/settings.py."""
    names = [tag["name"] for tag in spectacular_settings.TAGS]
    if name not in names:
        raise ValueError(f"{name!r} is not one of the API's groups: {names}")
    return extend_schema(tags=[name])


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with component names that read well."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        # COMPONENT_SPLIT_REQUEST appends "Request" to every request body's component:
        # `AdoptionRequestSerializer` would become `AdoptionRequestRequest`. Said once.
        name = super().get_serializer_name(serializer, direction)
        if direction == "request" and name.endswith("RequestSerializer"):
            return name.removesuffix("RequestSerializer")
        return name


ERROR = {
    "type": "object",
    "description": "An error with a message a person can act on.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Invalid input: each invalid field maps to a list of messages; errors that concern "
        "no single field are under `detail` or `non_field_errors`."
    ),
    "additionalProperties": {},
}

_ref = "#/components/schemas/{}".format

# status -> (description, component) for every operation
_ALWAYS = {
    "400": ("Invalid input (body, query parameters or path).", "ValidationError"),
    "401": ("The token or session is missing or not valid.", "Error"),
    "404": ("Not found, or not visible to the caller.", "Error"),
    "406": ("The Accept header asks for a format the API does not serve.", "Error"),
    "429": ("Too many requests; retry after the time in the Retry-After header.", "Error"),
}
_WRITES = {
    "403": ("The caller may not do this.", "Error"),
    "415": ("The request body has a media type the endpoint does not accept.", "Error"),
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}


_BLANKABLE_FORMATS = {"uri", "email"}


def _is_blank_alternative(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("maxLength") == 0


def _fix_blank_alternatives(node: dict[str, Any]) -> None:
    """drf-spectacular writes a string that may also be blank as `oneOf: [<the string>,
    <maxLength 0>]`, but leaves the field's default inside the first branch, where "" breaks
    that branch's own pattern or format (openapi-spec-validator's two errors), and lets ""
    match both branches when no validator checks the format. The default belongs to the
    field, and the first branch is for non-blank strings."""
    branches = node["oneOf"]
    for branch in branches:
        if not _is_blank_alternative(branch) and isinstance(branch, dict):
            if "default" in branch:
                node.setdefault("default", branch.pop("default"))
            if branch.get("type") == "string":
                branch.setdefault("minLength", 1)


def _allow_blank_formats(node: Any) -> None:
    """Optional URL and e-mail fields are "" when not given; say so instead of claiming a
    format the empty string does not have."""
    if isinstance(node, dict):
        if any(_is_blank_alternative(alt) for alt in node.get("oneOf", [])):
            _fix_blank_alternatives(node)
            return  # drf-spectacular already allows "" here (blank=True model fields)
        if any(_is_blank_alternative(alt) for alt in node.get("anyOf", [])):
            return
        if node.get("type") == "string" and node.get("format") in _BLANKABLE_FORMATS:
            fmt = node.pop("format")
            node["anyOf"] = [{"format": fmt}, {"maxLength": 0}]
        for value in node.values():
            _allow_blank_formats(value)
    elif isinstance(node, list):
        for value in node:
            _allow_blank_formats(value)


# Components whose name is not a plain noun: what a response of theirs holds.
_HOLDS = {
    "Me": "your account",
    "TokenResponse": "your API token",
    "HitList": "the hits, and how many organisations they come from",
    "SearchResponse": "a page of results with the counts of every facet",
    "DismissResult": "how many flags were dismissed",
    "MarkReadResult": "how many notifications were marked read",
    "Summary": "the round's results",
    "Follow": "whether you follow the idea, and how many do",
}
_IRREGULAR_PLURALS = {"evidence": "evidence", "feedback": "feedback"}


def _words(component: str) -> str:
    return " ".join(w.lower() for w in re.findall(r"[A-Z][a-z]*", component))


def _plural(words: str) -> str:
    *first, last = words.split(" ")
    return " ".join([*first, _IRREGULAR_PLURALS.get(last, last + "s")])


def _holds(schema: dict[str, Any]) -> str:
    """What a response body with this schema holds, in words."""
    ref = schema.get("$ref", "")
    items = schema.get("items", {}).get("$ref", "") if schema.get("type") == "array" else ""
    if items:
        return "the " + _plural(_words(items.rsplit("/", 1)[-1]))
    name = ref.rsplit("/", 1)[-1]
    if not name:
        return "the data"
    if name in _HOLDS:
        return _HOLDS[name]
    paginated = re.fullmatch(r"Paginated(\w+)List", name)
    if paginated:
        return "a page of " + _plural(_words(paginated.group(1)))
    return "the " + _words(name)


def _success_description(method: str, status: str, response: dict[str, Any]) -> str:
    schemas = [c.get("schema", {}) for c in response.get("content", {}).values()]
    holds = _holds(schemas[0]) if schemas else "nothing"
    if status == "201":
        return f"Created: {holds}."
    if method in {"patch", "put"}:
        return f"Saved: {holds}."
    if method in {"post", "delete"}:
        return f"Done: {holds}."
    return holds[0].upper() + holds[1:] + "."


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the shared error responses, describe
    the responses their views leave undescribed, and let optional URL/e-mail strings be
    blank (with valid defaults)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    _allow_blank_formats(schemas)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _allow_blank_formats(operation.get("parameters", []))
            for status, response in operation["responses"].items():
                if not str(response.get("description", "")).strip():
                    response["description"] = _success_description(method, status, response)
            errors = dict(_ALWAYS)
            if method in _WRITE_METHODS or operation.get("security") != [{}]:
                errors |= _WRITES
            responses = operation["responses"]
            for status, (description, component) in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": _ref(component)}}},
                    },
                )
    return result

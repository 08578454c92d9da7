"""OpenAPI post-processing: every operation documents the errors it can answer with.

The exception handler (hub/api/exceptions.py) gives every error the same two shapes, and
authentication, throttling, content negotiation and pagination apply to every endpoint,
so the errors are added here once instead of in every view's `extend_schema`.
"""

from __future__ import annotations

from typing import Any

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


def _allow_blank_formats(node: Any) -> None:
    """Optional URL and e-mail fields are "" when not given; say so instead of claiming a
    format the empty string does not have."""
    if isinstance(node, dict):
        alternatives = node.get("oneOf", []) + node.get("anyOf", [])
        if any(alt.get("maxLength") == 0 for alt in alternatives if isinstance(alt, dict)):
            return  # drf-spectacular already allows "" here (blank=True model fields)
        if node.get("type") == "string" and node.get("format") in _BLANKABLE_FORMATS:
            fmt = node.pop("format")
            node["anyOf"] = [{"format": fmt}, {"maxLength": 0}]
        for value in node.values():
            _allow_blank_formats(value)
    elif isinstance(node, list):
        for value in node:
            _allow_blank_formats(value)


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the shared error responses (and let
    optional URL/e-mail strings be blank)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    _allow_blank_formats(schemas)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
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

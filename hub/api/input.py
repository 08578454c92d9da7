"""How the API views read a request's input: through a serializer, in one way."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def validated(
    serializer_class: type[serializers.BaseSerializer], data: Any, **kwargs: Any
) -> dict[str, Any]:
    """The input (a body or a query string) as `serializer_class` cleans it; otherwise a
    400 that names each field to change (DRF's ValidationError, answered by the handler).
    `kwargs` go to the serializer, such as `instance=` and `partial=True` for an edit."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

"""One translation of domain errors into JSON responses a person can act on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.api.parsers import TOO_DEEP


def _validation_detail(error: ValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"detail": " ".join(str(m) for m in error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn Django's ValidationError/PermissionDenied/Http404 into 400/403/404 JSON.

    Services raise plain Django exceptions; the API layer never needs its own try/except.
    """
    if isinstance(exc, ValidationError):
        return Response(_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.ParseError) and exc.get_codes() != TOO_DEEP:
        exc = exceptions.ParseError(
            _("The request body is not valid JSON: %(error)s") % {"error": exc.detail}
        )
    return drf_exception_handler(exc, context)

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
from hub.rates import RateLimited
from search.backends.errors import SearchUnavailable


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "search_unavailable"


def _validation_detail(error: ValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"detail": " ".join(str(m) for m in error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn the services' exceptions into JSON: ValidationError 400, PermissionDenied 403,
    Http404 404, RateLimited 429 with Retry-After, SearchUnavailable 503.

    Services raise plain Django exceptions (and these two of ours); the API layer never
    needs its own try/except.
    """
    if isinstance(exc, ValidationError):
        return Response(_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=exc.wait, detail=str(exc))
    elif isinstance(exc, SearchUnavailable):
        exc = ServiceUnavailable(_("Search is unavailable right now. Try again in a minute."))
    elif isinstance(exc, exceptions.ParseError) and exc.get_codes() != TOO_DEEP:
        exc = exceptions.ParseError(
            _("The request body is not valid JSON: %(error)s") % {"error": exc.detail}
        )
    return drf_exception_handler(exc, context)

"""A database that is locked or briefly unreachable is a 503 the client can retry, not a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# PostgreSQL SQLSTATEs that mean "busy or away, try again": lock not available, query
# cancelled (statement/lock timeout), admin/crash shutdown, cannot connect now,
# serialization failure, deadlock. Class 08 (connection exceptions) is matched by prefix.
_RETRYABLE_SQLSTATES = {"55P03", "57014", "57P01", "57P02", "57P03", "40001", "40P01"}
_SQLITE_BUSY = ("is locked", "unable to open database")  # database / table / schema is locked


def database_unavailable(error: BaseException) -> bool:
    """True when the error says the database is busy or unreachable (not a bug in a query)."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate in _RETRYABLE_SQLSTATES or sqlstate.startswith("08")
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return True  # connection-level failure: psycopg sets no SQLSTATE
    return any(text in str(error) for text in _SQLITE_BUSY)


class DatabaseUnavailableMiddleware:
    """Turn a locked or unreachable database into 503 + Retry-After: JSON under /api/, the
    503 page elsewhere. Whatever the request was doing is rolled back by its transaction."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "detail": _(
                        "The database is busy or briefly unavailable. Nothing was saved; "
                        "please try again in a moment."
                    )
                },
                status=503,
            )
        else:
            template = loader.get_template("503.html")
            response = HttpResponse(template.render({}, request), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

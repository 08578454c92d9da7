"""Domain errors on pages, translated in one place (the API's counterpart is
hub/api/exceptions.py).

A service's ValidationError is shown on the form that sent the input, on the field it
names when the form has that field; a rate limit (hub.rates.RateLimited) as a form error. PermissionDenied and Http404 are left to Django: the
site's 403 and 404 pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.forms import BaseForm

from hub.rates import RateLimited


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one. A
    form whose fields differ from the service's names maps them in `field_of_service_error` (a
    place's `point` is shown on its longitude field)."""
    if hasattr(error, "error_dict"):
        renamed: dict[str, str] = getattr(form, "field_of_service_error", {})
        for field, messages in error.message_dict.items():
            field = renamed.get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@contextmanager
def errors_on(form: BaseForm) -> Iterator[None]:
    """Run a service call for the form: a ValidationError it raises ends the block and is
    shown on the form (`add_errors`); the view then renders the form again."""
    try:
        yield
    except ValidationError as error:
        add_errors(form, error)
    except RateLimited as error:
        form.add_error(None, str(error))

"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BaseForm
from django.http import QueryDict
from django.template import Context

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict, **changes: object) -> str:
    """The current query string with some parameters changed (for paging and filter links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def has_form_errors(context: Context) -> bool:
    """Whether a form on the page was sent and has errors: the page title then starts with
    "Error:" (the GOV.UK pattern), on every form page, without JavaScript."""
    values: list[Any] = list(context.flatten().values())
    # type(), not isinstance(): lazy values (csrf_token, user) stay unevaluated.
    forms = [value for value in values if issubclass(type(value), BaseForm)]
    return any(form.is_bound and form.errors for form in forms)


@register.simple_tag(takes_context=True)
def summary_once(context: Context, form: BaseForm | None = None) -> BaseForm | None:
    """The form (else the page's `form`) the first time a page asks for its error summary,
    then None: allauth's e-mail page lays one form out in two <form> elements, and some of
    its pages do not name their form to the element that shows the summary."""
    form = form or context.get("form")
    if not isinstance(form, BaseForm) or getattr(form, "_error_summary_shown", False):
        return None
    form._error_summary_shown = True  # type: ignore[attr-defined]
    return form

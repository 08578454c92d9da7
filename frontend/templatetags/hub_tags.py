"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.http import QueryDict
from django.template import Context
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString

from hub.content_language import CONTENT_LANGUAGE, content_html, content_lang_attribute

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
def page_query(context: dict, number: int) -> str:
    """The current query string on page `number`: of the parameter `page_param` when the
    page has several lists, else of "page"."""
    return query_with(context, **{context.get("page_param") or "page": number})


@register.simple_tag(takes_context=True)
def language_source(context: dict) -> str:
    """Where the page's language comes from, as accounts.middleware and LocaleMiddleware
    decide it: "profile" (signed in), "choice" (the switch, in this browser) or "browser"."""
    request = context["request"]
    if request.user.is_authenticated:
        return "profile"
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return "choice"
    return "browser"


@register.filter
def content(value: object) -> SafeString:
    """What people wrote (a title, a note), marked as Swedish in a page of another language:
    `{{ idea.title|content }}`. Escapes like `{{ }}`; works inside {% blocktranslate with %}."""
    return content_html(value)


@register.simple_tag
def content_lang() -> SafeString:
    """` lang="sv"` on an element holding what people wrote, when the page is in another
    language: `<div class="markdown"{% content_lang %}>`."""
    return content_lang_attribute()


@register.simple_tag
def month_names() -> str:
    """The month names of the active language as the `date` filter's "F" writes them,
    comma-separated, for scripts that write dates the way the server does."""
    return ",".join(str(MONTHS[month]) for month in range(1, 13))


@register.simple_tag
def content_language() -> str:
    """The language people write in ("sv"), for scripts that show what they wrote."""
    return CONTENT_LANGUAGE


@register.simple_tag(takes_context=True)
def has_form_errors(context: Context) -> bool:
    """Whether a form on the page was sent and has errors: the page title then starts with
    "Error:" (the GOV.UK pattern), on every form page, without JavaScript."""
    values: list[Any] = list(context.flatten().values())
    # type(), not isinstance(): lazy values (csrf_token, user) stay unevaluated.
    forms = [value for value in values if issubclass(type(value), BaseForm)]
    formsets = [value for value in values if issubclass(type(value), BaseFormSet)]
    return any(form.is_bound and form.errors for form in forms) or any(
        formset.is_bound and formset.total_error_count() for formset in formsets
    )


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

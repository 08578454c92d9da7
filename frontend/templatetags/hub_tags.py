"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import QueryDict

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
def language_source(context: dict) -> str:
    """Where the page's language comes from, as accounts.middleware and LocaleMiddleware
    decide it: "profile" (signed in), "choice" (the switch, in this browser) or "browser"."""
    request = context["request"]
    if request.user.is_authenticated:
        return "profile"
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return "choice"
    return "browser"

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in person's profile language wins; for visitors LocaleMiddleware has already
    chosen (the switch's cookie, else the browser's Accept-Language, else Swedish).

    The switch saves a signed-in person's choice in their profile (frontend.views.core.
    language_set), so a cookie left from before signing in, on a shared computer, never
    overrides the person's own choice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)

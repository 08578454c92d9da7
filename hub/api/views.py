from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _


def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Unknown API paths answer in JSON like the rest of the API, not with an HTML page.

    A path that only lacks its trailing slash is redirected for reads (as APPEND_SLASH
    would) and named in the message for writes, whose body a redirect would lose.
    """
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            if request.method in ("GET", "HEAD"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.path + "/" + (f"?{query}" if query else "")
                )
            return JsonResponse(
                {"detail": _("Add a trailing slash: %(path)s") % {"path": request.path + "/"}},
                status=404,
            )
    return JsonResponse(
        {"detail": _("There is no API endpoint at this address. See /api/docs/ for what exists.")},
        status=404,
    )

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check: JSON under /api/ like every other API error, our own page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _(
                    "The CSRF check failed: a signed-in browser must send the CSRF token "
                    "(X-CSRFToken header); API clients can use token authentication instead."
                )
            },
            status=403,
        )
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render({"exception": reason}, request))


@csrf_exempt  # it changes nothing; a write to an unknown path is a 404, not a CSRF failure
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
        {
            "detail": _("There is no API endpoint at this address. See %(docs)s for what exists.")
            % {"docs": reverse("swagger-ui")}
        },
        status=404,
    )

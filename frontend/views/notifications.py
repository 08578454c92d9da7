"""My notifications: the list, marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.auth import signed_in_user
from notifications import selectors, services


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.notifications_for(request.user, unread=True if unread_only else None)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/notifications/notification_list.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one (`id`) or all notifications read; with `go`, follow the notification's link."""
    user = signed_in_user(request)
    notification_id = request.POST.get("id")
    if notification_id:
        services.notifications_mark_read(user=user, ids=[notification_id])
        target = request.POST.get("go", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
    else:
        count = services.notifications_mark_read(user=user)
        messages.success(
            request, _("All notifications are marked as read (%(count)s).") % {"count": count}
        )
    return redirect("frontend:notification_list")

"""What a page that changes something fetches first, in one way for every app: the
signed-in user and the object, through the app's `access_*` selector (404 for what they
may not see) and its `require_*` selectors (403 with the services' own reason), so the page
refuses before it shows a form exactly as the service would refuse the write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from hub.auth import signed_in_user

T = TypeVar("T")


def fetch_for_change(
    request: HttpRequest,
    access: Callable[[User, int], T],
    pk: int,
    *require: Callable[[User, T], object],
) -> tuple[User, T]:
    """The signed-in user and `access(user, pk)`, once every `require(user, found)` let it
    through. For views behind login_required."""
    user = signed_in_user(request)
    found = access(user, pk)
    for check in require:
        check(user, found)
    return user, found


def safe_next(request: HttpRequest) -> str | None:
    """The POSTed `next` page if it is on this site (never an open redirect elsewhere)."""
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None

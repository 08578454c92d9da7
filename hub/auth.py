"""Small typed helpers about the requesting user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, for views already guarded by login_required / IsAuthenticated."""
    user = request.user
    if not user.is_authenticated:  # guarded views never get here; a bug if they do
        raise RuntimeError("signed_in_user() called on an anonymous request")
    return user  # type: ignore[return-value]

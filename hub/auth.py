"""Small typed helpers about the requesting user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import AnonymousUser
    from typing_extensions import TypeIs

    from accounts.models import User

    #: Whoever makes a request: a signed-in user or an anonymous visitor.
    Viewer: TypeAlias = User | AnonymousUser


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, for views already guarded by login_required / IsAuthenticated."""
    user = request.user
    if not user.is_authenticated:  # guarded views never get here; a bug if they do
        raise RuntimeError("signed_in_user() called on an anonymous request")
    return user  # type: ignore[return-value]


def is_signed_in(user: Viewer | None) -> TypeIs[User]:
    """Whether the viewer is a signed-in user (not an anonymous visitor, not nobody); after
    it, the type checker knows which."""
    return user is not None and bool(user.is_authenticated)

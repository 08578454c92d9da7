from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class SignedInToWrite(permissions.BasePermission):
    """Anyone may read what they can see; writing needs a signed-in user.

    Role checks (team only, participant only) live in the services and the access_*
    selectors, because object permissions never run for lists and creates.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

"""Per-user limits on writes, on top of the general read limits in REST_FRAMEWORK."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class WriteRateThrottle(UserRateThrottle):
    """Creates, changes and deletions per signed-in user (per address when anonymous):
    scope `write`, rate THROTTLE_WRITE. Reads are not counted here."""

    scope = "write"

    def get_rate(self) -> str | None:
        # Read the rate on each request, not once at import, so settings changes apply.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate else None

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

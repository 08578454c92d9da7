"""API rate limits: reads per visitor and per user, writes per user, keyed on hub.net.client_ip,
with rates written as every limit of the project is (hub/rates.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings

from hub import rates
from hub.net import client_ip


class ClientAddressMixin:
    """Key anonymous limits on the real client address, never on a header the client sets;
    read the rate in the project's one syntax ("600/m", "5/5m", "10/60")."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request)

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        if rate is None:
            return (None, None)
        return rates.parse_rate(rate)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Reads and writes per address for anonymous visitors (THROTTLE_ANON)."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Requests per signed-in user, per address when anonymous (THROTTLE_USER)."""


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """A view's own scope (the token endpoint: THROTTLE_TOKEN), per user or address."""


class WriteRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
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

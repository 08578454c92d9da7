"""The client's network address, read one way everywhere (sign-in limits, API throttles)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind BEHIND_PROXY=n proxies, the address the n-th proxy from us saw.

    X-Forwarded-For is written by whoever sends the request: without a proxy of ours in
    front it is never read, and behind n proxies only the n-th entry from the right (the one
    our outermost proxy appended) is trusted; what the client wrote to its left is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count: int = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not count or not forwarded:
        return remote
    hops = [hop.strip() for hop in str(forwarded).split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: a request that bypassed some of them; take the leftmost.
    return hops[-min(count, len(hops))]

"""What one client may cost: comments and resumes per minute, sockets open at once.

Rates are fixed windows counted in the shared cache (Redis when REDIS_URL is set), so a
limit holds across every Daphne process and every way of posting; a rate is a setting such
as "10/60" (10 per 60 seconds; 0 turns the limit off).

Sockets are counted per signed-in session (`COMMENT_SOCKETS_PER_SESSION`, default 20) and
per address for anonymous visitors (`COMMENT_SOCKETS_PER_ADDRESS`, default 50; signed-in
sockets do not count there, so an office behind one address is not limited by its staff).
Each open tab of an idea page holds one socket: 20 tabs of one browser session is far beyond
ordinary use, and 50 lets a school, library or household share an address, while no one
client can hold thousands of sockets (each costs the server memory, about 50 KB). Each
process keeps its own counts and publishes them through `comments.presence`, under keys
that expire with `COMMENT_PRESENCE_TTL`, so the sockets of a process that died stop
counting within that time. Two processes admitting the same client at the same instant
may each let one more through: a cap, not a ledger.

The address is the connection's own (the ASGI scope's `client`). X-Forwarded-For is
anyone's to write, so it is read only when `ALLAUTH_TRUSTED_PROXY_COUNT` says how many
proxies in front add to it, taking the entry the outermost of them wrote, as allauth does.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings

from hub.auth import is_signed_in
from hub.rates import rate_wait

if TYPE_CHECKING:
    from hub.auth import Viewer


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _clean_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_address(scope: dict[str, Any]) -> str | None:
    """The client's IP address: the connection's, or behind trusted proxies the one the
    outermost proxy saw; None when unknown (a Unix socket, a test)."""
    proxies = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        entries = [entry for entry in _header(scope, b"x-forwarded-for").split(",") if entry]
        # Fewer entries than proxies: the request did not come through them all; it is
        # counted by the connection's address (the innermost proxy's) rather than refused.
        if len(entries) >= proxies:
            return _clean_address(entries[-proxies])
    client = scope.get("client")
    return _clean_address(str(client[0])) if client else None


def _session_subject(scope: dict[str, Any]) -> str | None:
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    # Hashed: the session key is a credential, and cache keys are visible to whoever can
    # list Redis's keys.
    return f"session:{hashlib.sha256(key.encode()).hexdigest()[:32]}" if key else None


def socket_subject(scope: dict[str, Any], user: Viewer) -> tuple[str, int] | None:
    """What a new socket is counted under, and that subject's cap: the signed-in session,
    or the anonymous visitor's address; None when not capped (cap 0, or no address)."""
    if is_signed_in(user):
        cap = int(settings.COMMENT_SOCKETS_PER_SESSION)
        subject = _session_subject(scope) or f"user:{user.pk}"
    else:
        cap = int(settings.COMMENT_SOCKETS_PER_ADDRESS)
        address = client_address(scope)
        subject = f"address:{address}" if address else ""
    if cap <= 0 or not subject:
        return None
    return f"sockets:{subject}", cap


def resume_subject(scope: dict[str, Any], user: Viewer, socket_id: str) -> str:
    """Whose resumes count together: the signed-in person's, or the anonymous address's
    (the socket's own when the address is unknown)."""
    if is_signed_in(user):
        return f"user:{user.pk}"
    address = client_address(scope)
    return f"address:{address}" if address else f"socket:{socket_id}"


def resume_wait(subject: str) -> int:
    """Count one resume (COMMENT_RESUME_RATE_LIMIT): 0 if allowed, else seconds to wait."""
    return rate_wait(f"comments:resume:{subject}", settings.COMMENT_RESUME_RATE_LIMIT)


# Sockets this process holds per subject. Changed only on the event loop, synchronously,
# so a process never admits one too many of its own.
_open_sockets: dict[str, int] = {}


def socket_opened(subject: str) -> int:
    """One more socket of the subject here; the process's count for it."""
    _open_sockets[subject] = _open_sockets.get(subject, 0) + 1
    return _open_sockets[subject]


def socket_closed(subject: str) -> int:
    """One socket of the subject less here; the process's count for it."""
    count = _open_sockets.get(subject, 0) - 1
    if count > 0:
        _open_sockets[subject] = count
    else:
        _open_sockets.pop(subject, None)
    return max(0, count)


def open_sockets() -> dict[str, int]:
    """This process's socket count per subject (a copy, for the periodic refresh)."""
    return dict(_open_sockets)

"""Template helpers for the security-key (WebAuthn) pages."""

from __future__ import annotations

import ipaddress
from typing import TypedDict

from django import template
from django.http import HttpRequest
from django.http.request import split_domain_port

from accounts.selectors import user_second_factor_types

register = template.Library()


class KeysUnavailable(TypedDict):
    address: str  # where the page is open, e.g. "http://127.0.0.1:8000"
    by_name_url: str  # the same page at http://localhost, when open at a loopback address


def _ip_address(domain: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(domain.strip("[]"))
    except ValueError:
        return None


def keys_unavailable(request: HttpRequest) -> KeysUnavailable | None:
    """Why the browser will not use a security key at the address this page is open at.

    A key is bound to the site's name (allauth takes the relying party id from the request's
    host): browsers refuse an IP address as that name, and offer keys only on https pages
    and on http://localhost (and its subdomains). Anywhere else the key button would fail
    with nothing but a line in the browser console.
    """
    domain, port = split_domain_port(request.get_host())
    ip = _ip_address(domain)
    secure = request.is_secure()
    local_name = domain == "localhost" or domain.endswith(".localhost")
    if ip is None and (secure or local_name):
        return None
    by_name_url = ""
    if ip is not None and ip.is_loopback:
        host = f"localhost:{port}" if port else "localhost"
        by_name_url = f"{request.scheme}://{host}{request.get_full_path()}"
    return {"address": f"{request.scheme}://{request.get_host()}", "by_name_url": by_name_url}


@register.simple_tag(takes_context=True)
def security_keys_unavailable(context: template.Context) -> KeysUnavailable | None:
    """`{% security_keys_unavailable as unavailable %}`: see keys_unavailable()."""
    return keys_unavailable(context["request"])


@register.simple_tag
def second_factor_types(user: object) -> frozenset[str]:
    """`{% second_factor_types user as types %}`: the kinds of second factor the user has."""
    return user_second_factor_types(user)  # type: ignore[arg-type]

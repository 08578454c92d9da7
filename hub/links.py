"""Absolute links to the site, for e-mail: built from SITE_URL, never from a request.

A request's Host header is whatever the client sent (ALLOWED_HOSTS narrows it, but a site
reached as 127.0.0.1, localhost or through a proxy has several), and mail sent outside a
request has none: every e-mailed link names the one address the site is configured with.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str = "/") -> str:
    """`path` (from reverse() or a model's URL) on the site's configured address."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates read from `current_site`: the site's name and address."""

    name: str
    domain: str


def mail_site() -> MailSite:
    return MailSite(name="Delahub", domain=urlsplit(settings.SITE_URL).netloc)

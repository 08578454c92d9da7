"""Checks of what people send about ideas, before the services store it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

MAX_LINKS = 20


def clean_links(links: Any) -> list[dict[str, str]]:
    """Links as an idea stores them: a list of {title, url} with http(s) addresses (a bare
    address is a link titled by itself); a ValidationError on `links` otherwise."""
    if links in (None, ""):
        return []
    if not isinstance(links, list):
        raise ValidationError({"links": _("Give the links as a list of {title, url}.")})
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": _("At most %(max)s links, please.") % {"max": MAX_LINKS}})
    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for item in links:
        if isinstance(item, str):
            item = {"title": "", "url": item}
        if not isinstance(item, dict):
            raise ValidationError({"links": _("Give the links as a list of {title, url}.")})
        url = str(item.get("url", "")).strip()
        title = " ".join(str(item.get("title", "")).split())[:200]
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                {
                    "links": _("“%(url)s” is not a web address starting with https:// or http://.")
                    % {"url": url[:100]}
                }
            ) from None
        cleaned.append({"title": title or url, "url": url})
    return cleaned

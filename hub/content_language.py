"""What people write on the hub (titles, descriptions, comments, notes…) is Swedish unless
known otherwise. In a page of another language (the English interface) it is marked
`lang="sv"`, so screen readers pronounce it as Swedish and browsers hyphenate and translate it
right (WCAG 3.1.2, language of parts). The template filter `content` and tag `content_lang`
(frontend/templatetags/hub_tags.py) and comments.js use these; nothing else decides it."""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CONTENT_LANGUAGE = "sv"


def content_differs() -> bool:
    """True when the page's language is not the language people write in."""
    return (get_language() or CONTENT_LANGUAGE).split("-")[0] != CONTENT_LANGUAGE


def content_lang_attribute() -> SafeString:
    """` lang="sv"` for an element holding what people wrote, when the page needs it."""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"') if content_differs() else mark_safe("")  # noqa: S308 - a constant


def content_html(value: object) -> SafeString:
    """What people wrote, escaped, in a `<span lang="sv">` when the page needs it."""
    if not content_differs():
        return SafeString(conditional_escape(str(value)))
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)

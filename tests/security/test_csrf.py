"""Every form that changes something carries a CSRF token, and a write without one is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    ROOT / app / "templates"
    for app in (
        "frontend",
        "accounts",
        "ideas",
        "prototypes",
        "search",
        "comments",
        "notifications",
    )
]
POST_FORM = re.compile(r"<form\b[^>]*method=[\"']post[\"'][^>]*>(.*?)</form>", re.I | re.S)


def _post_forms() -> list[tuple[str, str]]:
    forms = []
    for directory in TEMPLATE_DIRS:
        for template in sorted(directory.rglob("*.html")) if directory.exists() else []:
            for body in POST_FORM.findall(template.read_text(encoding="utf-8")):
                forms.append((str(template.relative_to(ROOT)), body))
    return forms


def test_the_scan_finds_the_post_forms() -> None:
    assert len(_post_forms()) >= 10


@pytest.mark.parametrize(("template", "body"), _post_forms())
def test_every_post_form_has_a_csrf_token(template: str, body: str) -> None:
    has_token = "{% csrf_token %}" in body or 'name="csrfmiddlewaretoken"' in body
    assert has_token, f"{template}: a POST form without {{% csrf_token %}}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/ideer/ny/", "/mitt-konto/", "/mitt-konto/radera/", "/accounts/logout/", "/i18n/setlang/"],
)
def test_a_page_write_without_the_token_is_refused(owner, path: str) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post(path, {}).status_code == 403

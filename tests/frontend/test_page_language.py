"""Which language a page is in: the browser's (Accept-Language) for a visitor, the profile's
for a signed-in person, and the language switch says so and keeps the choice."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from accounts.models import User

pytestmark = pytest.mark.django_db


def page_language(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<html lang="([a-z-]+)"', response.content.decode())
    assert found, "the page has no <html lang>"
    return found.group(1)


def language_note(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(
        r'<p class="language-note" id="language-note">([^<]*)</p>', response.content.decode()
    )
    assert found, "the language switch has no note"
    return found.group(1).strip()


@pytest.mark.parametrize(
    ("header", "expected"),
    [("en-GB,en;q=0.9", "en"), ("sv-SE,sv;q=0.9", "sv"), ("de-DE,de;q=0.9", "sv"), ("", "sv")],
)
def test_a_visitor_gets_the_browsers_language_or_swedish(client, header, expected) -> None:
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE=header)) == expected


def test_a_visitors_choice_in_the_switch_beats_the_browser(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="sv")) == "en"


def test_the_profile_language_beats_the_browsers(client, citizen: User) -> None:
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    client.force_login(citizen)
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="sv-SE,sv")) == "en"


def test_the_profile_language_beats_a_choice_made_before_signing_in(client, citizen) -> None:
    # Chosen as a visitor on a shared computer: the person who signs in gets their own.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(citizen)
    assert citizen.language == "sv"
    assert page_language(client.get("/")) == "sv"


def test_the_switch_saves_a_signed_in_persons_profile_language(client, citizen) -> None:
    client.force_login(citizen)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ideer/"})
    assert response.status_code == 302
    assert response["Location"] == "/ideer/"
    citizen.refresh_from_db()
    assert citizen.language == "en"
    # The choice follows the person, not the browser: a fresh browser shows English too.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="sv")) == "en"


def test_the_switch_works_for_a_name_the_rules_now_refuse(client, citizen) -> None:
    # A name given before a word was reserved (or set by staff) is not checked again when
    # only the language changes.
    User.objects.filter(pk=citizen.pk).update(display_name="Petra Personal")
    client.force_login(citizen)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.language == "en"
    assert citizen.display_name == "Petra Personal"


def test_the_switch_ignores_an_unknown_language(client, citizen) -> None:
    client.force_login(citizen)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "sv"


def test_the_switch_says_where_the_language_comes_from(client, citizen) -> None:
    assert language_note(client.get("/")) == "Följer webbläsarens språk"
    assert language_note(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == (
        "Follows your browser’s language"
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language_note(client.get("/")) == "Saved in this browser"
    client.force_login(citizen)
    assert language_note(client.get("/")) == "Sparas i din profil"
    html = client.get("/").content.decode()
    assert 'aria-describedby="language-note"' in html

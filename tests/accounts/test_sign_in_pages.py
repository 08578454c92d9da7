"""The sign-in pages as a person meets them, in Swedish: sign in, sign up, confirming the
e-mail address, a new password (every step), confirming access again and the two-factor
pages speak the site's words ("e-postadress", "mejl"; allauth's own Swedish says
"Epost-adress" and "Verifierings-mail"), the sign-in page's link to sign-up says so, and
errors stand where they belong: a field's error by its field and tied to it
(aria-describedby), an error about the whole form in the error summary."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.allauth_texts import ALLAUTH_TEXTS
from accounts.models import User
from tests import factories
from tests.accounts.test_mfa_and_single_sign_on import activate_totp
from tests.html_page import HtmlPage

pytestmark = pytest.mark.django_db

#: allauth's Swedish words the site does not use: "Epost", "epost-adress", "Verifierings-mail",
#: "mail", "mailet" (the site says e-post, e-postadress and mejl).
FOREIGN_WORDS = re.compile(r"\b[Ee]post|[Vv]erifierings|\b[Mm]ail(?:et|en|s)?\b")


def read(response) -> HtmlPage:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response
    return HtmlPage(response.content.decode())


def words_of(page: HtmlPage) -> str:
    """What a person reads or hears: the text, and the placeholders and labels in attributes."""
    attributes = [
        value
        for element in page.find_all("input") + page.find_all("textarea")
        for name, value in element.attrs.items()
        if name in ("placeholder", "aria-label", "title")
    ]
    return " ".join([page.title, page.text, *attributes])


def assert_site_words(page: HtmlPage) -> None:
    found = FOREIGN_WORDS.findall(words_of(page))
    assert found == [], f"{page.title}: {found} in {words_of(page)!r}"


def link_in(message: str, path: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", message)
    assert match, message
    return match.group(1)


def test_every_allauth_text_we_reword_is_still_one_allauth_has() -> None:
    catalogue = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    msgids = {entry.msgid for entry in polib.pofile(str(catalogue)) if not entry.obsolete}
    assert [text for text in ALLAUTH_TEXTS if text not in msgids] == []


def test_sign_in_page_links_to_sign_up_with_words_that_say_so(client) -> None:
    page = read(client.get("/accounts/login/"))
    to_sign_up = [a for a in page.find_all("a") if a.attrs.get("href") == "/accounts/signup/"]
    main_link = [a for a in to_sign_up if "Skapa ett konto" == a.text.strip()]
    assert main_link, [a.text for a in to_sign_up]
    assert "Har du redan ett konto" not in page.text
    assert "Har du inget konto än?" in page.text


def test_sign_up_page_links_to_sign_in(client) -> None:
    page = read(client.get("/accounts/signup/"))
    to_sign_in = [a for a in page.find_all("a") if a.attrs.get("href") == "/accounts/login/"]
    assert "logga in" in [a.text.strip() for a in to_sign_in]
    assert "Har du redan ett konto?" in page.text


def test_sign_up_and_confirming_the_address_speak_the_sites_words(client, mailoutbox) -> None:
    assert_site_words(read(client.get("/accounts/signup/")))
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ny@example.se",
            "password1": "ett-bra-losenord-77",
            "password2": "ett-bra-losenord-77",
        },
        follow=True,
    )
    sent = read(response)
    assert "Vi har skickat ett bekräftelsemejl till ny@example.se." in sent.text
    assert "Bekräfta din e-postadress" in sent.text
    assert_site_words(sent)

    (message,) = mailoutbox
    assert FOREIGN_WORDS.findall(message.subject + message.body) == []
    assert "e-postadress" in message.subject + message.body
    confirm = read(client.get(link_in(message.body, "/accounts/confirm-email/")))
    assert "Bekräfta e-postadressen" in confirm.title
    assert_site_words(confirm)
    done = read(client.post(link_in(message.body, "/accounts/confirm-email/"), follow=True))
    assert "Du har bekräftat ny@example.se." in done.text
    assert_site_words(done)


def test_an_old_confirmation_link_says_so_in_the_sites_words(client) -> None:
    page = read(client.get("/accounts/confirm-email/inte-en-nyckel/"))
    assert "Länken för att bekräfta e-postadressen har gått ut eller är ogiltig." in page.text
    assert_site_words(page)


def test_every_step_of_a_new_password_speaks_the_sites_words(client, citizen) -> None:
    start = read(client.get("/accounts/password/reset/"))
    assert "Skriv din e-postadress nedan" in start.text
    assert_site_words(start)
    done = read(client.post("/accounts/password/reset/", {"email": citizen.email}, follow=True))
    assert "Vi har skickat ett mejl till dig." in done.text
    assert_site_words(done)

    (message,) = mail.outbox
    assert FOREIGN_WORDS.findall(message.subject + message.body) == []
    key_url = link_in(message.body, "/accounts/password/reset/key/")
    choose = read(client.get(key_url, follow=True))
    assert_site_words(choose)
    assert [e.attrs["name"] for e in choose.find_all("input") if e.attrs.get("type") == "password"]
    changed = read(
        client.post(
            choose_form_action(choose),
            {"password1": "nytt-bra-losenord-88", "password2": "nytt-bra-losenord-88"},
            follow=True,
        )
    )
    assert_site_words(changed)
    assert User.objects.get(pk=citizen.pk).check_password("nytt-bra-losenord-88")

    used = read(client.get(key_url, follow=True))
    assert "Länken för att byta lösenord är ogiltig" in used.text
    assert_site_words(used)


def choose_form_action(page: HtmlPage) -> str:
    """Where the form that asks for the new password is sent."""
    (form,) = [
        f
        for f in page.find_all("form")
        if any(field.attrs.get("type") == "password" for field in f.find_all("input"))
    ]
    return form.attrs["action"]


def test_managing_e_mail_addresses_speaks_the_sites_words(citizen) -> None:
    client = Client()
    client.force_login(citizen)
    page = read(client.get("/accounts/email/"))
    assert "E-postadresser" in page.title
    assert_site_words(page)


def test_confirming_access_and_two_factor_pages_speak_the_sites_words(owner) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": owner.email, "password": factories.PASSWORD})
    assert_site_words(read(client.get("/accounts/2fa/")))
    asked = read(client.get("/accounts/2fa/totp/activate/", follow=True))
    assert "Bekräfta att det är du" in asked.title
    assert_site_words(asked)
    activate_totp(client)
    for url in (
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
    ):
        assert_site_words(read(client.get(url)))

    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": owner.email, "password": factories.PASSWORD})
    second_step = read(client.get("/accounts/2fa/authenticate/"))
    assert_site_words(second_step)


def test_totp_activation_page_speaks_the_sites_words(owner) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": owner.email, "password": factories.PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": factories.PASSWORD})
    page = read(client.get("/accounts/2fa/totp/activate/"))
    assert "Skriv sedan koden som appen visar." in page.text
    assert_site_words(page)


def test_a_fields_error_stands_by_its_field_and_is_tied_to_it(client) -> None:
    page = read(
        client.post(
            "/accounts/signup/",
            {
                "email": "ny@example.se",
                "password1": "ett-bra-losenord-77",
                "password2": "ett-annat-losenord-77",
            },
        )
    )
    error = page.by_id("id_password2_error")
    assert "Skriv samma lösenord båda gångerna." in error.text
    field = page.by_id("id_password2")
    assert "id_password2_error" in field.attrs["aria-describedby"].split()
    assert field.attrs.get("aria-invalid") == "true"
    (box,) = [f for f in page.by_class("field") if any(e is field for e in f.find_all("input"))]
    assert any(p is error for p in box.find_all("p"))
    summary = page.by_id("error-summary")
    assert [a.attrs["href"] for a in summary.find_all("a")] == ["#id_password2"]


def test_an_error_about_the_whole_form_is_in_the_summary(client, citizen) -> None:
    page = read(
        client.post("/accounts/login/", {"login": citizen.email, "password": "inte-ratt-123"})
    )
    summary = page.by_id("error-summary")
    assert "E-postadressen eller lösenordet stämmer inte." in summary.text
    assert all("stämmer inte" not in e.text for e in page.by_class("form-error"))


def test_signing_up_again_with_a_used_address_mails_in_the_sites_words(
    client, citizen, mailoutbox
) -> None:
    sent = read(
        client.post(
            "/accounts/signup/",
            {
                "email": citizen.email,
                "password1": "ett-bra-losenord-77",
                "password2": "ett-bra-losenord-77",
            },
            follow=True,
        )
    )
    assert_site_words(sent)
    (message,) = mailoutbox
    assert "Det finns redan ett konto med den e-postadressen." in message.body
    assert FOREIGN_WORDS.findall(message.subject + message.body) == []
    assert EmailAddress.objects.filter(email=citizen.email).count() == 1

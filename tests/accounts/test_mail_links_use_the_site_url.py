"""Links in the account e-mails (confirm an address, reset a password, the mails to an
address with no account or with one already) name the configured SITE_URL, whatever host
or port the request came in on, and lead to the pages they promise."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db
SITE = "https://delahub.example.se:8443"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = SITE + "/"
    # The request arrives under another name and port than the site's address.
    settings.ALLOWED_HOSTS = ["internal.host"]


def links_in(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def only_site_links(message: mail.EmailMessage) -> list[str]:
    links = links_in(message)
    assert links, message.body
    for link in links:
        assert link.startswith(SITE + "/"), (link, message.body)
    assert "internal.host" not in message.body
    return links


def test_the_confirmation_link_of_a_new_account_names_the_site_url(client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ny@example.org",
            "password1": "ett-langt-losenord",
            "password2": "ett-langt-losenord",
        },
        HTTP_HOST="internal.host:9999",
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    (link,) = [x for x in only_site_links(mail.outbox[0]) if "/confirm-email/" in x]
    # The link leads to the confirmation page.
    page = client.get(urlsplit(link).path, HTTP_HOST="internal.host")
    assert page.status_code == 200


def test_the_password_reset_link_names_the_site_url_and_works(client, owner) -> None:
    response = client.post(
        "/accounts/password/reset/", {"email": owner.email}, HTTP_HOST="internal.host:9999"
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    (link,) = [x for x in only_site_links(mail.outbox[0]) if "/password/reset/key/" in x]
    page = client.get(urlsplit(link).path, HTTP_HOST="internal.host", follow=True)
    assert page.status_code == 200
    assert b'name="password1"' in page.content


def test_a_reset_for_an_unknown_address_links_to_sign_up_on_the_site_url(client) -> None:
    client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST="internal.host"
    )
    assert len(mail.outbox) == 1
    assert SITE + "/accounts/signup/" in only_site_links(mail.outbox[0])


def test_signing_up_with_a_taken_address_mails_links_on_the_site_url(client, owner) -> None:
    client.post(
        "/accounts/signup/",
        {
            "email": owner.email,
            "password1": "ett-langt-losenord",
            "password2": "ett-langt-losenord",
        },
        HTTP_HOST="internal.host",
    )
    assert len(mail.outbox) == 1
    links = only_site_links(mail.outbox[0])
    assert SITE + "/accounts/password/reset/" in links


def test_the_mails_name_the_site_by_its_address_not_the_requests_host(client) -> None:
    client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST="internal.host"
    )
    assert "delahub.example.se:8443" in mail.outbox[0].body

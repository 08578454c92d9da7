"""The privacy notice: public, in Swedish and English, linked from every page's footer, and
pointing at the account page's export and deletion, which exist where it says."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/integritet/"


def test_anyone_reads_the_privacy_notice_in_swedish(client) -> None:
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="sv"' in body
    assert "<h1>Integritetsmeddelande</h1>" in body
    for heading in ("Ditt konto", "Testa nya e-tjänster", "Kommentarer", "Kakor"):
        assert heading in body


def test_anyone_reads_the_privacy_notice_in_english(client) -> None:
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in body
    assert "<h1>Privacy notice</h1>" in body
    assert "numbered participant" in body


def test_the_notice_says_what_the_settings_say(client, settings) -> None:
    settings.API_TOKEN_DAYS = 7
    settings.ROUND_SUMMARY_MIN_PARTICIPANTS = 8
    settings.SESSION_COOKIE_AGE = 3 * 86400
    body = client.get(URL).content.decode()
    assert "fungerar i 7 dagar" in body
    assert "minst 8 personer" in body
    assert "högst 3 dagar" in body


def test_the_notice_links_to_export_and_deletion_where_the_account_page_has_them(
    client, citizen
) -> None:
    body = client.get(URL).content.decode()
    assert 'href="/mitt-konto/#data-heading"' in body
    assert 'href="/mitt-konto/#delete-heading"' in body
    assert 'href="/mina-testomgangar/"' in body
    client.force_login(citizen)
    account = client.get("/mitt-konto/").content.decode()
    assert 'id="data-heading"' in account
    assert 'href="/mitt-konto/export/"' in account
    assert 'id="delete-heading"' in account
    assert 'action="/mitt-konto/radera/"' in account


@pytest.mark.parametrize(
    "url", ["/", "/ideer/", "/testa/", "/sok/", "/tillganglighet/", URL, "/accounts/login/"]
)
def test_every_page_footer_links_to_the_privacy_notice(client, url) -> None:
    body = client.get(url).content.decode()
    footer = body.split('<footer class="site-footer">', 1)[1]
    assert f'href="{URL}"' in footer
    assert 'href="/tillganglighet/"' in footer


def test_the_signed_in_pages_footer_links_to_the_privacy_notice(client, citizen) -> None:
    client.force_login(citizen)
    body = client.get("/mitt-konto/").content.decode()
    assert f'href="{URL}"' in body.split('<footer class="site-footer">', 1)[1]

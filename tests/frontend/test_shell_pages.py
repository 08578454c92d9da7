from __future__ import annotations

import json

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_home_is_swedish_by_default(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b'lang="sv"' in response.content
    assert "Hoppa till huvudinnehållet" in response.content.decode()


def test_language_switch_gives_english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert b'lang="en"' in response.content
    assert b"Skip to main content" in response.content


def test_organisation_list_filters_by_county(client) -> None:
    response = client.get("/organisationer/", {"county": "19", "kind": "municipality"})
    text = response.content.decode()
    assert "Skinnskatteberg" in text
    assert "Skellefteå" not in text
    assert "10 organisationer" in text


def test_organisation_list_with_an_unknown_county_shows_an_error_not_a_500(client) -> None:
    response = client.get("/organisationer/", {"county": "99"})
    assert response.status_code == 200
    assert "form-error" in response.content.decode()


def test_organisation_page(client) -> None:
    response = client.get("/organisationer/skinnskatteberg/")
    assert response.status_code == 200
    assert "Västmanlands län" in response.content.decode()
    assert client.get("/organisationer/atlantis/").status_code == 404


def test_organisation_members_are_shown_only_to_members(client, owner, outsider) -> None:
    client.force_login(outsider)
    assert "Olga Owner" not in client.get("/organisationer/skelleftea/").content.decode()
    client.force_login(owner)
    assert "Olga Owner" in client.get("/organisationer/skelleftea/").content.decode()


def test_my_account_needs_sign_in(client) -> None:
    response = client.get("/mitt-konto/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_account_exports_personal_data(client, owner) -> None:
    client.force_login(owner)
    response = client.get("/mitt-konto/export/")
    assert response.status_code == 200
    assert json.loads(response.content)["account"]["email"] == owner.email


def test_my_account_deletion_needs_the_confirmation_box(client, owner) -> None:
    client.force_login(owner)
    client.post("/mitt-konto/radera/", {})
    owner.refresh_from_db()
    assert owner.deleted_at is None
    response = client.post("/mitt-konto/radera/", {"confirm": "on"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.deleted_at is not None
    assert not User.objects.filter(email="owner@skelleftea.example").exists()


def test_profile_form_saves_display_name(client, citizen) -> None:
    client.force_login(citizen)
    response = client.post("/mitt-konto/", {"display_name": "Cissi", "language": "sv"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Cissi"


def test_sign_in_and_sign_up_pages_use_the_site_layout(client) -> None:
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'class="skip-link"' in response.content, url


def test_sign_up_sends_a_verification_email(client, mailoutbox) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ny@example.se",
            "password1": "ett-bra-losenord-77",
            "password2": "ett-bra-losenord-77",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "ny@example.se" in mailoutbox[0].to
    user = User.objects.get(email="ny@example.se")
    assert user.emailaddress_set.get().verified is False

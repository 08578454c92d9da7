from __future__ import annotations

import pytest
from knox.models import AuthToken

from accounts.models import Membership, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_contains_the_account_memberships_and_email_addresses(api_as, owner) -> None:
    response = api_as(owner).get("/api/v1/me/export/")
    assert response.status_code == 200
    data = response.json()
    assert data["account"]["email"] == owner.email
    assert data["account"]["display_name"] == "Olga Owner"
    assert data["memberships"] == [
        {"organisation": "skelleftea", "role": "member", "since": data["memberships"][0]["since"]}
    ]
    assert data["email_addresses"] == [{"email": owner.email, "verified": True, "primary": True}]
    assert "attachment" in response["Content-Disposition"]


def test_export_needs_sign_in(api) -> None:
    assert api.get("/api/v1/me/export/").status_code == 401


def test_export_shows_only_the_callers_data(api_as, owner, outsider) -> None:
    data = api_as(outsider).get("/api/v1/me/export/").json()
    assert owner.email not in str(data)


def test_delete_removes_personal_data_and_keeps_the_row_anonymous(api, owner) -> None:
    assert (
        api.post(
            "/api/v1/auth/token/",
            {"email": owner.email, "password": factories.PASSWORD},
            format="json",
        ).status_code
        == 200
    )
    assert AuthToken.objects.filter(user=owner).exists()
    client = api
    client.force_authenticate(owner)
    response = client.delete("/api/v1/me/")
    assert response.status_code == 204
    owner.refresh_from_db()
    assert owner.email.endswith("@deleted.invalid")
    assert owner.display_name == ""
    assert owner.is_active is False
    assert owner.has_usable_password() is False
    assert owner.deleted_at is not None
    assert owner.public_name in ("Borttagen användare", "Deleted user")
    assert not Membership.objects.filter(user=owner).exists()
    assert not AuthToken.objects.filter(user=owner).exists()
    assert not owner.emailaddress_set.exists()
    assert not User.objects.filter(email="owner@skelleftea.example").exists()


def test_deleted_user_cannot_sign_in(api, owner) -> None:
    api.force_authenticate(owner)
    api.delete("/api/v1/me/")
    api.force_authenticate(None)
    response = api.post(
        "/api/v1/auth/token/",
        {"email": "owner@skelleftea.example", "password": factories.PASSWORD},
        format="json",
    )
    assert response.status_code == 400


def test_email_of_deleted_account_can_sign_up_again(api, owner) -> None:
    api.force_authenticate(owner)
    api.delete("/api/v1/me/")
    again = factories.user(email="owner@skelleftea.example")
    assert again.pk != owner.pk


def test_delete_needs_sign_in(api) -> None:
    assert api.delete("/api/v1/me/").status_code == 401


def test_profile_update_changes_name_and_language(api_as, citizen) -> None:
    response = api_as(citizen).patch(
        "/api/v1/me/", {"display_name": "Cissi", "language": "en"}, format="json"
    )
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.language) == ("Cissi", "en")


def test_profile_update_rejects_unknown_language_and_long_names(api_as, citizen) -> None:
    client = api_as(citizen)
    assert client.patch("/api/v1/me/", {"language": "xx"}, format="json").status_code == 400
    assert (
        client.patch("/api/v1/me/", {"display_name": "x" * 101}, format="json").status_code == 400
    )
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.language) == ("Cecilia", "sv")

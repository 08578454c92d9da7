from __future__ import annotations

import pytest

from accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/skelleftea/members/"


def test_members_see_their_organisations_members(api_as, owner, colleague) -> None:
    response = api_as(colleague).get(URL)
    assert response.status_code == 200
    assert {m["email"] for m in response.json()} == {owner.email, colleague.email}


def test_outsider_may_not_list_another_organisations_members(api_as, owner, outsider) -> None:
    response = api_as(outsider).get(URL)
    assert response.status_code == 403


def test_anonymous_gets_401_for_members(api, owner) -> None:
    assert api.get(URL).status_code == 401


def test_org_admin_adds_an_existing_user(api_as, org_admin, citizen) -> None:
    response = api_as(org_admin).post(
        URL, {"email": citizen.email, "role": "member"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["email"] == citizen.email
    assert Membership.objects.filter(
        user=citizen, organisation__slug="skelleftea", role="member"
    ).exists()


def test_coordinator_adds_members_too(api_as, coordinator, citizen) -> None:
    response = api_as(coordinator).post(URL, {"email": citizen.email}, format="json")
    assert response.status_code == 201


def test_staff_adds_members_to_any_organisation(api_as, staff, citizen) -> None:
    response = api_as(staff).post(URL, {"email": citizen.email, "role": "admin"}, format="json")
    assert response.status_code == 201


def test_plain_member_may_not_add_members(api_as, owner, citizen) -> None:
    response = api_as(owner).post(URL, {"email": citizen.email}, format="json")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=citizen).exists()


def test_outsider_may_not_add_members(api_as, outsider, citizen, skelleftea) -> None:
    response = api_as(outsider).post(URL, {"email": citizen.email}, format="json")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=citizen).exists()


def test_duplicate_membership_is_a_400_with_a_message(api_as, org_admin, owner) -> None:
    response = api_as(org_admin).post(URL, {"email": owner.email}, format="json")
    assert response.status_code == 400
    assert (
        "already a member" in response.json()["email"][0] or "redan" in response.json()["email"][0]
    )
    assert Membership.objects.filter(user=owner).count() == 1


def test_unknown_email_is_a_400_that_says_to_sign_up_first(api_as, org_admin) -> None:
    response = api_as(org_admin).post(URL, {"email": "nobody@example.se"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_unknown_role_is_a_400(api_as, org_admin, citizen) -> None:
    response = api_as(org_admin).post(URL, {"email": citizen.email, "role": "king"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()


def test_over_long_email_is_a_400(api_as, org_admin) -> None:
    response = api_as(org_admin).post(URL, {"email": "a" * 300 + "@example.se"}, format="json")
    assert response.status_code == 400


def test_malformed_json_is_a_400_with_a_message(api_as, org_admin) -> None:
    response = api_as(org_admin).post(URL, data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_members_of_unknown_organisation_is_404(api_as, org_admin) -> None:
    response = api_as(org_admin).get("/api/v1/organisations/atlantis/members/")
    assert response.status_code == 404


def test_member_list_shows_the_role(api_as, owner, org_admin) -> None:
    roles = {m["email"]: m["role"] for m in api_as(owner).get(URL).json()}
    assert roles == {owner.email: "member", org_admin.email: "admin"}


def test_membership_of_a_fresh_user_in_two_organisations(api_as, staff) -> None:
    person = factories.user()
    for slug in ("skelleftea", "krokom"):
        response = api_as(staff).post(
            f"/api/v1/organisations/{slug}/members/", {"email": person.email}, format="json"
        )
        assert response.status_code == 201
    assert person.memberships.count() == 2

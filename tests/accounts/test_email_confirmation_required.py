"""An address nobody confirmed opens nothing: no API token, no membership."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from knox.models import AuthToken

from accounts.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfirmed(db: None):  # type: ignore[no-untyped-def]
    return factories.user(email="unconfirmed@example.org", verified=False)


def test_unconfirmed_address_gets_no_token(api, unconfirmed) -> None:
    response = api.post(
        "/api/v1/auth/token/",
        {"email": unconfirmed.email, "password": factories.PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert "Bekräfta din e-postadress" in response.json()["detail"][0]
    assert not AuthToken.objects.filter(user=unconfirmed).exists()


def test_confirmed_address_gets_a_token(api, unconfirmed) -> None:
    EmailAddress.objects.filter(user=unconfirmed).update(verified=True)
    response = api.post(
        "/api/v1/auth/token/",
        {"email": unconfirmed.email, "password": factories.PASSWORD},
        format="json",
    )
    assert response.status_code == 200


def test_unconfirmed_address_is_never_made_a_member(
    api_as, coordinator, skelleftea, unconfirmed
) -> None:
    response = api_as(coordinator).post(
        f"/api/v1/organisations/{skelleftea.slug}/members/",
        {"email": unconfirmed.email, "role": "member"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "not confirmed yet" in response.json()["email"][0]
    assert not Membership.objects.filter(user=unconfirmed).exists()


def test_the_coordinator_is_told_in_swedish_too(
    api_as, coordinator, skelleftea, unconfirmed
) -> None:
    response = api_as(coordinator).post(
        f"/api/v1/organisations/{skelleftea.slug}/members/",
        {"email": unconfirmed.email},
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "inte bekräftad" in response.json()["email"][0]


def test_a_confirmed_address_is_made_a_member(api_as, coordinator, skelleftea, unconfirmed) -> None:
    EmailAddress.objects.filter(user=unconfirmed).update(verified=True)
    response = api_as(coordinator).post(
        f"/api/v1/organisations/{skelleftea.slug}/members/",
        {"email": unconfirmed.email},
        format="json",
    )
    assert response.status_code == 201


def test_the_address_must_be_the_accounts_own_confirmed_one(
    api_as, coordinator, skelleftea
) -> None:
    # A confirmed secondary address does not vouch for the unconfirmed login address.
    person = factories.user(email="login@example.org", verified=False)
    EmailAddress.objects.create(user=person, email="other@example.org", verified=True)
    response = api_as(coordinator).post(
        f"/api/v1/organisations/{skelleftea.slug}/members/", {"email": person.email}, format="json"
    )
    assert response.status_code == 400

"""Reuse ("we reuse this") by other organisations, and follows by signed-in users."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from ideas.models import Adoption, Follow
from tests import factories

pytestmark = pytest.mark.django_db


def test_member_of_another_municipality_records_an_adoption(api_as, public_idea, outsider):
    response = api_as(outsider).post(
        f"/api/v1/ideas/{public_idea.pk}/adoptions/",
        {"status": "evaluating", "note": "Vi testar i två skolor.", "contact_name": "Olle"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["organisation"], body["status"]) == ("krokom", "evaluating")
    public_idea.refresh_from_db()
    assert public_idea.adoption_count == 1


def test_posting_again_updates_the_same_record(api_as, public_idea, outsider):
    client = api_as(outsider)
    client.post(f"/api/v1/ideas/{public_idea.pk}/adoptions/", {"status": "interested"})
    response = client.post(f"/api/v1/ideas/{public_idea.pk}/adoptions/", {"status": "adopted"})
    assert response.status_code == 201
    assert Adoption.objects.get(idea=public_idea).status == "adopted"
    public_idea.refresh_from_db()
    assert public_idea.adoption_count == 1


def test_owning_organisation_sees_who_adopts_it(api_as, public_idea, outsider, owner):
    api_as(outsider).post(
        f"/api/v1/ideas/{public_idea.pk}/adoptions/",
        {"status": "adopted", "contact_email": "olle@krokom.example"},
    )
    rows = api_as(owner).get(f"/api/v1/ideas/{public_idea.pk}/adoptions/").json()
    assert [(r["organisation"], r["status"]) for r in rows] == [("krokom", "adopted")]
    assert rows[0]["contact_email"] == "olle@krokom.example"


def test_adoption_contacts_are_hidden_from_the_public(api, public_idea, outsider):
    from ideas import services

    services.adoption_record(
        actor=outsider, idea=public_idea, status="adopted", contact_email="olle@krokom.example"
    )
    rows = api.get(f"/api/v1/ideas/{public_idea.pk}/adoptions/").json()
    assert rows[0]["organisation"] == "krokom"
    assert rows[0]["contact_email"] == ""


def test_owning_organisation_cannot_adopt_its_own_idea(api_as, public_idea, colleague):
    response = api_as(colleague).post(
        f"/api/v1/ideas/{public_idea.pk}/adoptions/", {"status": "adopted"}
    )
    assert response.status_code == 403


def test_citizen_cannot_record_an_adoption_and_anonymous_gets_401(api_as, public_idea, citizen):
    url = f"/api/v1/ideas/{public_idea.pk}/adoptions/"
    assert api_as(citizen).post(url, {"status": "adopted"}).status_code == 403
    assert api_as(None).post(url, {"status": "adopted"}).status_code == 401


def test_member_of_several_organisations_names_the_one_that_adopts(api_as, public_idea, outsider):
    umea = factories.organisation("umea")
    Membership.objects.create(user=outsider, organisation=umea)
    url = f"/api/v1/ideas/{public_idea.pk}/adoptions/"
    refused = api_as(outsider).post(url, {"status": "adopted"})
    assert refused.status_code == 400
    assert "umea" in refused.json()["organisation"][0]
    ok = api_as(outsider).post(url, {"status": "adopted", "organisation": "umea"})
    assert ok.status_code == 201
    assert ok.json()["organisation"] == "umea"
    not_mine = api_as(outsider).post(url, {"status": "adopted", "organisation": "bracke"})
    assert not_mine.status_code == 403


@pytest.mark.parametrize(
    "data", [{"status": "using"}, {}, {"status": "adopted", "contact_email": "nope"}]
)
def test_invalid_adoption_is_400(api_as, public_idea, outsider, data):
    response = api_as(outsider).post(f"/api/v1/ideas/{public_idea.pk}/adoptions/", data)
    assert response.status_code == 400


def test_adoption_can_be_withdrawn(api_as, public_idea, outsider):
    client = api_as(outsider)
    url = f"/api/v1/ideas/{public_idea.pk}/adoptions/"
    client.post(url, {"status": "interested"})
    assert client.delete(url).status_code == 204
    public_idea.refresh_from_db()
    assert public_idea.adoption_count == 0
    assert client.delete(url).status_code == 400


def test_outsider_gets_404_for_adoptions_of_an_organisation_idea(
    api_as, organisation_idea, outsider
):
    url = f"/api/v1/ideas/{organisation_idea.pk}/adoptions/"
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(outsider).post(url, {"status": "adopted"}).status_code == 404


def test_list_sorts_by_adoptions(api_as, make_idea, outsider):
    quiet = make_idea(title="Tyst")
    popular = make_idea(title="Populär")
    api_as(outsider).post(f"/api/v1/ideas/{popular.pk}/adoptions/", {"status": "adopted"})
    rows = api_as(None).get("/api/v1/ideas/?ordering=adoptions").json()["results"]
    assert [r["id"] for r in rows] == [popular.pk, quiet.pk]
    assert rows[0]["adoption_count"] == 1


def test_signed_in_user_follows_and_unfollows(api_as, public_idea, citizen):
    client = api_as(citizen)
    url = f"/api/v1/ideas/{public_idea.pk}/follow/"
    assert client.post(url).json() == {"following": True, "follower_count": 1}
    assert client.post(url).json() == {"following": True, "follower_count": 1}
    assert Follow.objects.filter(user=citizen, idea=public_idea).count() == 1
    assert client.delete(url).json() == {"following": False, "follower_count": 0}
    public_idea.refresh_from_db()
    assert public_idea.follower_count == 0


def test_anonymous_cannot_follow(api, public_idea):
    assert api.post(f"/api/v1/ideas/{public_idea.pk}/follow/").status_code == 401


def test_outsider_cannot_follow_what_they_cannot_see(
    api_as, organisation_idea, draft_idea, outsider, colleague
):
    assert api_as(outsider).post(f"/api/v1/ideas/{organisation_idea.pk}/follow/").status_code == 404
    assert api_as(colleague).post(f"/api/v1/ideas/{draft_idea.pk}/follow/").status_code == 404


def test_list_sorts_by_followers(api_as, make_idea, citizen):
    quiet = make_idea(title="Tyst")
    followed = make_idea(title="Följd")
    quiet_newer = make_idea(title="Nyast")
    api_as(citizen).post(f"/api/v1/ideas/{followed.pk}/follow/")
    rows = api_as(None).get("/api/v1/ideas/?ordering=followers").json()["results"]
    assert [r["id"] for r in rows] == [followed.pk, quiet_newer.pk, quiet.pk]

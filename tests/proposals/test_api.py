"""The proposals API: list with filters, create, read, change, withdraw, answer."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.models import Organisation, User
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_reads_the_list_without_the_proposers_account(api, proposal, citizen) -> None:
    response = api.get("/api/v1/proposals/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == proposal.pk
    assert row["organisation"] == "skelleftea"
    assert row["author_display"] == "Invånare"  # "Resident": never a name, never the e-mail
    assert row["status"] == "submitted"
    assert row["me_too"] == 0 and row["following"] is False
    assert row["url"] == f"/forslag/{proposal.pk}/"
    assert citizen.email not in response.content.decode()
    assert "Cecilia" not in response.content.decode()


def test_the_name_is_shown_only_when_the_proposer_chose_it(api_as, citizen, skelleftea) -> None:
    response = api_as(citizen).post(
        "/api/v1/proposals/",
        {
            "organisation": "skelleftea",
            "title": "Fler bänkar",
            "body": "Vid älven.",
            "show_name": True,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["author_display"] == "Cecilia"


def test_anonymous_cannot_send_a_proposal(api, skelleftea) -> None:
    response = api.post(
        "/api/v1/proposals/",
        {"organisation": "skelleftea", "title": "T", "body": "B"},
        format="json",
    )
    assert response.status_code == 401
    assert not Proposal.objects.exists()


def test_a_proposal_goes_to_a_municipality_only(api_as, citizen, db) -> None:
    region = Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY).first()
    assert region is not None
    response = api_as(citizen).post(
        "/api/v1/proposals/",
        {"organisation": region.slug, "title": "T", "body": "B"},
        format="json",
    )
    assert response.status_code == 400
    assert "kommun" in response.json()["organisation"][0]  # "…go to a municipality"


def test_bad_input_is_a_400_naming_the_field(api_as, citizen, skelleftea) -> None:
    client = api_as(citizen)
    empty = client.post(
        "/api/v1/proposals/",
        {"organisation": "skelleftea", "title": "T", "body": "  "},
        format="json",
    )
    assert empty.status_code == 400 and "body" in empty.json()
    unknown = client.post(
        "/api/v1/proposals/", {"organisation": "nowhere", "title": "T", "body": "B"}, format="json"
    )
    assert unknown.status_code == 400 and "organisation" in unknown.json()
    assert not Proposal.objects.exists()


def test_filters_by_municipality_county_and_status(api, citizen, skelleftea, krokom) -> None:
    from proposals import services

    a = services.proposal_create(author=citizen, organisation=skelleftea, title="A", body="a")
    b = services.proposal_create(author=citizen, organisation=krokom, title="B", body="b")

    def ids(**query: str) -> set[int]:
        response = api.get("/api/v1/proposals/", query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {a.pk, b.pk}
    assert ids(organisation="krokom") == {b.pk}
    assert ids(county=skelleftea.county_id) == {a.pk}
    assert ids(status="submitted") == {a.pk, b.pk}
    assert ids(status="answered") == set()
    assert api.get("/api/v1/proposals/", {"status": "maybe"}).status_code == 400
    assert api.get("/api/v1/proposals/", {"county": "99"}).status_code == 400


def test_proposer_edits_before_the_answer(api_as, citizen, proposal) -> None:
    response = api_as(citizen).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Ljus på cykelvägen"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Ljus på cykelvägen"


def test_someone_else_cannot_edit_or_withdraw(api_as, owner, proposal) -> None:
    other = factories.user(email="someone@example.org")
    for person in (other, owner):
        for body in ({"title": "X"}, {"withdrawn": True}):
            response = api_as(person).patch(
                f"/api/v1/proposals/{proposal.pk}/", body, format="json"
            )
            assert response.status_code == 403, (person, body)
    proposal.refresh_from_db()
    assert proposal.title == "Belysning längs cykelvägen" and proposal.withdrawn_at is None


def test_withdrawn_proposal_leaves_the_public_list(api, api_as, citizen, owner, proposal) -> None:
    response = api_as(citizen).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"withdrawn": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["withdrawn"] is True
    assert api.get("/api/v1/proposals/").json()["results"] == []
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    # The proposer and the municipality still see it.
    assert api_as(citizen).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    assert api_as(owner).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    again = api_as(citizen).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Igen"}, format="json"
    )
    assert again.status_code == 403


def test_member_moves_the_status_and_answers(api_as, owner, proposal) -> None:
    client = api_as(owner)
    url = f"/api/v1/proposals/{proposal.pk}/"
    response = client.patch(url, {"status": "considering"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "considering"
    response = client.patch(
        url,
        {"status": "answered", "answer_kind": "declined", "answer": "Vägen ska byggas om."},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "answered" and data["answer_kind"] == "declined"
    assert data["answer"] == "Vägen ska byggas om." and data["answered_at"]
    assert data["allowed_next_statuses"] == []


def test_a_member_of_another_municipality_cannot_answer(api_as, outsider, proposal) -> None:
    response = api_as(outsider).patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {"answer_kind": "accepted", "answer": "Ja"},
        format="json",
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_the_proposer_cannot_answer_their_own(api_as, citizen, proposal) -> None:
    response = api_as(citizen).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"status": "considering"}, format="json"
    )
    assert response.status_code == 403


def test_mixing_the_proposers_and_the_municipalitys_fields_is_a_400(
    api_as, owner, proposal
) -> None:
    response = api_as(owner).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "X", "status": "considering"}, format="json"
    )
    assert response.status_code == 400
    empty = api_as(owner).patch(f"/api/v1/proposals/{proposal.pk}/", {}, format="json")
    assert empty.status_code == 400


def test_a_declined_answer_needs_its_reasons(api_as, owner, proposal) -> None:
    response = api_as(owner).patch(
        f"/api/v1/proposals/{proposal.pk}/",
        {"answer_kind": "declined", "answer": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "answer" in response.json()


def test_me_too_and_follow_endpoints(api_as, api, proposal, owner) -> None:
    client = api_as(owner)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert client.post(url + "me-too/").json() == {"me_too": 1, "mine_me_too": True}
    assert client.post(url + "me-too/").json() == {"me_too": 1, "mine_me_too": True}
    assert client.delete(url + "me-too/").json() == {"me_too": 0, "mine_me_too": False}
    assert client.post(url + "follow/").json() == {"following": True}
    assert client.get(url).json()["following"] is True
    assert client.delete(url + "follow/").json() == {"following": False}
    assert api.post(url + "me-too/").status_code == 401


def test_the_proposer_cannot_say_me_too_to_their_own(api_as, citizen, proposal) -> None:
    response = api_as(citizen).post(f"/api/v1/proposals/{proposal.pk}/me-too/")
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.me_too_count == 0


@override_settings(PROPOSAL_RATE_LIMIT="2/h")
def test_sending_is_rate_limited_per_person(api_as, citizen, skelleftea) -> None:
    client = api_as(citizen)
    body = {"organisation": "skelleftea", "title": "T", "body": "B"}
    assert client.post("/api/v1/proposals/", body, format="json").status_code == 201
    assert client.post("/api/v1/proposals/", body, format="json").status_code == 201
    third = client.post("/api/v1/proposals/", body, format="json")
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert Proposal.objects.count() == 2
    # Another person is not held back by the first one's count.
    other: User = factories.user(email="other@example.org")
    assert api_as(other).post("/api/v1/proposals/", body, format="json").status_code == 201


def test_list_takes_a_constant_number_of_queries(
    api_as, citizen, skelleftea, krokom, django_assert_max_num_queries
) -> None:
    from proposals import services

    client = api_as(citizen)
    services.proposal_create(author=citizen, organisation=skelleftea, title="A", body="a")
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/proposals/")
    for n in range(10):
        factories.user(email=f"p{n}@example.org")
        Proposal.objects.create(organisation=krokom, title=f"P{n}", body="b", body_html="<p>b</p>")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/proposals/").json()["results"]) == 11

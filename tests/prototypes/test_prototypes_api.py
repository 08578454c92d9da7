"""GET/POST /api/v1/ideas/{id}/prototypes/ and GET/PATCH /api/v1/prototypes/{id}/."""

from __future__ import annotations

import pytest

from ideas.models import Idea
from prototypes.models import Prototype
from tests import factories

pytestmark = pytest.mark.django_db


def test_member_adds_a_prototype_as_a_draft(api_as, owner, idea) -> None:
    response = api_as(owner).post(
        f"/api/v1/ideas/{idea.pk}/prototypes/",
        {
            "label": "v1",
            "description": "Första klickbara versionen",
            "link": "https://figma.example/p",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert {k: data[k] for k in ("idea", "label", "description", "link", "status")} == {
        "idea": idea.pk,
        "label": "v1",
        "description": "Första klickbara versionen",
        "link": "https://figma.example/p",
        "status": "draft",
    }


def test_publishing_a_prototype_does_not_move_the_idea_stage(api_as, owner, idea) -> None:
    stage = idea.stage
    created = api_as(owner).post(f"/api/v1/ideas/{idea.pk}/prototypes/", {"label": "v1"}).json()
    response = api_as(owner).patch(f"/api/v1/prototypes/{created['id']}/", {"status": "open"})
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert Idea.objects.get(pk=idea.pk).stage == stage


def test_outsider_cannot_add_a_prototype_to_a_public_idea(api_as, outsider, idea) -> None:
    response = api_as(outsider).post(f"/api/v1/ideas/{idea.pk}/prototypes/", {"label": "v9"})
    assert response.status_code == 403
    assert "Skellefteå" in response.json()["detail"]
    assert not Prototype.objects.exists()


def test_anonymous_cannot_add_a_prototype(api, idea) -> None:
    assert api.post(f"/api/v1/ideas/{idea.pk}/prototypes/", {"label": "v9"}).status_code == 401


def test_citizen_cannot_edit_a_prototype(api_as, citizen, prototype) -> None:
    response = api_as(citizen).patch(f"/api/v1/prototypes/{prototype.pk}/", {"label": "hack"})
    assert response.status_code == 403
    prototype.refresh_from_db()
    assert prototype.label == "v1"


def test_prototypes_of_an_idea_you_may_not_see_are_404(
    api_as, outsider, owner, members_idea
) -> None:
    hidden = factories.prototype(idea=members_idea, created_by=owner)
    client = api_as(outsider)
    assert client.get(f"/api/v1/ideas/{members_idea.pk}/prototypes/").status_code == 404
    assert client.get(f"/api/v1/prototypes/{hidden.pk}/").status_code == 404
    assert client.patch(f"/api/v1/prototypes/{hidden.pk}/", {"label": "x"}).status_code == 404
    assert (
        client.post(f"/api/v1/ideas/{members_idea.pk}/prototypes/", {"label": "x"}).status_code
        == 404
    )


def test_colleague_sees_prototypes_of_a_members_only_idea(
    api_as, colleague, owner, members_idea
) -> None:
    factories.prototype(idea=members_idea, created_by=owner)
    response = api_as(colleague).get(f"/api/v1/ideas/{members_idea.pk}/prototypes/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_draft_prototypes_are_shown_only_to_the_team(api_as, api, owner, citizen, idea) -> None:
    draft = factories.prototype(idea=idea, created_by=owner, label="v2", status="draft")
    factories.prototype(idea=idea, created_by=owner, label="v1", status="open")
    assert [
        p["label"] for p in api.get(f"/api/v1/ideas/{idea.pk}/prototypes/").json()["results"]
    ] == ["v1"]
    assert api_as(citizen).get(f"/api/v1/prototypes/{draft.pk}/").status_code == 404
    team = api_as(owner).get(f"/api/v1/ideas/{idea.pk}/prototypes/").json()
    assert sorted(p["label"] for p in team["results"]) == ["v1", "v2"]


def test_unknown_idea_is_404(api_as, owner) -> None:
    assert api_as(owner).get("/api/v1/ideas/999999/prototypes/").status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"label": ""}, "label"),
        ({"label": "v1", "status": "published"}, "status"),
        ({"label": "v1", "link": "not a link"}, "link"),
    ],
)
def test_bad_prototype_input_is_400_and_nothing_is_stored(
    api_as, owner, idea, payload, field
) -> None:
    response = api_as(owner).post(f"/api/v1/ideas/{idea.pk}/prototypes/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Prototype.objects.exists()


def test_a_label_is_used_once_per_idea(api_as, owner, prototype) -> None:
    response = api_as(owner).post(f"/api/v1/ideas/{prototype.idea_id}/prototypes/", {"label": "V1"})
    assert response.status_code == 400
    assert "v1" in response.json()["label"][0].lower()

"""The customer-driven stages: the transition rule, its one home, and the recorded history."""

from __future__ import annotations

import pytest

from ideas.models import STAGE_ORDER, Stage, StageChange, allowed_next_stages

pytestmark = pytest.mark.django_db


def test_an_idea_moves_one_forward_any_back_or_discontinues():
    assert allowed_next_stages("concept") == [
        "target_groups",
        "insights",
        "analysis",
        "prototype",
        "discontinued",
    ]
    assert allowed_next_stages("target_groups") == ["insights", "discontinued"]
    assert allowed_next_stages("follow_up")[-1] == "discontinued"
    assert "follow_up" not in allowed_next_stages("follow_up")


def test_a_discontinued_idea_resumes_where_it_left_or_earlier():
    assert allowed_next_stages("discontinued", "prototype") == STAGE_ORDER[:5]
    assert allowed_next_stages("discontinued") == STAGE_ORDER


def test_swedish_stage_labels_follow_the_method():
    from django.utils import translation

    with translation.override("sv"):
        labels = [str(Stage(s).label) for s in STAGE_ORDER]
    assert labels == [
        "Identifiera målgrupper",
        "Förstå behoven",
        "Analys",
        "Koncept",
        "Prototyp",
        "Test med målgruppen",
        "Införande",
        "Uppföljning",
    ]


def test_member_moves_forward_and_the_change_is_recorded(api_as, public_idea, colleague):
    response = api_as(colleague).post(
        f"/api/v1/ideas/{public_idea.pk}/stage/",
        {"stage": "prototype", "note": "Konceptet godkänt."},
    )
    assert response.status_code == 201
    assert response.json()["stage"] == "prototype"
    assert response.json()["from_stage"] == "concept"
    assert response.json()["changed_by"] == colleague.public_name
    public_idea.refresh_from_db()
    assert public_idea.stage == "prototype"
    last = StageChange.objects.filter(idea=public_idea).last()
    assert (last.from_stage, last.to_stage, last.note, last.changed_by) == (
        "concept",
        "prototype",
        "Konceptet godkänt.",
        colleague,
    )


def test_invalid_jump_is_400_naming_the_allowed_next_stages(api_as, public_idea, owner):
    response = api_as(owner).post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "launch"})
    assert response.status_code == 400
    message = response.json()["stage"][0]
    for allowed in ("target_groups", "insights", "analysis", "prototype", "discontinued"):
        assert allowed in message
    assert "Prototyp" in message
    public_idea.refresh_from_db()
    assert public_idea.stage == "concept"
    assert StageChange.objects.filter(idea=public_idea).count() == 1


@pytest.mark.parametrize("stage", ["concept", "finished", "", "Launch"])
def test_same_or_unknown_stage_is_400(api_as, public_idea, owner, stage):
    response = api_as(owner).post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": stage})
    assert response.status_code == 400
    assert "stage" in response.json()


def test_going_back_to_iterate_is_allowed(api_as, public_idea, owner):
    response = api_as(owner).post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "insights"})
    assert response.status_code == 201


def test_discontinue_and_resume_at_the_stage_left(api_as, public_idea, owner):
    client = api_as(owner)
    url = f"/api/v1/ideas/{public_idea.pk}/stage/"
    assert client.post(url, {"stage": "discontinued", "note": "Pausat"}).status_code == 201
    refused = client.post(url, {"stage": "prototype"})
    assert refused.status_code == 400
    assert "concept" in refused.json()["stage"][0]
    assert client.post(url, {"stage": "concept"}).status_code == 201
    public_idea.refresh_from_db()
    assert public_idea.stage == "concept"
    assert public_idea.stage_before_discontinued == ""


def test_history_lists_every_change_in_order(api_as, public_idea, owner, outsider):
    client = api_as(owner)
    client.post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "prototype"})
    client.post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "user_test"})
    response = api_as(outsider).get(f"/api/v1/ideas/{public_idea.pk}/stages/")
    assert response.status_code == 200
    assert [(r["from_stage"], r["stage"]) for r in response.json()] == [
        ("", "concept"),
        ("concept", "prototype"),
        ("prototype", "user_test"),
    ]
    assert all("@" not in r["changed_by"] for r in response.json())


def test_outsider_and_citizen_cannot_change_the_stage_of_a_public_idea(
    api_as, public_idea, outsider, citizen
):
    for user in (outsider, citizen):
        response = api_as(user).post(
            f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "prototype"}
        )
        assert response.status_code == 403


def test_anonymous_stage_change_is_401(api, public_idea):
    assert (
        api.post(f"/api/v1/ideas/{public_idea.pk}/stage/", {"stage": "prototype"}).status_code
        == 401
    )


def test_outsider_gets_404_for_the_stage_history_of_an_organisation_idea(
    api_as, organisation_idea, outsider
):
    assert api_as(outsider).get(f"/api/v1/ideas/{organisation_idea.pk}/stages/").status_code == 404


def test_a_model_move_outside_the_service_obeys_the_same_rule(public_idea):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        public_idea.move_to("follow_up")

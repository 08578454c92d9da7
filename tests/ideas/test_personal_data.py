"""Personal data of the ideas capability: in the export, and what account deletion does."""

from __future__ import annotations

import pytest

from accounts.services import user_delete
from ideas import services
from ideas.models import Follow, Idea

pytestmark = pytest.mark.django_db


def test_export_lists_ideas_stage_changes_adoptions_and_follows(
    api_as, make_idea, owner, outsider, public_idea
):
    services.idea_change_stage(actor=owner, idea=public_idea, stage="prototype", note="Vidare")
    services.follow_add(user=owner, idea=public_idea)
    krokom_idea = make_idea(actor=outsider, organisation=outsider.memberships.get().organisation)
    services.adoption_record(actor=owner, idea=krokom_idea, status="interested", note="Kul")
    data = api_as(owner).get("/api/v1/me/export/").json()["ideas"]
    assert [i["title"] for i in data["ideas_created"]] == [public_idea.title]
    assert [(c["from"], c["to"]) for c in data["stage_changes"]] == [
        ("", "concept"),
        ("concept", "prototype"),
    ]
    assert [(a["idea"], a["status"]) for a in data["adoptions_recorded"]] == [
        (krokom_idea.pk, "interested")
    ]
    assert [f["idea"] for f in data["follows"]] == [public_idea.pk]


def test_export_holds_nothing_of_other_people(api_as, public_idea, outsider):
    data = api_as(outsider).get("/api/v1/me/export/").json()["ideas"]
    assert data == {
        "ideas_created": [],
        "stage_changes": [],
        "evidence_added": [],
        "adoptions_recorded": [],
        "follows": [],
    }


def test_deleting_the_account_keeps_ideas_under_the_anonymous_name(api, make_idea, owner, citizen):
    idea = make_idea(contact_name="Olga", contact_email=owner.email)
    services.follow_add(user=citizen, idea=idea)
    services.follow_add(user=owner, idea=idea)
    user_delete(user=owner)
    idea.refresh_from_db()
    assert Idea.objects.filter(pk=idea.pk).exists()
    assert idea.contact_email == "" and idea.contact_name == ""
    assert idea.follower_count == 1
    assert not Follow.objects.filter(user=owner).exists()
    body = api.get(f"/api/v1/ideas/{idea.pk}/").json()
    assert body["created_by"] == owner.public_name
    history = api.get(f"/api/v1/ideas/{idea.pk}/stages/").json()
    assert "@" not in history[0]["changed_by"]

"""The personal-data export names nothing the person may no longer see (issue 12, finding 7).

A notification, a follow, a comment, a flag, a test round taken part in, an idea created,
a stage change, evidence or an adoption recorded stays in the export: it is the person's own
data. But when the idea it is about was hidden from them since (made organisation-only, or
they left the organisation), the entry keeps only what the person wrote or chose and when:
no id, title, label or anything else read from the hidden idea now — so a later title, given
by people the person can no longer see, does not reach them through their export.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from accounts.models import Membership, Organisation, User
from comments import moderation
from comments import services as comment_services
from ideas import services as idea_services
from ideas.models import Idea
from prototypes import services as prototype_services
from prototypes.models import TestRound
from tests import factories
from tests.prototypes.conftest import SUS_80, answers

pytestmark = pytest.mark.django_db

OLD_TITLE = "Ledighetsansökan för elever"
NEW_TITLE = "Omorganisation av skolkontoret"
NEW_ROUND_TITLE = "Intern omgång om nedläggning"
NEW_LABEL = "hemlig-version-9"
SECRET_WORDS = ("Ledighetsansökan", "Omorganisation", "Intern omgång", "hemlig-version")


@pytest.fixture
def idea(owner: User, skelleftea: Organisation) -> Idea:
    return idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title=OLD_TITLE,
        stage="prototype",
    )


@pytest.fixture
def test_round(idea: Idea, owner: User) -> TestRound:
    return factories.test_round(
        prototype=factories.prototype(idea=idea, created_by=owner, label="v1"),
        created_by=owner,
        status="running",
        title="Test av ledighetsansökan",
    )


def _hide_and_rename(idea: Idea, owner: User, test_round: TestRound | None = None) -> None:
    """The team makes the idea organisation-only and renames it (and its round and version)."""
    idea_services.idea_update(
        actor=owner, idea=idea, visibility=Idea.Visibility.ORGANISATION, title=NEW_TITLE
    )
    if test_round is not None:
        TestRound.objects.filter(pk=test_round.pk).update(title=NEW_ROUND_TITLE)
        test_round.prototype.label = NEW_LABEL
        test_round.prototype.save(update_fields=["label"])


def _export(api_as: Any, user: User) -> tuple[dict[str, Any], str]:
    response = api_as(user).get("/api/v1/me/export/")
    assert response.status_code == 200
    return response.json(), response.content.decode()


def _assert_names_nothing_hidden(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"the export shows {word!r}"


def test_a_notification_about_an_idea_hidden_and_renamed_since_names_neither_title(
    api_as: Any, owner: User, citizen: User, idea: Idea
) -> None:
    idea_services.follow_add(user=citizen, idea=idea)
    mine = comment_services.comment_create(author=citizen, idea=idea, body="Min fråga")
    comment_services.comment_create(author=owner, idea=idea, body="Svar från teamet")
    comment_services.comment_create(author=owner, idea=idea, body="Ett svar", parent=mine)
    before, _text = _export(api_as, citizen)
    assert {n["kind"] for n in before["notifications"]} == {"comment", "reply"}
    assert all(OLD_TITLE in n["message"] for n in before["notifications"])

    _hide_and_rename(idea, owner)
    data, text = _export(api_as, citizen)
    _assert_names_nothing_hidden(text)
    assert "Svar från teamet" not in text and "Ett svar" not in text  # others' words
    assert "Olga" not in text  # nor who acted on the hidden idea
    assert len(data["notifications"]) == 2  # the fact stays, with when it came and was read
    for entry in data["notifications"]:
        assert entry["idea_visible"] is False
        assert entry["url"] == "" and entry["excerpt"] == ""
        assert entry["message"].startswith("Om en idé som du inte längre kan se")
        assert entry["created_at"]


def test_a_follow_and_a_comment_on_a_hidden_idea_keep_only_the_persons_own_part(
    api_as: Any, owner: User, citizen: User, idea: Idea
) -> None:
    idea_services.follow_add(user=citizen, idea=idea)
    theirs = comment_services.comment_create(author=owner, idea=idea, body="Teamets inlägg")
    comment_services.comment_create(author=citizen, idea=idea, body="Mitt inlägg", parent=theirs)
    moderation.flag(actor=citizen, target=theirs, reason="Stämmer inte")
    _hide_and_rename(idea, owner)

    data, text = _export(api_as, citizen)
    _assert_names_nothing_hidden(text)
    [follow] = data["ideas"]["follows"]
    assert follow["idea"] is None and follow["idea_visible"] is False and follow["since"]
    [comment] = data["comments"]["comments_written"]
    assert comment["body"] == "Mitt inlägg"  # their own words stay
    assert (comment["idea"], comment["parent"], comment["idea_visible"]) == (None, None, False)
    [flag] = data["comments"]["comments_flagged"]
    assert flag["reason"] == "Stämmer inte"
    assert (flag["comment"], flag["idea_visible"]) == (None, False)


def test_a_test_round_whose_idea_was_hidden_keeps_the_consent_and_answers_only(
    api_as: Any, owner: User, citizen: User, test_round: TestRound
) -> None:
    prototype_services.participation_create(user=citizen, test_round=test_round, consent=True)
    prototype_services.feedback_create(
        user=citizen,
        test_round=test_round,
        tasks=answers((True, 2, 60), (True, 3, 90)),
        sus=SUS_80,
        text="Mina egna ord",
    )
    _hide_and_rename(test_round.idea, owner, test_round)

    data, text = _export(api_as, citizen)
    _assert_names_nothing_hidden(text)
    [entry] = data["test_rounds"]
    assert entry["round_visible"] is False
    assert (entry["round"], entry["round_title"], entry["idea"], entry["prototype"]) == (
        None,
        None,
        None,
        None,
    )
    assert entry["pseudonym"] == "Deltagare 1"
    assert entry["consent"]["text"] == test_round.consent_text  # what they agreed to
    assert entry["feedback"]["text"] == "Mina egna ord"
    assert entry["feedback"]["sus"] == SUS_80


def test_a_former_member_gets_their_work_on_an_internal_idea_without_its_current_names(
    api_as: Any, owner: User, colleague: User, skelleftea: Organisation
) -> None:
    internal = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title=OLD_TITLE,
        visibility=Idea.Visibility.ORGANISATION,
        contact_name="Olga",
        contact_email=owner.email,
    )
    idea_services.idea_change_stage(actor=owner, idea=internal, stage="insights", note="Min not")
    Membership.objects.filter(user=owner).delete()
    idea_services.idea_update(actor=colleague, idea=internal, title=NEW_TITLE)

    former = User.objects.get(pk=owner.pk)  # as a new request loads them, without a membership
    data, text = _export(api_as, former)
    _assert_names_nothing_hidden(text)
    [created] = data["ideas"]["ideas_created"]
    assert created["visible"] is False and created["id"] is None and created["title"] is None
    assert created["created_at"]
    # Their own address as the idea's contact is data about them: it stays.
    assert (created["contact_name"], created["contact_email"]) == ("Olga", owner.email)
    changes = data["ideas"]["stage_changes"]
    assert [(c["idea"], c["idea_visible"], c["to"]) for c in changes] == [
        (None, False, "target_groups"),
        (None, False, "insights"),
    ]
    assert changes[1]["note"] == "Min not"


def test_an_adoption_recorded_for_an_idea_hidden_since_keeps_the_organisations_record(
    api_as: Any, owner: User, outsider: User, idea: Idea
) -> None:
    idea_services.adoption_record(actor=outsider, idea=idea, status="evaluating", note="Vi testar")
    _hide_and_rename(idea, owner)
    data, text = _export(api_as, outsider)
    _assert_names_nothing_hidden(text)
    [adoption] = data["ideas"]["adoptions_recorded"]
    assert (adoption["idea"], adoption["idea_visible"]) == (None, False)
    assert (adoption["organisation"], adoption["status"], adoption["note"]) == (
        "krokom",
        "evaluating",
        "Vi testar",
    )


def test_what_the_person_still_sees_is_named_as_before(
    api_as: Any, owner: User, citizen: User, idea: Idea, test_round: TestRound
) -> None:
    idea_services.follow_add(user=citizen, idea=idea)
    comment_services.comment_create(author=owner, idea=idea, body="Hej")
    prototype_services.participation_create(user=citizen, test_round=test_round, consent=True)
    data, _text = _export(api_as, citizen)
    assert data["ideas"]["follows"] == [
        {"idea": idea.pk, "idea_visible": True, "since": data["ideas"]["follows"][0]["since"]}
    ]
    [notification] = data["notifications"]
    assert notification["idea_visible"] is True
    assert OLD_TITLE in notification["message"] and notification["excerpt"] == "Hej"
    [entry] = data["test_rounds"]
    assert (entry["round"], entry["idea"], entry["round_visible"]) == (
        test_round.pk,
        OLD_TITLE,
        True,
    )


def test_the_export_page_applies_the_same_rule(
    client: Any, owner: User, citizen: User, idea: Idea
) -> None:
    idea_services.follow_add(user=citizen, idea=idea)
    comment_services.comment_create(author=owner, idea=idea, body="Hej")
    _hide_and_rename(idea, owner)
    client.force_login(citizen)
    response = client.get("/mitt-konto/export/")
    assert response.status_code == 200
    text = b"".join(getattr(response, "streaming_content", [response.content])).decode()
    _assert_names_nothing_hidden(text)
    assert json.loads(text)["notifications"][0]["idea_visible"] is False


# --- The notification list -------------------------------------------------------------------


def test_marking_all_read_counts_only_notifications_the_person_may_still_see(
    api_as: Any, owner: User, citizen: User, idea: Idea
) -> None:
    idea_services.follow_add(user=citizen, idea=idea)
    comment_services.comment_create(author=owner, idea=idea, body="Hej")
    _hide_and_rename(idea, owner)
    client = api_as(citizen)
    assert client.get("/api/v1/me/notifications/").json()["count"] == 0
    response = client.post("/api/v1/me/notifications/read/", {"all": True}, format="json")
    assert response.json() == {"marked": 0, "unread_count": 0}

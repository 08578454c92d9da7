"""REST for comments: the thread, writing, replies, edits, soft deletes, over HTTP."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import User
from comments import services
from comments.models import Comment
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


def url(idea: Idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/comments/"


def post(api_as, user: User, idea: Idea, **data):  # type: ignore[no-untyped-def]
    return api_as(user).post(url(idea), data, format="json")


def test_citizen_comments_on_a_public_idea_with_markdown_rendered_safely(
    api_as, citizen: User, public_idea: Idea
) -> None:
    response = post(api_as, citizen, public_idea, body="Bra **idé**! <script>alert(1)</script>")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) >= {
        "id",
        "idea",
        "parent",
        "author",
        "body",
        "body_html",
        "created_at",
        "edited_at",
        "deleted",
    }
    assert data["idea"] == public_idea.pk
    assert data["author"] == "Cecilia"
    assert data["deleted"] is False and data["edited_at"] is None
    assert "<strong>idé</strong>" in data["body_html"]
    assert "<script" not in data["body_html"]
    public_idea.refresh_from_db()
    assert public_idea.comment_count == 1


def test_anonymous_reads_a_public_thread_but_cannot_post(
    api, api_as, citizen: User, public_idea: Idea
) -> None:
    post(api_as, citizen, public_idea, body="Första")
    assert api.get(url(public_idea)).json()["count"] == 1
    response = api.post(url(public_idea), {"body": "Anonym"}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("which", ["organisation_idea", "draft_idea"])
def test_outsider_gets_404_for_thread_of_an_idea_they_cannot_see(
    api_as, outsider: User, owner: User, which: str, request: pytest.FixtureRequest
) -> None:
    idea = request.getfixturevalue(which)
    services.comment_create(author=owner, idea=idea, body="Internt")
    assert api_as(outsider).get(url(idea)).status_code == 404
    assert post(api_as, outsider, idea, body="Hej").status_code == 404
    comment = Comment.objects.get(idea=idea)
    for method in ("get", "patch", "delete"):
        assert (
            getattr(api_as(outsider), method)(f"/api/v1/comments/{comment.pk}/").status_code == 404
        )
    for action in ("flag", "hide", "dismiss-flags"):
        response = api_as(outsider).post(
            f"/api/v1/comments/{comment.pk}/{action}/", {"reason": "x"}, format="json"
        )
        assert response.status_code == 404, action


def test_colleague_comments_on_an_organisation_idea(
    api_as, colleague: User, organisation_idea: Idea
) -> None:
    assert post(api_as, colleague, organisation_idea, body="Internt").status_code == 201


def test_after_gives_newer_comments_in_ascending_order(
    api_as, citizen: User, owner: User, public_idea: Idea
) -> None:
    ids = [post(api_as, citizen, public_idea, body=f"nr {i}").json()["id"] for i in range(4)]
    data = api_as(owner).get(url(public_idea), {"after": ids[1]}).json()
    assert [c["id"] for c in data["results"]] == ids[2:]
    everything = api_as(owner).get(url(public_idea)).json()
    assert [c["id"] for c in everything["results"]] == ids


def test_after_that_is_not_a_number_is_a_400_that_says_what_to_send(
    api_as, citizen: User, public_idea: Idea
) -> None:
    response = api_as(citizen).get(url(public_idea), {"after": "igår"})
    assert response.status_code == 400
    assert "after" in response.json()


def test_reply_to_a_reply_is_stored_with_its_thread_root(
    api_as, citizen: User, owner: User, public_idea: Idea
) -> None:
    top = post(api_as, owner, public_idea, body="Fråga").json()
    reply = post(api_as, citizen, public_idea, body="Svar", parent=top["id"]).json()
    deeper = post(api_as, owner, public_idea, body="Svar på svar", parent=reply["id"]).json()
    assert reply["root"] == top["id"] and deeper["root"] == top["id"]
    assert deeper["parent"] == reply["id"]
    assert deeper["reply_to"] == {"id": reply["id"], "author": "Cecilia"}


def test_parent_in_another_ideas_thread_is_a_400(
    api_as, citizen: User, owner: User, public_idea: Idea, skelleftea
) -> None:
    other = factories.idea(organisation=skelleftea, created_by=owner, title="Annan")
    elsewhere = services.comment_create(author=owner, idea=other, body="Där")
    response = post(api_as, citizen, public_idea, body="Här", parent=elsewhere.pk)
    assert response.status_code == 400
    assert "parent" in response.json()


def test_prototype_of_another_idea_is_a_400_and_its_own_is_kept(
    api_as, citizen: User, owner: User, public_idea: Idea, skelleftea
) -> None:
    other = factories.idea(organisation=skelleftea, created_by=owner, title="Annan")
    foreign = factories.prototype(idea=other, created_by=owner)
    own = factories.prototype(idea=public_idea, created_by=owner, label="v2")
    response = post(api_as, citizen, public_idea, body="Om v1", prototype=foreign.pk)
    assert response.status_code == 400
    assert "prototype" in response.json()
    ok = post(api_as, citizen, public_idea, body="Om v2", prototype=own.pk)
    assert ok.status_code == 201 and ok.json()["prototype"] == own.pk


def test_body_over_10000_characters_or_empty_is_a_400(
    api_as, citizen: User, public_idea: Idea
) -> None:
    assert post(api_as, citizen, public_idea, body="a" * 10_001).status_code == 400
    assert post(api_as, citizen, public_idea, body="a" * 10_000).status_code == 201
    response = post(api_as, citizen, public_idea, body="   ")
    assert response.status_code == 400 and "body" in response.json()


def test_same_client_id_is_stored_once(api_as, citizen: User, public_idea: Idea) -> None:
    client_id = str(uuid.uuid4())
    first = post(api_as, citizen, public_idea, body="Hej", client_id=client_id)
    again = post(api_as, citizen, public_idea, body="Hej", client_id=client_id)
    assert first.json()["id"] == again.json()["id"]
    assert Comment.objects.filter(idea=public_idea).count() == 1


def test_client_id_is_per_author(api_as, citizen: User, owner: User, public_idea: Idea) -> None:
    client_id = str(uuid.uuid4())
    a = post(api_as, citizen, public_idea, body="A", client_id=client_id).json()
    b = post(api_as, owner, public_idea, body="B", client_id=client_id).json()
    assert a["id"] != b["id"]


def test_author_edits_and_the_comment_is_marked_edited(
    api_as, citizen: User, owner: User, public_idea: Idea
) -> None:
    comment = post(api_as, citizen, public_idea, body="Stavfel").json()
    response = api_as(citizen).patch(
        f"/api/v1/comments/{comment['id']}/", {"body": "Rättat"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["body"] == "Rättat" and response.json()["edited_at"]
    other = api_as(owner).patch(
        f"/api/v1/comments/{comment['id']}/", {"body": "Inte min"}, format="json"
    )
    assert other.status_code == 403


def test_deleted_comment_keeps_its_place_without_text(
    api_as, citizen: User, owner: User, public_idea: Idea
) -> None:
    top = post(api_as, citizen, public_idea, body="Jag ångrar mig").json()
    reply = post(api_as, owner, public_idea, body="Svar", parent=top["id"]).json()
    assert api_as(citizen).delete(f"/api/v1/comments/{top['id']}/").status_code == 204
    thread = api_as(owner).get(url(public_idea)).json()["results"]
    assert [c["id"] for c in thread] == [top["id"], reply["id"]]
    assert thread[0]["deleted"] is True and thread[0]["body"] == "" and thread[0]["body_html"] == ""
    assert Comment.objects.get(pk=top["id"]).body == ""  # the text is gone, not just hidden
    public_idea.refresh_from_db()
    assert public_idea.comment_count == 1
    edit = api_as(citizen).patch(f"/api/v1/comments/{top['id']}/", {"body": "x"}, format="json")
    assert edit.status_code == 400


def test_others_cannot_delete_but_a_coordinator_of_the_owner_can(
    api_as, citizen: User, colleague: User, coordinator: User, outsider: User, public_idea: Idea
) -> None:
    comment = post(api_as, citizen, public_idea, body="Text").json()
    path = f"/api/v1/comments/{comment['id']}/"
    assert api_as(colleague).delete(path).status_code == 403
    assert api_as(outsider).delete(path).status_code == 403
    assert api_as(None).delete(path).status_code == 401
    assert api_as(coordinator).delete(path).status_code == 204


def test_posting_too_fast_is_a_429_with_a_wait(
    api_as, citizen: User, public_idea: Idea, settings
) -> None:
    settings.COMMENT_RATE_LIMIT = "3/60"
    for i in range(3):
        assert post(api_as, citizen, public_idea, body=f"nr {i}").status_code == 201
    response = post(api_as, citizen, public_idea, body="en till")
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert Comment.objects.filter(idea=public_idea).count() == 3


def test_retry_with_a_known_client_id_is_not_rate_limited(
    api_as, citizen: User, public_idea: Idea, settings
) -> None:
    settings.COMMENT_RATE_LIMIT = "1/60"
    client_id = str(uuid.uuid4())
    assert post(api_as, citizen, public_idea, body="A", client_id=client_id).status_code == 201
    assert post(api_as, citizen, public_idea, body="A", client_id=client_id).status_code == 201


def test_bad_json_is_a_400_that_names_the_problem(api_as, citizen: User, public_idea: Idea) -> None:
    response = api_as(citizen).post(url(public_idea), "{nej", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]

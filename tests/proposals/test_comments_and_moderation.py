"""A proposal's thread is the comments' thread; proposals are flagged and hidden through
the comments' flags and moderation queue."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from comments import moderation
from comments import services as comments
from comments.models import Comment, Flag
from notifications.models import Notification
from proposals import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_comment_on_a_proposal_through_the_api(api_as, api, owner, proposal) -> None:
    response = api_as(owner).post(
        f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "Bra förslag!"}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["proposal"] == proposal.pk and data["idea"] is None
    assert data["url"] == f"/forslag/{proposal.pk}/#comment-{data['id']}"
    listed = api.get(f"/api/v1/proposals/{proposal.pk}/comments/").json()["results"]
    assert [c["id"] for c in listed] == [data["id"]]
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    assert (
        api.post(
            f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "x"}, format="json"
        ).status_code
        == 401
    )


def test_a_comment_is_on_exactly_one_subject(owner, proposal, skelleftea) -> None:
    idea = factories.idea(organisation=skelleftea, created_by=owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(idea=idea, proposal=proposal, author=owner, body="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=owner, body="x")


def test_the_proposer_and_followers_hear_of_comments(owner, citizen, colleague, proposal) -> None:
    services.proposal_follow_add(user=colleague, proposal=proposal)
    comments.comment_create(author=owner, proposal=proposal, body="Vi tittar på det.")
    notes = Notification.objects.filter(kind=Notification.Kind.COMMENT)
    assert {n.recipient_id for n in notes} == {citizen.pk, colleague.pk}


def test_comments_of_a_hidden_proposal_are_404_to_others(
    api_as, api, staff, owner, proposal
) -> None:
    comment = comments.comment_create(author=owner, proposal=proposal, body="Hej")
    moderation.hide(actor=staff, target=proposal, reason="Personuppgifter")
    assert api.get(f"/api/v1/comments/{comment.pk}/").status_code == 404
    assert api.get(f"/api/v1/proposals/{proposal.pk}/comments/").status_code == 404
    assert api_as(owner).get(f"/api/v1/comments/{comment.pk}/").status_code == 200


def test_flagged_proposal_appears_in_the_queue_and_is_hidden(
    api_as, api, coordinator, owner, citizen, proposal, client
) -> None:
    reader = factories.user(email="reader@example.org")
    flagged = api_as(reader).post(
        f"/api/v1/proposals/{proposal.pk}/flag/", {"reason": "Kränkande"}, format="json"
    )
    assert flagged.status_code == 201
    assert (
        api_as(reader)
        .post(f"/api/v1/proposals/{proposal.pk}/flag/", {"reason": "Igen"}, format="json")
        .status_code
        == 400
    )
    assert (
        api_as(citizen)
        .post(f"/api/v1/proposals/{proposal.pk}/flag/", {"reason": "Eget"}, format="json")
        .status_code
        == 400
    )
    assert Notification.objects.filter(kind="flag", recipient=coordinator).exists()
    queue = api_as(coordinator).get("/api/v1/moderation/proposals/").json()["results"]
    assert [(q["id"], q["open_flag_count"]) for q in queue] == [(proposal.pk, 1)]
    client.force_login(coordinator)
    assert "Belysning längs cykelvägen" in client.get("/moderering/").content.decode()
    # A member who is not a coordinator may not hide it.
    assert (
        api_as(owner)
        .post(f"/api/v1/proposals/{proposal.pk}/hide/", {"reason": "x"}, format="json")
        .status_code
        == 403
    )
    hidden = api_as(coordinator).post(
        f"/api/v1/proposals/{proposal.pk}/hide/", {"reason": "Kränkande"}, format="json"
    )
    assert hidden.status_code == 204
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    assert api.get("/api/v1/proposals/").json()["results"] == []
    assert api_as(citizen).get(f"/api/v1/proposals/{proposal.pk}/").json()["hidden"] is True
    assert not Flag.objects.filter(proposal=proposal, resolved_at__isnull=True).exists()
    assert Notification.objects.filter(kind="proposal_hidden", recipient=citizen).exists()
    assert api_as(coordinator).delete(f"/api/v1/proposals/{proposal.pk}/hide/").status_code == 204
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200


def test_dismissing_a_proposals_flags(api_as, coordinator, proposal) -> None:
    reader = factories.user(email="reader@example.org")
    moderation.flag(actor=reader, target=proposal, reason="Spam")
    response = api_as(coordinator).post(f"/api/v1/proposals/{proposal.pk}/dismiss-flags/")
    assert response.json() == {"dismissed": 1}
    assert api_as(coordinator).get("/api/v1/moderation/proposals/").json()["results"] == []


def test_comment_pages_of_a_proposal_thread(client, owner, proposal) -> None:
    client.force_login(owner)
    response = client.post(f"/forslag/{proposal.pk}/kommentarer/", {"body": "Utan JavaScript"})
    comment = Comment.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == f"/forslag/{proposal.pk}/#comment-{comment.pk}"
    page = client.get(f"/forslag/{proposal.pk}/").content.decode()
    assert "Utan JavaScript" in page
    assert f"/forslag/{proposal.pk}/kommentarer/{comment.pk}/svara/" in page
    reply = client.get(f"/forslag/{proposal.pk}/kommentarer/{comment.pk}/svara/")
    assert reply.status_code == 200
    # The idea's address for a proposal's comment leads to the proposal's.
    wrong = client.get(f"/ideer/{proposal.pk}/kommentarer/{comment.pk}/svara/")
    assert wrong["Location"] == f"/forslag/{proposal.pk}/kommentarer/{comment.pk}/svara/"


def test_a_flagged_comment_on_a_proposal_is_in_the_moderation_page_with_its_hide_link(
    client, staff, owner, colleague, proposal
) -> None:
    """The queue page names the proposal a flagged comment is on and links to the
    proposal thread's hide page (it used to build an idea's link from an empty idea)."""
    comment = comments.comment_create(
        author=owner, proposal=proposal, body="Ring mig på 070-1234567"
    )
    moderation.flag(actor=colleague, target=comment, reason="Telefonnummer")
    client.force_login(staff)
    page = client.get("/moderering/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/forslag/{proposal.pk}/#comment-{comment.pk}"' in html
    assert proposal.title in html
    hide = f"/forslag/{proposal.pk}/kommentarer/{comment.pk}/dolj/"
    assert f'href="{hide}"' in html
    assert client.get(hide).status_code == 200

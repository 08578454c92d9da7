"""The proposer and the followers hear of the status and the answer, in their language."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.models import Notification
from proposals import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_answer_reaches_proposer_and_followers_in_their_language(
    owner, citizen, proposal, django_capture_on_commit_callbacks
) -> None:
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    follower = factories.user(email="follower@example.org")  # Swedish, the default
    services.proposal_follow_add(user=follower, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            actor=owner, proposal=proposal, kind="declined", text="Vägen byggs om nästa år."
        )
    notes = Notification.objects.filter(kind=Notification.Kind.PROPOSAL_ANSWER)
    assert {n.recipient_id for n in notes} == {citizen.pk, follower.pk}
    assert all(n.proposal_id == proposal.pk for n in notes)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {citizen.email, follower.email}
    assert "was answered" in by_address[citizen.email].subject
    assert "besvarades" in by_address[follower.email].subject
    assert f"/forslag/{proposal.pk}/" in by_address[citizen.email].body
    assert "Vägen byggs om" in by_address[follower.email].body


def test_status_change_reaches_them_but_not_the_member_who_moved_it(
    owner, citizen, proposal, django_capture_on_commit_callbacks
) -> None:
    services.proposal_follow_add(user=owner, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(actor=owner, proposal=proposal, status="considering")
    notes = Notification.objects.filter(kind=Notification.Kind.PROPOSAL_STATUS)
    assert [n.recipient_id for n in notes] == [citizen.pk]
    assert [m.to for m in mail.outbox] == [[citizen.email]]


def test_the_notification_names_the_proposal(owner, citizen, proposal, client) -> None:
    services.proposal_change_status(actor=owner, proposal=proposal, status="considering")
    client.force_login(citizen)
    page = client.get("/mitt-konto/notiser/").content.decode()
    assert "Belysning längs cykelvägen" in page

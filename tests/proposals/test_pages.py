"""The proposal pages work without JavaScript: list with filters, send, read, answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from proposals import selectors, services
from proposals.models import Proposal, Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_list_filters_by_status_without_javascript(
    client, owner, citizen, proposal, krokom
) -> None:
    other = services.proposal_create(author=citizen, organisation=krokom, title="Krokoms", body="k")
    services.proposal_answer(actor=owner, proposal=proposal, kind="accepted", text="Ja")
    page = client.get("/forslag/", {"status": "answered"}).content.decode()
    assert proposal.title in page and other.title not in page
    page = client.get("/forslag/", {"organisation": "krokom"}).content.decode()
    assert other.title in page and proposal.title not in page
    assert client.get("/forslag/", {"status": "nope"}).status_code == 200


def test_send_a_proposal_through_the_form(client, citizen, skelleftea) -> None:
    assert client.get("/forslag/ny/").status_code == 302  # sign in first
    client.force_login(citizen)
    response = client.post(
        "/forslag/ny/",
        {
            "organisation": "skelleftea",
            "title": "Badplats",
            "body": "En badbrygga.",
            "show_name": "",
        },
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/forslag/{proposal.pk}/"
    assert proposal.author_id == citizen.pk and proposal.show_name is False


def test_detail_page_shows_status_answer_and_the_idea(client, owner, proposal) -> None:
    services.proposal_answer(actor=owner, proposal=proposal, kind="idea", text="En idé nu.")
    proposal.refresh_from_db()
    page = client.get(f"/forslag/{proposal.pk}/").content.decode()
    assert "En idé nu." in page and proposal.idea.get_absolute_url() in page
    idea_page = client.get(proposal.idea.get_absolute_url()).content.decode()
    assert "Från ett medborgarförslag" in idea_page
    assert f"/forslag/{proposal.pk}/" in idea_page


def test_members_answer_through_the_page(client, owner, outsider, proposal) -> None:
    client.force_login(outsider)
    assert client.get(f"/forslag/{proposal.pk}/svara/").status_code == 403
    client.force_login(owner)
    assert (
        client.post(f"/forslag/{proposal.pk}/svara/", {"status": "considering"}).status_code == 302
    )
    assert Proposal.objects.get(pk=proposal.pk).status == Status.CONSIDERING
    response = client.post(
        f"/forslag/{proposal.pk}/svara/", {"kind": "declined", "text": "Därför att…", "idea": ""}
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).answer_kind == "declined"


def test_me_too_follow_and_withdraw_forms(client, owner, citizen, proposal) -> None:
    client.force_login(owner)
    client.post(f"/forslag/{proposal.pk}/jag-ocksa/", {"me_too": "1"})
    client.post(f"/forslag/{proposal.pk}/folj/", {"follow": "1"})
    assert Proposal.objects.get(pk=proposal.pk).me_too_count == 1
    assert selectors.is_following(owner, proposal)
    client.force_login(citizen)
    assert client.post(f"/forslag/{proposal.pk}/dra-tillbaka/").status_code == 302
    client.logout()
    assert client.get(f"/forslag/{proposal.pk}/").status_code == 404


def test_organisation_page_shows_open_proposals_and_median_days(
    client, owner, citizen, skelleftea
) -> None:
    now = timezone.now()
    for days in (2, 4, 9):
        answered = services.proposal_create(
            author=citizen, organisation=skelleftea, title=f"Svar {days}", body="b"
        )
        services.proposal_answer(actor=owner, proposal=answered, kind="accepted", text="Ja")
        Proposal.objects.filter(pk=answered.pk).update(
            created_at=now - datetime.timedelta(days=days), answered_at=now
        )
    services.proposal_create(author=citizen, organisation=skelleftea, title="Väntar", body="b")
    assert selectors.median_days_to_answer(skelleftea) == 4.0
    page = client.get("/organisationer/skelleftea/").content.decode()
    assert "Väntar" in page and "Svar 2" not in page
    assert "4,0" in page or "4.0" in page


def test_median_days_is_none_without_answers(skelleftea) -> None:
    assert selectors.median_days_to_answer(skelleftea) is None
    factories.user(email="x@example.org")

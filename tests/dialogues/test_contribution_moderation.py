"""Contributions are moderated like comments and proposals: one flow (comments/moderation.py)
— flag with a reason, the municipality's coordinators told, one queue, hide with a reason
(the author told, the flags resolved) or dismiss the flags."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import Organisation, User
from comments import moderation
from comments.models import Flag
from dialogues import services
from dialogues.models import Contribution, Dialogue
from notifications.models import Notification
from tests import factories
from tests.dialogues.conftest import FOLLINGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def contribution(dialogue: Dialogue, resident: User) -> Contribution:
    return services.contribution_create(
        author=resident,
        dialogue=dialogue,
        answers=["Tystnaden vid sjön.", "Byns egen festival."],
        consent=True,
        point=FOLLINGE,
    )


@pytest.fixture
def neighbour(db: None) -> User:
    return factories.user(email="bo@example.org", display_name="Bo Berg")


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(contribution: Contribution, action: str = "") -> str:
    return f"/api/v1/dialogues/{contribution.dialogue_id}/contributions/{contribution.pk}/{action}"


def test_a_resident_flags_a_contribution_and_the_coordinators_are_told(
    api_as, contribution, neighbour, krokom_coordinator, team
) -> None:
    response = api_as(neighbour).post(
        _url(contribution, "flag/"), {"reason": "Här står en hemadress."}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["contribution"] == contribution.pk
    assert body["comment"] is None and body["proposal"] is None
    notes = Notification.objects.filter(kind=Notification.Kind.CONTRIBUTION_FLAG)
    # The coordinators moderate; a plain member of the team is not asked.
    assert [n.recipient_id for n in notes] == [krokom_coordinator.pk]
    assert notes[0].url == "/moderering/"
    assert notes[0].excerpt == "Här står en hemadress."
    with translation.override("sv"):
        assert "flaggades" in notes[0].message()


def test_a_flag_needs_a_reason_once_and_never_on_ones_own(
    api_as, contribution, neighbour, resident
) -> None:
    empty = api_as(neighbour).post(_url(contribution, "flag/"), {"reason": "  "}, format="json")
    assert empty.status_code == 400
    assert "reason" in empty.json()
    assert not Flag.objects.exists()
    own = api_as(resident).post(_url(contribution, "flag/"), {"reason": "Fel"}, format="json")
    assert own.status_code == 400
    assert "own contribution" in str(own.json()) or "eget bidrag" in str(own.json())
    first = api_as(neighbour).post(_url(contribution, "flag/"), {"reason": "Fel"}, format="json")
    assert first.status_code == 201
    again = api_as(neighbour).post(_url(contribution, "flag/"), {"reason": "Fel"}, format="json")
    assert again.status_code == 400
    assert Flag.objects.filter(contribution=contribution).count() == 1
    anonymous = api_as(None).post(_url(contribution, "flag/"), {"reason": "Fel"}, format="json")
    assert anonymous.status_code == 401


def test_the_queue_lists_flagged_contributions_to_their_moderators_only(
    api_as, contribution, neighbour, krokom_coordinator, team, skelleftea: Organisation
) -> None:
    moderation.flag(actor=neighbour, target=contribution, reason="Reklam")
    queue = api_as(krokom_coordinator).get("/api/v1/moderation/contributions/")
    assert queue.status_code == 200
    [entry] = queue.json()["results"]
    assert entry["id"] == contribution.pk
    assert entry["dialogue"] == contribution.dialogue_id
    assert entry["answers"] == ["Tystnaden vid sjön.", "Byns egen festival."]
    assert entry["pseudonym"] == "Deltagare 1"
    assert entry["open_flag_count"] == 1
    assert entry["flags"][0]["reason"] == "Reklam"
    assert entry["url"] == f"/dialoger/{contribution.dialogue_id}/#contribution-{contribution.pk}"
    # The resident's home is not in the moderators' queue: no exact point, no name.
    assert "exact_point" not in entry and "longitude" not in entry
    assert "Anna" not in str(entry)
    # A member of the team who is no coordinator, and a coordinator elsewhere, are refused
    # or see nothing.
    assert api_as(team).get("/api/v1/moderation/contributions/").status_code == 403
    elsewhere = factories.user(organisation=skelleftea, role="coordinator")
    assert api_as(elsewhere).get("/api/v1/moderation/contributions/").json()["results"] == []


def test_a_coordinator_hides_a_flagged_contribution_from_the_moderation_page(
    contribution, neighbour, krokom_coordinator, resident
) -> None:
    moderation.flag(actor=neighbour, target=contribution, reason="Hemadress")
    client = _signed_in(krokom_coordinator)
    page = client.get("/moderering/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="flagged-contribution-{contribution.pk}"' in html
    assert "Tystnaden vid sjön." in html and "Hemadress" in html
    response = client.post(
        f"/dialoger/{contribution.dialogue_id}/bidrag/{contribution.pk}/dolj/",
        {"reason": "Personuppgifter", "next": "/moderering/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderering/"
    contribution.refresh_from_db()
    assert contribution.hidden and contribution.hidden_reason == "Personuppgifter"
    assert not Flag.objects.filter(contribution=contribution, resolved_at__isnull=True).exists()
    told = Notification.objects.get(kind=Notification.Kind.CONTRIBUTION_HIDDEN)
    assert told.recipient_id == resident.pk
    assert told.url == f"/dialoger/{contribution.dialogue_id}/#contribution-{contribution.pk}"
    assert (
        f'id="flagged-contribution-{contribution.pk}"'
        not in client.get("/moderering/").content.decode()
    )
    # Once hidden it is the team's alone: a 404 to the neighbour who flagged it.
    assert (
        _signed_in(neighbour)
        .get(f"/dialoger/{contribution.dialogue_id}/bidrag/{contribution.pk}/flagga/")
        .status_code
        == 404
    )


def test_hiding_refuses_an_empty_or_too_long_reason_and_changes_nothing(
    contribution, krokom_coordinator, api_as, team
) -> None:
    client = _signed_in(krokom_coordinator)
    url = f"/dialoger/{contribution.dialogue_id}/bidrag/{contribution.pk}/dolj/"
    for reason in ("", "x" * 1001):
        response = client.post(url, {"reason": reason}, follow=True)
        assert response.status_code == 200
        contribution.refresh_from_db()
        assert not contribution.hidden
    api = api_as(krokom_coordinator).patch(
        _url(contribution), {"hidden": True, "hidden_reason": "x" * 1001}, format="json"
    )
    assert api.status_code == 400
    assert "hidden_reason" in api.json()
    contribution.refresh_from_db()
    assert not contribution.hidden


def test_dismissing_closes_the_flags_and_only_moderators_may(
    api_as, contribution, neighbour, krokom_coordinator, team
) -> None:
    moderation.flag(actor=neighbour, target=contribution, reason="Reklam")
    assert api_as(team).post(_url(contribution, "dismiss-flags/")).status_code == 403
    assert api_as(neighbour).post(_url(contribution, "dismiss-flags/")).status_code == 403
    response = api_as(krokom_coordinator).post(_url(contribution, "dismiss-flags/"))
    assert response.status_code == 200
    assert response.json() == {"dismissed": 1}
    flag = Flag.objects.get(contribution=contribution)
    assert flag.resolved_by_id == krokom_coordinator.pk
    assert not contribution.__class__.objects.get(pk=contribution.pk).hidden
    queue = api_as(krokom_coordinator).get("/api/v1/moderation/contributions/")
    assert queue.json()["results"] == []


def test_the_flag_page_works_without_javascript(
    contribution, neighbour, krokom_coordinator
) -> None:
    client = _signed_in(neighbour)
    url = f"/dialoger/{contribution.dialogue_id}/bidrag/{contribution.pk}/flagga/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tystnaden vid sjön." in html
    # Readers see the public name only: no name unless the resident chose to show it.
    assert "Anna" not in html
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert not Flag.objects.exists()
    sent = client.post(url, {"reason": "Kränkande"})
    assert sent.status_code == 302
    assert sent["Location"].endswith(f"#contribution-{contribution.pk}")
    assert Flag.objects.get(contribution=contribution).reason == "Kränkande"
    twice = client.post(url, {"reason": "Igen"})
    assert twice.status_code == 200
    assert Flag.objects.filter(contribution=contribution).count() == 1


def test_the_dialogue_page_offers_flagging_to_other_signed_in_readers_only(
    contribution, neighbour, resident, krokom_coordinator
) -> None:
    flag_url = f"/dialoger/{contribution.dialogue_id}/bidrag/{contribution.pk}/flagga/"
    page = f"/dialoger/{contribution.dialogue_id}/"
    assert flag_url in _signed_in(neighbour).get(page).content.decode()
    assert flag_url not in _signed_in(resident).get(page).content.decode()
    assert flag_url not in Client().get(page).content.decode()
    # Moderators hide directly instead.
    assert flag_url not in _signed_in(krokom_coordinator).get(page).content.decode()


def test_a_flag_is_on_exactly_one_subject(contribution, neighbour, citizen, skelleftea) -> None:
    from django.db import IntegrityError, transaction

    from proposals.services import proposal_create

    proposal = proposal_create(
        author=citizen, organisation=skelleftea, title="Belysning", body="Mörkt på vintern."
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(
            contribution=contribution, proposal=proposal, user=neighbour, reason="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(user=neighbour, reason="x")


def test_the_export_holds_the_flags_a_person_raised_on_contributions(
    api_as, contribution, neighbour, krokom_coordinator
) -> None:
    moderation.flag(actor=neighbour, target=contribution, reason="Hemadress")
    [flag] = api_as(neighbour).get("/api/v1/me/export/").json()["comments"]["comments_flagged"]
    assert flag["contribution"] == contribution.pk and flag["reason"] == "Hemadress"
    # Hidden since: the person keeps their own words, not the id of what they no longer see.
    moderation.hide(actor=krokom_coordinator, target=contribution, reason="Personuppgifter")
    [flag] = api_as(neighbour).get("/api/v1/me/export/").json()["comments"]["comments_flagged"]
    assert flag["contribution"] is None and flag["reason"] == "Hemadress"
    assert flag["idea_visible"] is False


def test_the_queue_starts_from_the_dialogues_the_moderator_may_see(
    api_as, contribution, neighbour, staff
) -> None:
    """Platform staff moderate everywhere, but a draft dialogue is its team's alone: a
    flagged contribution of a dialogue set back to draft leaves staff's queue."""
    moderation.flag(actor=neighbour, target=contribution, reason="Reklam")
    queue = api_as(staff).get("/api/v1/moderation/contributions/").json()["results"]
    assert [entry["id"] for entry in queue] == [contribution.pk]
    Dialogue.objects.filter(pk=contribution.dialogue_id).update(status=Dialogue.Status.DRAFT)
    assert api_as(staff).get("/api/v1/moderation/contributions/").json()["results"] == []


def test_a_dialogue_number_past_the_databases_range_is_a_404_not_a_500(
    api_as, contribution, neighbour, krokom_coordinator
) -> None:
    """Found by schemathesis: the address's dialogue number is any whole number."""
    huge = 10**27
    for user, action in ((neighbour, "flag/"), (krokom_coordinator, "dismiss-flags/")):
        url = f"/api/v1/dialogues/{huge}/contributions/{contribution.pk}/{action}"
        assert api_as(user).post(url, {"reason": "x"}, format="json").status_code == 404
    url = f"/api/v1/dialogues/{huge}/contributions/{contribution.pk}/"
    assert (
        api_as(krokom_coordinator).patch(url, {"is_gold": True}, format="json").status_code == 404
    )
    assert not Flag.objects.exists()

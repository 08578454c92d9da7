"""The computed summary (published when reported; below the minimum group size numbers per
area are not shown outside the team), the pages without JavaScript, and hiding."""

from __future__ import annotations

from typing import Any

import pytest

from dialogues import services
from dialogues.models import Contribution, Dialogue
from tests import factories
from tests.dialogues.conftest import FOLLINGE

pytestmark = pytest.mark.django_db


def _many(dialogue: Dialogue, area: str, count: int) -> None:
    for _ in range(count):
        author = factories.user()
        services.contribution_create(
            author=author, dialogue=dialogue, answers=["Svar", ""], consent=True, area=area
        )


def _report(dialogue: Dialogue, team: Any) -> Dialogue:
    for step in ("closed", "reported"):
        dialogue = services.dialogue_update(actor=team, dialogue=dialogue, status=step)
    return dialogue


def test_the_summary_is_the_teams_until_reported(api_as, dialogue, team, resident) -> None:
    url = f"/api/v1/dialogues/{dialogue.pk}/summary/"
    assert api_as(resident).get(url).status_code == 403
    assert api_as(team).get(url).status_code == 200
    _report(dialogue, team)
    assert api_as(None).get(url).status_code == 200


def test_small_areas_are_not_counted_in_public_but_are_for_the_team(
    api_as, dialogue, team, settings
) -> None:
    settings.ROUND_SUMMARY_MIN_PARTICIPANTS = 5
    _many(dialogue, "Offerdal", 5)
    _many(dialogue, "Föllinge-Laxsjö", 2)
    _report(dialogue, team)
    url = f"/api/v1/dialogues/{dialogue.pk}/summary/"
    public = {a["name"]: a for a in api_as(None).get(url).json()["per_area"]}
    assert public["Offerdal"]["contributions"] == 5
    assert public["Föllinge-Laxsjö"] == {
        "id": public["Föllinge-Laxsjö"]["id"],
        "name": "Föllinge-Laxsjö",
        "contributions": None,
        "suppressed": True,
    }
    own = {a["name"]: a for a in api_as(team).get(url).json()["per_area"]}
    assert own["Föllinge-Laxsjö"]["contributions"] == 2
    summary = api_as(None).get(url).json()
    assert summary["contributions"] == 7
    assert summary["per_prompt"][0]["answers"] == 7
    assert summary["per_prompt"][1]["answers"] == 0
    assert summary["note"]


def test_guldkorn_are_in_the_summary_without_names(api_as, dialogue, team, resident) -> None:
    made = services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Fjällen"], consent=True, area="Offerdal"
    )
    services.contribution_mark_gold(actor=team, contribution=made)
    _report(dialogue, team)
    summary = api_as(None).get(f"/api/v1/dialogues/{dialogue.pk}/summary/").json()
    assert [g["answers"][0] for g in summary["gold"]] == ["Fjällen"]
    assert "Anna" not in str(summary)


def test_a_hidden_contribution_leaves_the_public_list_and_stays_for_the_team(
    api_as, dialogue, krokom_coordinator, team, resident
) -> None:
    made = services.contribution_create(
        author=resident,
        dialogue=dialogue,
        answers=["Mitt telefonnummer"],
        consent=True,
        area="Offerdal",
    )
    url = f"/api/v1/dialogues/{dialogue.pk}/contributions/{made.pk}/"
    assert (
        api_as(team).patch(url, {"hidden": True, "hidden_reason": "x"}, format="json").status_code
        == 403
    )
    response = api_as(krokom_coordinator).patch(
        url, {"hidden": True, "hidden_reason": "Personuppgifter"}, format="json"
    )
    assert response.status_code == 200
    listed = f"/api/v1/dialogues/{dialogue.pk}/contributions/"
    assert api_as(None).get(listed).json()["count"] == 0
    assert api_as(team).get(listed).json()["results"][0]["hidden"] is True


def test_the_list_page_filters_without_javascript(client, dialogue, draft) -> None:
    page = client.get("/dialoger/", {"status": "open"}).content.decode()
    assert dialogue.get_absolute_url() in page
    assert draft.get_absolute_url() not in page
    assert client.get("/dialoger/", {"status": "nonsense"}).status_code == 200


def test_a_resident_contributes_on_the_page_by_village_without_javascript(
    client, dialogue, resident
) -> None:
    client.force_login(resident)
    page = client.get(f"/dialoger/{dialogue.pk}/").content.decode()
    assert 'name="village"' in page and "Laxsjö" in page
    response = client.post(
        f"/dialoger/{dialogue.pk}/",
        {
            "answer_0": "Tystnaden",
            "answer_1": "",
            "village": "Laxsjö",
            "consent": "on",
            "consent_version": "1",
        },
    )
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.area is not None and made.area.name == "Föllinge-Laxsjö"
    assert "Tystnaden" in client.get(f"/dialoger/{dialogue.pk}/").content.decode()


def test_a_point_from_the_map_becomes_a_point_in_the_municipality(
    client, dialogue, resident
) -> None:
    from maps.boundaries import to_sweref
    from maps.drawing import surroundings

    frame, _ = surroundings(dialogue.organisation.code)
    u, v = frame.point(*to_sweref(*FOLLINGE))
    client.force_login(resident)
    response = client.post(
        f"/dialoger/{dialogue.pk}/",
        {
            "answer_0": "Skogen",
            "map_x": f"{u:.1f}",
            "map_y": f"{v:.1f}",
            "consent": "on",
            "consent_version": "1",
        },
    )
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.longitude == pytest.approx(FOLLINGE[0], abs=0.01)
    assert made.latitude == pytest.approx(FOLLINGE[1], abs=0.01)


def test_a_contribution_without_consent_shows_the_error_on_the_page(
    client, dialogue, resident
) -> None:
    client.force_login(resident)
    response = client.post(
        f"/dialoger/{dialogue.pk}/",
        {"answer_0": "Tystnaden", "area": "Offerdal", "consent_version": "1"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_team_moves_the_status_and_the_reported_page_shows_the_summary(
    client, dialogue, team
) -> None:
    client.force_login(team)
    for step in ("closed", "reported"):
        assert client.post(f"/dialoger/{dialogue.pk}/status/", {"status": step}).status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.status == "reported"
    client.logout()
    assert 'id="summary-heading"' in client.get(f"/dialoger/{dialogue.pk}/").content.decode()


def test_the_team_creates_a_dialogue_on_the_page(client, team) -> None:
    client.force_login(team)
    response = client.post(
        "/dialoger/ny/",
        {
            "organisation": str(team.memberships.get().organisation_id),
            "title": "Sätt din plats på kartan",
            "prompts": "Varför bor du där du bor?\nVad är unikt med din plats?",
            "areas": "Hotagen: Rötviken, Hotagen, Valsjöbyn",
            "focus_groups": "Unga | 14–25 år | age 14–25",
            "consent_text": "Jag samtycker.",
        },
    )
    assert response.status_code == 302
    made = Dialogue.objects.get()
    assert made.status == "draft"
    assert made.areas.get().villages == ["Rötviken", "Hotagen", "Valsjöbyn"]
    assert (made.focus_groups.get().age_min, made.focus_groups.get().age_max) == (14, 25)


def test_a_linked_dialogue_appears_on_the_ideas_page(client, krokom, team) -> None:
    idea = factories.idea(organisation=krokom, created_by=team, title="Bo i Krokom")
    made = factories.dialogue(organisation=krokom, created_by=team, idea=idea.pk)
    page = client.get(f"/ideer/{idea.pk}/").content.decode()
    assert made.get_absolute_url() in page

"""/api/v1/dialogues/: a municipality's team runs a dialogue; signed-in residents contribute
while it is open; a draft does not exist outside the team."""

from __future__ import annotations

from typing import Any

import pytest

from dialogues.models import Contribution, Dialogue, DialogueConsentText
from tests.dialogues.conftest import FOLLINGE, OSTERSUND

pytestmark = pytest.mark.django_db

DIALOGUES = "/api/v1/dialogues/"


def _contribute(client: Any, dialogue: Dialogue, **fields: Any) -> Any:
    body = {"answers": ["Skogen och tystnaden", "Fjällen"], "consent": True} | fields
    return client.post(f"{DIALOGUES}{dialogue.pk}/contributions/", body, format="json")


def _create_body(**fields: Any) -> dict[str, Any]:
    return {
        "organisation": "krokom",
        "title": "Sätt din plats på kartan",
        "prompts": ["Varför bor du där du bor?", "Vad är unikt med din plats?"],
        "consent_text": "Jag samtycker.",
        "areas": [{"name": "Hotagen", "villages": ["Rötviken", "Hotagen", "Valsjöbyn"]}],
        "focus_groups": [{"name": "Unga 14–25", "age_min": 14, "age_max": 25}],
    } | fields


def test_a_member_starts_a_dialogue_as_a_draft_with_areas_and_focus_groups(api_as, team) -> None:
    response = api_as(team).post(DIALOGUES, _create_body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["organisation"] == "krokom"
    assert data["prompts"] == ["Varför bor du där du bor?", "Vad är unikt med din plats?"]
    assert [a["villages"] for a in data["areas"]] == [["Rötviken", "Hotagen", "Valsjöbyn"]]
    assert data["focus_groups"][0]["age_min"] == 14
    assert data["url"] == f"/dialoger/{data['id']}/"
    assert data["consent_version"] == 1


def test_an_outsider_cannot_start_a_dialogue_for_another_municipality(api_as, owner) -> None:
    response = api_as(owner).post(DIALOGUES, _create_body(), format="json")
    assert response.status_code == 403
    assert "Krokom" in response.json()["detail"]
    assert not Dialogue.objects.exists()


def test_more_than_five_prompts_is_a_400_naming_the_field(api_as, team) -> None:
    response = api_as(team).post(DIALOGUES, _create_body(prompts=["?"] * 6), format="json")
    assert response.status_code == 400
    assert "prompts" in response.json()


def test_a_region_cannot_hold_a_dialogue(api_as, db) -> None:
    from tests import factories

    region = factories.organisation("region-jamtland-harjedalen")
    member = factories.user(organisation=region)
    response = api_as(member).post(DIALOGUES, _create_body(organisation=region.slug), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_a_draft_is_404_to_others_everywhere(api_as, draft, resident, owner) -> None:
    for viewer in (None, resident, owner):
        client = api_as(viewer)
        assert client.get(f"{DIALOGUES}{draft.pk}/").status_code == 404
        assert client.get(f"{DIALOGUES}{draft.pk}/contributions/").status_code == 404
        assert client.get(f"{DIALOGUES}{draft.pk}/contributions.geojson").status_code == 404
        assert client.get(f"{DIALOGUES}{draft.pk}/summary/").status_code == 404
        assert draft.pk not in [d["id"] for d in client.get(DIALOGUES).json()["results"]]
    assert (
        api_as(resident)
        .patch(f"{DIALOGUES}{draft.pk}/", {"status": "open"}, format="json")
        .status_code
        == 404
    )


def test_the_team_sees_its_draft_in_the_list_and_filters(api_as, draft, team) -> None:
    ids = [d["id"] for d in api_as(team).get(DIALOGUES, {"status": "draft"}).json()["results"]]
    assert ids == [draft.pk]
    assert api_as(team).get(DIALOGUES, {"organisation": "krokom"}).json()["count"] == 1
    assert api_as(team).get(DIALOGUES, {"county": "23"}).json()["count"] == 1
    assert api_as(team).get(DIALOGUES, {"county": "24"}).json()["count"] == 0


def test_an_unknown_filter_value_is_a_400(api_as, dialogue) -> None:
    assert api_as(None).get(DIALOGUES, {"status": "archived"}).status_code == 400
    assert api_as(None).get(DIALOGUES, {"organisation": "nowhere"}).status_code == 400


def test_status_moves_one_step_forward_only(api_as, draft, team) -> None:
    client = api_as(team)
    url = f"{DIALOGUES}{draft.pk}/"
    skipped = client.patch(url, {"status": "closed"}, format="json")
    assert skipped.status_code == 400
    assert "open" in skipped.json()["status"][0]
    for step in ("open", "closed", "reported"):
        response = client.patch(url, {"status": step}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == step
    back = client.patch(url, {"status": "open"}, format="json")
    assert back.status_code == 400
    draft.refresh_from_db()
    assert draft.status == "reported"


def test_a_resident_cannot_move_a_dialogues_status(api_as, dialogue, resident) -> None:
    response = api_as(resident).patch(
        f"{DIALOGUES}{dialogue.pk}/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 403
    dialogue.refresh_from_db()
    assert dialogue.status == "open"


def test_a_new_consent_text_gets_a_new_version(api_as, dialogue, team) -> None:
    response = api_as(team).patch(
        f"{DIALOGUES}{dialogue.pk}/", {"consent_text": "Ny text."}, format="json"
    )
    assert response.json()["consent_version"] == 2
    assert list(
        DialogueConsentText.objects.filter(dialogue=dialogue).values_list("version", flat=True)
    ) == [1, 2]


def test_anonymous_contribution_is_401(api_as, dialogue) -> None:
    assert _contribute(api_as(None), dialogue, point=list(FOLLINGE)).status_code == 401
    assert not Contribution.objects.exists()


def test_a_point_outside_the_municipality_is_a_400(api_as, dialogue, resident) -> None:
    response = _contribute(api_as(resident), dialogue, point=list(OSTERSUND))
    assert response.status_code == 400
    assert "Krokom" in response.json()["point"][0]
    assert not Contribution.objects.exists()


def test_a_resident_contributes_with_a_point_and_the_public_sees_only_the_grid_cell(
    api_as, dialogue, resident
) -> None:
    response = _contribute(api_as(resident), dialogue, point=list(FOLLINGE))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["point"] != list(FOLLINGE)
    assert "exact_point" not in created
    assert created["author_display"] == "A resident" or created["author_display"] == "En invånare"
    public = api_as(None).get(f"{DIALOGUES}{dialogue.pk}/contributions/").json()["results"]
    assert [c["id"] for c in public] == [created["id"]]
    assert public[0]["point"] == created["point"]
    assert "Anna" not in str(public)
    stored = Contribution.objects.get()
    assert (stored.longitude, stored.latitude) == FOLLINGE
    assert stored.consent_version == 1


def test_the_team_sees_the_exact_point_under_a_pseudonym(api_as, dialogue, resident, team) -> None:
    _contribute(api_as(resident), dialogue, point=list(FOLLINGE))
    rows = api_as(team).get(f"{DIALOGUES}{dialogue.pk}/contributions/").json()["results"]
    assert rows[0]["exact_point"] == list(FOLLINGE)
    assert rows[0]["pseudonym"] in ("Participant 1", "Deltagare 1")
    assert rows[0]["author_display"] == rows[0]["pseudonym"]
    assert "Anna" not in str(rows)


def test_a_second_contribution_keeps_the_persons_pseudonym(
    api_as, dialogue, resident, citizen
) -> None:
    _contribute(api_as(resident), dialogue, area="Offerdal")
    _contribute(api_as(citizen), dialogue, area="Offerdal")
    _contribute(api_as(resident), dialogue, village="Laxsjö")
    numbers = list(Contribution.objects.order_by("id").values_list("number", flat=True))
    assert numbers == [1, 2, 1]


def test_show_name_shows_the_public_name(api_as, dialogue, resident) -> None:
    response = _contribute(api_as(resident), dialogue, area="Offerdal", show_name=True)
    assert response.json()["author_display"] == "Anna Andersson"


def test_a_village_chosen_by_name_places_the_contribution_in_its_area(
    api_as, dialogue, resident
) -> None:
    response = _contribute(api_as(resident), dialogue, village="laxsjö")
    assert response.status_code == 201, response.content
    assert response.json()["area"]["name"] == "Föllinge-Laxsjö"
    assert response.json()["village"] == "Laxsjö"
    assert response.json()["point"] is None


def test_an_unknown_area_or_village_is_a_400_listing_the_choices(
    api_as, dialogue, resident
) -> None:
    response = _contribute(api_as(resident), dialogue, area="Nowhere")
    assert response.status_code == 400
    assert "Offerdal" in response.json()["area"][0]
    assert _contribute(api_as(resident), dialogue, village="Hammerdal").status_code == 400
    assert (
        _contribute(api_as(resident), dialogue, area="Offerdal", village="Laxsjö").status_code
        == 400
    )


def test_a_contribution_must_be_placed(api_as, dialogue, resident) -> None:
    response = _contribute(api_as(resident), dialogue)
    assert response.status_code == 400
    assert "point" in response.json()


def test_a_contribution_needs_consent(api_as, dialogue, resident) -> None:
    response = _contribute(api_as(resident), dialogue, area="Offerdal", consent=False)
    assert response.status_code == 400
    assert "consent" in response.json()


def test_an_outdated_consent_version_is_refused(api_as, dialogue, resident, team) -> None:
    api_as(team).patch(f"{DIALOGUES}{dialogue.pk}/", {"consent_text": "Ny text."}, format="json")
    stale = _contribute(api_as(resident), dialogue, area="Offerdal", consent_version=1)
    assert stale.status_code == 400
    fresh = _contribute(api_as(resident), dialogue, area="Offerdal", consent_version=2)
    assert fresh.status_code == 201
    assert Contribution.objects.get().consent_version == 2


def test_contributions_only_while_open(api_as, krokom, team, resident) -> None:
    from tests import factories

    closed = factories.dialogue(organisation=krokom, created_by=team, status="closed")
    response = _contribute(api_as(resident), closed, area="Offerdal")
    assert response.status_code == 400
    assert "stängd" in response.json()["detail"]  # the site speaks Swedish first


def test_empty_answers_are_a_400(api_as, dialogue, resident) -> None:
    response = _contribute(api_as(resident), dialogue, area="Offerdal", answers=["", " "])
    assert response.status_code == 400
    assert "answers" in response.json()
    assert (
        _contribute(
            api_as(resident), dialogue, area="Offerdal", answers=["a", "b", "c"]
        ).status_code
        == 400
    )


def test_contributions_are_rate_limited_with_retry_after(
    api_as, dialogue, resident, settings
) -> None:
    settings.DIALOGUE_CONTRIBUTION_RATE_LIMIT = "2/60"
    client = api_as(resident)
    assert _contribute(client, dialogue, area="Offerdal").status_code == 201
    assert _contribute(client, dialogue, area="Offerdal").status_code == 201
    third = _contribute(client, dialogue, area="Offerdal")
    assert third.status_code == 429
    assert int(third["Retry-After"]) >= 1
    assert Contribution.objects.count() == 2


def test_geojson_gives_grid_cells_to_the_public_and_exact_points_to_the_team(
    api_as, dialogue, resident, team
) -> None:
    _contribute(api_as(resident), dialogue, point=list(FOLLINGE))
    _contribute(api_as(resident), dialogue, area="Offerdal")  # no point: not a feature
    url = f"{DIALOGUES}{dialogue.pk}/contributions.geojson"
    public = api_as(None).get(url).json()
    assert public["type"] == "FeatureCollection"
    assert len(public["features"]) == 1
    assert public["features"][0]["geometry"]["coordinates"] != list(FOLLINGE)
    assert "pseudonym" not in public["features"][0]["properties"]
    own = api_as(team).get(url).json()
    assert own["features"][0]["geometry"]["coordinates"] == list(FOLLINGE)


def test_the_team_marks_a_guldkorn_and_a_resident_cannot(api_as, dialogue, resident, team) -> None:
    created = _contribute(api_as(resident), dialogue, area="Offerdal").json()
    url = f"{DIALOGUES}{dialogue.pk}/contributions/{created['id']}/"
    assert api_as(resident).patch(url, {"is_gold": True}, format="json").status_code == 403
    response = api_as(team).patch(url, {"is_gold": True}, format="json")
    assert response.status_code == 200
    assert response.json()["is_gold"] is True


def test_the_team_turns_a_contribution_into_an_idea_linked_both_ways(
    api_as, dialogue, resident, team
) -> None:
    created = _contribute(api_as(resident), dialogue, area="Offerdal").json()
    url = f"{DIALOGUES}{dialogue.pk}/contributions/{created['id']}/idea/"
    assert api_as(resident).post(url, {"title": "Mötesplats"}, format="json").status_code == 403
    response = api_as(team).post(url, {"title": "Mötesplats i byn"}, format="json")
    assert response.status_code == 201, response.content
    contribution = Contribution.objects.get()
    assert contribution.idea_id == response.json()["idea"]
    idea = contribution.idea
    assert idea.organisation.slug == "krokom"
    assert "Skogen och tystnaden" in idea.body
    assert "Anna" not in idea.body
    assert list(idea.dialogue_contributions.all()) == [contribution]
    again = api_as(team).post(url, {"title": "Igen"}, format="json")
    assert again.status_code == 400


def test_a_contribution_of_another_dialogue_is_404_under_this_one(
    api_as, dialogue, krokom, resident, team
) -> None:
    from tests import factories

    other = factories.dialogue(organisation=krokom, created_by=team, title="Annan")
    created = _contribute(api_as(resident), other, area="Offerdal").json()
    url = f"{DIALOGUES}{dialogue.pk}/contributions/{created['id']}/"
    assert api_as(team).patch(url, {"is_gold": True}, format="json").status_code == 404


def test_geojson_is_valid_json_for_names_with_quotes_and_gives_the_team_pseudonyms(
    api_as, dialogue, resident, team
) -> None:
    """The FeatureCollection is written as text (for speed): names with quotes, backslashes
    and Swedish letters stay valid JSON, and the team's features carry pseudonym and hidden."""
    from comments import moderation
    from tests import factories

    created = _contribute(api_as(resident), dialogue, point=list(FOLLINGE)).json()
    Contribution.objects.filter(pk=created["id"]).update(village='Åsen "norra" \\ by')
    url = f"{DIALOGUES}{dialogue.pk}/contributions.geojson"
    public = api_as(None).get(url)
    assert public["Content-Type"] == "application/json"
    [feature] = public.json()["features"]
    assert feature["id"] == created["id"]
    assert feature["properties"] == {
        "id": created["id"],
        "area": None,
        "village": 'Åsen "norra" \\ by',
        "is_gold": False,
    }
    coordinator = factories.user(organisation=dialogue.organisation, role="coordinator")
    moderation.hide(
        actor=coordinator, target=Contribution.objects.get(pk=created["id"]), reason="Adress"
    )
    assert api_as(None).get(url).json()["features"] == []
    [own] = api_as(team).get(url).json()["features"]
    assert own["properties"]["pseudonym"] == "Deltagare 1"
    assert own["properties"]["hidden"] is True
    assert own["geometry"] == {"type": "Point", "coordinates": list(FOLLINGE)}

"""Privacy by design: the 250 m grid, pseudonyms, the personal-data export and account
deletion (removed, or anonymised when the person chooses)."""

from __future__ import annotations

import math

import pytest
from pyproj import Transformer

from accounts import services as account_services
from dialogues import services
from dialogues.models import Contribution
from dialogues.selectors import GRID_M, coarse_point
from tests.dialogues.conftest import FOLLINGE

pytestmark = pytest.mark.django_db


def _sweref(lon: float, lat: float) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(lon, lat)


def test_a_point_is_shown_as_the_centre_of_its_250_m_square() -> None:
    lon, lat = coarse_point(*FOLLINGE)
    e, n = _sweref(lon, lat)
    # The centre of a square: 125 m past a multiple of 250 m on both axes (to a metre).
    assert abs((e % GRID_M) - GRID_M / 2) < 1.5
    assert abs((n % GRID_M) - GRID_M / 2) < 1.5
    exact_e, exact_n = _sweref(*FOLLINGE)
    assert math.floor(exact_e / GRID_M) == math.floor(e / GRID_M)
    assert math.floor(exact_n / GRID_M) == math.floor(n / GRID_M)
    assert (lon, lat) != FOLLINGE


def test_two_homes_in_the_same_square_look_the_same_in_public() -> None:
    e, n = _sweref(*FOLLINGE)
    base_e = math.floor(e / GRID_M) * GRID_M
    base_n = math.floor(n / GRID_M) * GRID_M
    back = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    a = back.transform(base_e + 20, base_n + 30)
    b = back.transform(base_e + 230, base_n + 200)
    assert coarse_point(*a) == coarse_point(*b)


def test_the_export_holds_the_persons_contributions_with_the_exact_point(
    dialogue, resident
) -> None:
    services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Tystnaden"], consent=True, point=FOLLINGE
    )
    exported = account_services.user_export(user=resident)["dialogue_contributions"]
    assert len(exported) == 1
    assert exported[0]["point"] == list(FOLLINGE)
    assert exported[0]["answers"] == ["Tystnaden", ""]
    assert exported[0]["consent_version"] == 1
    assert exported[0]["dialogue"] == dialogue.pk


def test_deleting_the_account_removes_contributions_by_default(dialogue, resident) -> None:
    services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Tystnaden"], consent=True, point=FOLLINGE
    )
    account_services.user_delete(user=resident)
    assert not Contribution.objects.exists()


def test_deleting_the_account_can_keep_contributions_anonymised(dialogue, resident) -> None:
    services.contribution_create(
        author=resident,
        dialogue=dialogue,
        answers=["Tystnaden"],
        consent=True,
        point=FOLLINGE,
        show_name=True,
    )
    account_services.user_delete(user=resident, anonymise=["dialogue_contributions"])
    kept = Contribution.objects.get()
    assert kept.author is None
    assert kept.show_name is False
    assert (kept.longitude, kept.latitude) == (kept.coarse_longitude, kept.coarse_latitude)
    assert (kept.longitude, kept.latitude) != FOLLINGE


def test_an_unknown_anonymise_choice_is_refused(resident) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        account_services.user_delete(user=resident, anonymise=["comments"])


def test_the_api_deletes_with_the_anonymise_choice(api_as, dialogue, resident) -> None:
    services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Tystnaden"], consent=True, area="Offerdal"
    )
    response = api_as(resident).delete("/api/v1/me/?anonymise=dialogue_contributions")
    assert response.status_code == 204
    assert Contribution.objects.get().author is None


def test_the_delete_page_offers_the_choice_and_keeps_anonymised(client, dialogue, resident) -> None:
    services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Tystnaden"], consent=True, area="Offerdal"
    )
    client.force_login(resident)
    page = client.get("/mitt-konto/").content.decode()
    assert 'name="dialogue_contributions"' in page
    response = client.post(
        "/mitt-konto/radera/", {"confirm": "on", "dialogue_contributions": "anonymise"}
    )
    assert response.status_code == 302
    assert Contribution.objects.get().author is None


def test_the_delete_page_removes_contributions_by_default(client, dialogue, resident) -> None:
    services.contribution_create(
        author=resident, dialogue=dialogue, answers=["Tystnaden"], consent=True, area="Offerdal"
    )
    client.force_login(resident)
    client.post("/mitt-konto/radera/", {"confirm": "on"})
    assert not Contribution.objects.exists()

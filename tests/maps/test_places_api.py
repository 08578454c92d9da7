"""/api/v1/places/: members of a municipality manage its places; everyone reads the public
ones. A point must lie in the municipality; distances are measured in SWEREF 99 TM."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

import pytest
from pyproj import Geod

from accounts.models import Organisation, User
from ideas import services as idea_services
from ideas.models import Idea
from maps import services
from maps.models import Place, SupportRule
from tests import factories

pytestmark = pytest.mark.django_db

PLACES = "/api/v1/places/"
# Real villages of Jämtland (WGS 84, longitude first).
HAMMERDAL = (15.3530, 63.5930)
SIKAS = (15.3100, 63.6550)
FOLLINGE = (14.6160, 63.6660)
OSTERSUND = (14.6357, 63.1792)  # the town, in Östersund kommun: outside Krokom


@pytest.fixture
def stromsund(db: None) -> Organisation:
    return factories.organisation("stromsund")


@pytest.fixture
def stromsund_member(stromsund: Organisation) -> User:
    return factories.user(email="eva@stromsund.example", organisation=stromsund)


@pytest.fixture
def krokom_member(krokom: Organisation) -> User:
    return factories.user(email="maria@krokom.example", organisation=krokom)


def _place(
    actor: User, organisation: Organisation, point: tuple[float, float], **fields: Any
) -> Place:
    fields.setdefault("kind", Place.Kind.SHOP)
    fields.setdefault("name", "Lanthandeln")
    return services.place_create(actor=actor, organisation=organisation, point=point, **fields)


def _body(**fields: Any) -> dict[str, Any]:
    body = {"organisation": "krokom", "kind": "safety_point", "name": "Föllinge Handel"}
    body["point"] = list(FOLLINGE)
    return body | fields


def test_a_member_adds_a_safety_point_and_everyone_reads_it(api_as, krokom_member) -> None:
    response = api_as(krokom_member).post(
        PLACES,
        _body(
            area="Föllinge",
            village="Föllinge",
            functions=["backup_power", "information_channel", "crisis_contact"],
            agreement_from="2024-01-01",
            agreement_to="2027-12-31",
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["organisation"] == "krokom"
    assert created["point"] == list(FOLLINGE)
    assert created["functions"] == ["backup_power", "information_channel", "crisis_contact"]
    assert created["url"] == f"/platser/{created['id']}/"
    read = api_as(None).get(f"{PLACES}{created['id']}/")
    assert read.status_code == 200
    assert set(read.json()) == {
        "id", "organisation", "kind", "name", "area", "village", "point", "address",
        "description", "functions", "agreement_from", "agreement_to", "ideas", "visibility",
        "nearest", "support", "url",
    }  # fmt: skip
    place = Place.objects.get(pk=created["id"])
    # Kept in SWEREF 99 TM too, for distances.
    assert 450_000 < place.easting < 550_000 and 7_000_000 < place.northing < 7_100_000


def test_a_point_outside_the_municipality_is_a_400_naming_it(api_as, krokom_member) -> None:
    response = api_as(krokom_member).post(PLACES, _body(point=list(OSTERSUND)), format="json")
    assert response.status_code == 400
    message = response.json()["point"][0]
    assert "Krokom" in message and "km" in message
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("point", "field"),
    [
        ([200.0, 63.0], "point"),
        ([14.6, 95.0], "point"),
        ([63.666, 14.616], "point"),  # latitude first: lands in the Indian Ocean
        ([14.6], "point"),
        ([14.6, 63.6, 1.0], "point"),
        (["öst", "norr"], "point"),
    ],
)
def test_a_point_that_is_no_coordinate_in_the_municipality_is_a_400(
    api_as, krokom_member, point, field
) -> None:
    response = api_as(krokom_member).post(PLACES, _body(point=point), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "castle"}, "kind"),
        ({"functions": ["backup_power", "jacuzzi"]}, "functions"),
        ({"agreement_from": "2025-01-01", "agreement_to": "2024-01-01"}, "agreement_to"),
        ({"name": "   "}, "name"),
        ({"organisation": "atlantis"}, "organisation"),
        ({"organisation": "region-jamtland-harjedalen"}, "organisation"),
    ],
)
def test_wrong_values_are_a_400_naming_the_field(api_as, krokom_member, fields, field) -> None:
    if fields.get("organisation") == "region-jamtland-harjedalen":
        Organisation.objects.get(slug="region-jamtland-harjedalen").memberships.create(
            user=krokom_member
        )
    response = api_as(krokom_member).post(PLACES, _body(**fields), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Place.objects.exists()


def test_only_members_of_the_municipality_manage_its_places(
    api_as, krokom_member, krokom, outsider, owner, citizen
) -> None:
    # `outsider` is a member of Krokom too (tests/conftest.py); `owner` is Skellefteå's.
    assert api_as(None).post(PLACES, _body(), format="json").status_code == 401
    assert api_as(citizen).post(PLACES, _body(), format="json").status_code == 403
    assert api_as(owner).post(PLACES, _body(), format="json").status_code == 403
    place = _place(krokom_member, krokom, FOLLINGE)
    url = f"{PLACES}{place.pk}/"
    assert api_as(owner).patch(url, {"name": "Nytt"}, format="json").status_code == 403
    assert api_as(owner).delete(url).status_code == 403
    assert api_as(outsider).patch(url, {"name": "Nytt namn"}, format="json").status_code == 200
    assert api_as(krokom_member).delete(url).status_code == 204
    assert not Place.objects.exists()


def test_a_place_stays_with_its_municipality_and_a_moved_point_is_checked(
    api_as, krokom_member, krokom
) -> None:
    place = _place(krokom_member, krokom, FOLLINGE)
    url = f"{PLACES}{place.pk}/"
    moved = api_as(krokom_member).patch(url, {"point": list(OSTERSUND)}, format="json")
    assert moved.status_code == 400 and "Krokom" in moved.json()["point"][0]
    other = api_as(krokom_member).patch(url, {"organisation": "skelleftea"}, format="json")
    assert other.status_code == 400 and "organisation" in other.json()
    place.refresh_from_db()
    assert (place.longitude, place.latitude) == FOLLINGE


def test_an_internal_place_is_404_outside_its_municipality(
    api_as, krokom_member, krokom, owner, citizen
) -> None:
    place = _place(krokom_member, krokom, FOLLINGE, visibility="organisation", name="Krisrum")
    url = f"{PLACES}{place.pk}/"
    missing = f"{PLACES}987654321/"
    for user in (None, citizen, owner):
        client = api_as(user)
        assert client.get(url).status_code == 404
        assert client.get(url).json() == client.get(missing).json()
        assert place.pk not in [p["id"] for p in client.get(PLACES).json()["results"]]
        assert "Krisrum" not in client.get("/api/v1/places.geojson").content.decode()
    assert api_as(owner).patch(url, {"name": "x"}, format="json").status_code == 404
    assert api_as(owner).delete(url).status_code == 404
    assert api_as(krokom_member).get(url).status_code == 200


def test_the_nearest_shops_are_measured_in_sweref_99_tm_and_say_so(
    api_as, stromsund_member, stromsund
) -> None:
    """Sikås to Hammerdal, against the geodesic distance on the WGS 84 ellipsoid (pyproj's
    Geod, not the projection): a transverse Mercator keeps distances near its central
    meridian (15° E) to within 0.1 %."""
    sikas = _place(stromsund_member, stromsund, SIKAS, name="Sikås Lanthandel")
    _place(stromsund_member, stromsund, HAMMERDAL, name="Hammerdals Livs")
    _place(stromsund_member, stromsund, HAMMERDAL, name="Bygdegården", kind="meeting_place")
    nearest = api_as(None).get(f"{PLACES}{sikas.pk}/").json()["nearest"]
    assert [n["name"] for n in nearest] == ["Hammerdals Livs"]  # a meeting place is no shop
    _azimuth, _back, metres = Geod(ellps="WGS84").inv(*SIKAS, *HAMMERDAL)
    assert nearest[0]["distance_km"] == pytest.approx(metres / 1000, rel=0.001)
    assert 7.0 < nearest[0]["distance_km"] < 7.4  # "7 km from Hammerdal"
    assert nearest[0]["method"] == "straight_line_sweref99tm"


def test_the_nearest_are_three_others_nearest_first(api_as, krokom_member, krokom) -> None:
    home = _place(krokom_member, krokom, FOLLINGE, name="Hemma")
    for i, km in enumerate((30, 5, 20, 10)):
        # Due north of Föllinge by `km` (a degree of latitude is about 111.4 km here).
        point = (FOLLINGE[0], FOLLINGE[1] + km / 111.4)
        _place(krokom_member, krokom, point, name=f"Butik {i} ({km} km)")
    nearest = api_as(None).get(f"{PLACES}{home.pk}/").json()["nearest"]
    assert [n["name"] for n in nearest] == ["Butik 1 (5 km)", "Butik 3 (10 km)", "Butik 2 (20 km)"]
    assert [round(n["distance_km"]) for n in nearest] == [5, 10, 20]


@pytest.fixture
def rules(db: None) -> list[SupportRule]:
    SupportRule.objects.all().delete()
    return [
        SupportRule.objects.create(
            name="15 km (2017)",
            threshold_km=Decimal("15"),
            valid_from=datetime.date(2017, 1, 1),
            valid_to=datetime.date(2019, 12, 31),
            source="Stödärendet 2017",
        ),
        SupportRule.objects.create(
            name="Mer än 10 km",
            threshold_km=Decimal("10"),
            valid_from=datetime.date(2020, 1, 1),
            source="Regional vägledning",
        ),
        SupportRule.objects.create(
            name="Mer än 5 km (kommande)",
            threshold_km=Decimal("5"),
            valid_from=datetime.date(2099, 1, 1),
            source="Förslag",
        ),
    ]


def test_support_rules_in_force_today_say_whether_the_shop_meets_them(
    api_as, stromsund_member, stromsund, krokom_member, krokom, rules
) -> None:
    sikas = _place(stromsund_member, stromsund, SIKAS, name="Sikås Lanthandel")
    _place(stromsund_member, stromsund, HAMMERDAL, name="Hammerdals Livs")
    follinge = _place(krokom_member, krokom, FOLLINGE, name="Föllinge Handel")
    meeting = _place(krokom_member, krokom, FOLLINGE, name="Bygdegård", kind="meeting_place")
    # Only the rule valid today: 7 km is not more than 10; Föllinge's nearest is 34 km off.
    assert api_as(None).get(f"{PLACES}{sikas.pk}/").json()["support"] == [
        {"rule": "Mer än 10 km", "threshold_km": 10.0, "holds": False}
    ]
    assert api_as(None).get(f"{PLACES}{follinge.pk}/").json()["support"] == [
        {"rule": "Mer än 10 km", "threshold_km": 10.0, "holds": True}
    ]
    assert api_as(None).get(f"{PLACES}{meeting.pk}/").json()["support"] == []


def test_the_rules_in_force_depend_on_the_date(rules) -> None:
    from maps.selectors import rules_in_force

    names = [
        [r.name for r in rules_in_force(datetime.date(*day))]
        for day in ((2016, 12, 31), (2017, 6, 1), (2019, 12, 31), (2020, 1, 1), (2099, 1, 1))
    ]
    assert names == [
        [],
        ["15 km (2017)"],
        ["15 km (2017)"],
        ["Mer än 10 km"],
        ["Mer än 10 km", "Mer än 5 km (kommande)"],
    ]


def test_a_shop_with_no_other_shop_meets_every_rule(api_as, krokom_member, krokom, rules) -> None:
    alone = _place(krokom_member, krokom, FOLLINGE)
    data = api_as(None).get(f"{PLACES}{alone.pk}/").json()
    assert data["nearest"] == []
    assert [s["holds"] for s in data["support"]] == [True]


def test_linked_ideas_show_only_those_the_reader_may_see(
    api_as, krokom_member, krokom, citizen
) -> None:
    public = idea_services.idea_create(
        actor=krokom_member, organisation=krokom, kind="activity", title="Trygghetspunkter"
    )
    internal = idea_services.idea_create(
        actor=krokom_member,
        organisation=krokom,
        kind="activity",
        title="Intern krisplan",
        visibility=Idea.Visibility.ORGANISATION,
    )
    place = _place(krokom_member, krokom, FOLLINGE, ideas=[public.pk, internal.pk])
    assert api_as(krokom_member).get(f"{PLACES}{place.pk}/").json()["ideas"] == sorted(
        [public.pk, internal.pk]
    )
    assert api_as(citizen).get(f"{PLACES}{place.pk}/").json()["ideas"] == [public.pk]


def test_linking_an_idea_one_may_not_see_is_answered_like_a_missing_one(
    api_as, krokom_member, owner, skelleftea
) -> None:
    hidden = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind="activity",
        title="Hemlig",
        visibility=Idea.Visibility.ORGANISATION,
    )
    answers = []
    for idea_id in (hidden.pk, 987654321):
        response = api_as(krokom_member).post(PLACES, _body(ideas=[idea_id]), format="json")
        assert response.status_code == 400
        answers.append(response.json()["ideas"][0].replace(str(idea_id), "<id>"))
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "14,63,15"},
        {"bbox": "a,b,c,d"},
        {"bbox": "15,63,14,64"},
        {"bbox": "14,63,15,99"},
        {"kind": "castle"},
        {"county": "99"},
        {"organisation": "atlantis"},
    ],
)
def test_wrong_filters_are_a_400(api_as, params) -> None:
    for path in (PLACES, "/api/v1/places.geojson"):
        response = api_as(None).get(path, params)
        assert response.status_code == 400, (path, params)
        assert set(response.json()) == set(params)


def test_the_list_filters_by_municipality_county_kind_and_box(
    api_as, krokom_member, krokom, stromsund_member, stromsund
) -> None:
    _place(krokom_member, krokom, FOLLINGE, name="Föllinge", kind="safety_point")
    _place(stromsund_member, stromsund, SIKAS, name="Sikås", kind="service_point")
    _place(stromsund_member, stromsund, HAMMERDAL, name="Hammerdal", kind="shop")

    def names(**params: Any) -> list[str]:
        return [p["name"] for p in api_as(None).get(PLACES, params).json()["results"]]

    assert names() == ["Föllinge", "Hammerdal", "Sikås"]
    assert names(organisation="stromsund") == ["Hammerdal", "Sikås"]
    assert names(county="23") == ["Föllinge", "Hammerdal", "Sikås"]
    assert names(county="24") == []
    assert names(kind="service_point") == ["Sikås"]
    assert names(bbox="15.0,63.62,15.5,63.7") == ["Sikås"]


def test_places_geojson_is_the_same_list_as_points(api_as, krokom_member, krokom) -> None:
    place = _place(krokom_member, krokom, FOLLINGE, functions=["backup_power"])
    data = api_as(None).get("/api/v1/places.geojson", {"organisation": "krokom"}).json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": list(FOLLINGE)}
    assert feature["properties"]["name"] == "Lanthandeln"
    assert feature["properties"]["url"].endswith(f"/platser/{place.pk}/")
    assert feature["properties"]["functions"] == ["backup_power"]


def test_the_map_counts_the_places_the_caller_may_see(
    api_as, krokom_member, krokom, citizen
) -> None:
    _place(krokom_member, krokom, FOLLINGE)
    _place(krokom_member, krokom, FOLLINGE, name="Krisrum", visibility="organisation")

    def count(user: User | None) -> int:
        data = api_as(user).get("/api/v1/map/municipalities/").json()
        return next(f["properties"]["places"] for f in data["features"] if f["id"] == "2309")

    assert count(citizen) == 1
    assert count(krokom_member) == 2
    counties = api_as(None).get("/api/v1/map/counties/").json()
    assert next(f["properties"]["places"] for f in counties["features"] if f["id"] == "23") == 1


def test_distance_math_is_planar_in_metres() -> None:
    """The same distance by hand: both points projected, then Pythagoras."""
    from maps.boundaries import to_sweref

    (x1, y1), (x2, y2) = to_sweref(*SIKAS), to_sweref(*HAMMERDAL)
    assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(7_230, abs=30)


def test_changing_the_links_keeps_those_to_ideas_the_editor_may_not_see(
    api_as, krokom_member, krokom, outsider
) -> None:
    draft = idea_services.idea_create(
        actor=krokom_member,
        organisation=krokom,
        kind="activity",
        title="Mitt utkast",
        visibility=Idea.Visibility.DRAFT,
    )
    public = idea_services.idea_create(
        actor=krokom_member, organisation=krokom, kind="activity", title="Trygghetspunkter"
    )
    place = _place(krokom_member, krokom, FOLLINGE, ideas=[draft.pk])
    # `outsider`, another member of Krokom, does not see the draft and links the public idea.
    response = api_as(outsider).patch(f"{PLACES}{place.pk}/", {"ideas": [public.pk]}, format="json")
    assert response.status_code == 200
    assert response.json()["ideas"] == [public.pk]
    assert set(place.ideas.values_list("pk", flat=True)) == {draft.pk, public.pk}


def test_a_non_member_is_refused_before_anything_about_the_body(
    api_as, krokom_member, krokom, owner
) -> None:
    place = _place(krokom_member, krokom, FOLLINGE)
    response = api_as(owner).patch(
        f"{PLACES}{place.pk}/", {"organisation": "skelleftea", "point": [0, 0]}, format="json"
    )
    assert response.status_code == 403

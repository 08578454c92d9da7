"""GET /api/v1/map/municipalities/ and /counties/: GeoJSON with what the caller may see in
each municipality and county, filtered like the idea list."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, User
from ideas import services as idea_services
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "/api/v1/map/municipalities/"
COUNTIES = "/api/v1/map/counties/"


def _props(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f["properties"] for f in data["features"]}


def _get(api_as: Any, user: User | None, path: str, **params: Any) -> dict[str, Any]:
    response = api_as(user).get(path, params)
    assert response.status_code == 200, response.content
    return dict(response.json())


def _idea(owner: User, organisation: Organisation, **fields: Any) -> Idea:
    fields.setdefault("kind", Idea.Kind.SERVICE_CONCEPT)
    fields.setdefault("title", "Ledighetsansökan")
    return idea_services.idea_create(actor=owner, organisation=organisation, **fields)


def test_the_municipality_map_is_a_feature_collection_of_every_municipality(api_as) -> None:
    response = api_as(None).get(MUNICIPALITIES)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 290
    krokom = next(f for f in data["features"] if f["id"] == "2309")
    assert krokom["type"] == "Feature"
    assert krokom["properties"] == {
        "code": "2309",
        "name": "Krokom",
        "slug": "krokom",
        "county": "23",
        "ideas": 0,
        "adoptions": 0,
        "open_rounds": 0,
        "places": 0,
    }
    geometry = krokom["geometry"]
    assert geometry["type"] == "MultiPolygon"
    lon, lat = geometry["coordinates"][0][0][0]
    assert 12 < lon < 16 and 63 < lat < 65  # WGS 84: longitude first, in Jämtland


def test_the_whole_countrys_geojson_stays_under_600_kilobytes(api_as) -> None:
    response = api_as(None).get(MUNICIPALITIES)
    assert len(response.content) < 600_000


def test_the_county_map_has_every_county_with_its_region(api_as) -> None:
    data = _get(api_as, None, COUNTIES)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 21
    jamtland = _props(data)["23"]
    assert jamtland == {
        "code": "23",
        "name": "Jämtlands län",
        "slug": "region-jamtland-harjedalen",
        "county": "23",
        "ideas": 0,
        "adoptions": 0,
        "open_rounds": 0,
        "places": 0,
    }


def test_a_municipality_counts_its_own_and_co_owned_ideas_its_reuse_and_open_rounds(
    api_as, owner, coordinator, skelleftea, krokom, outsider
) -> None:
    umea = factories.organisation("umea")
    first = _idea(coordinator, skelleftea, co_organisations=[krokom])
    _idea(owner, skelleftea, title="Bokbuss")
    idea_services.adoption_record(
        actor=factories.user(organisation=umea), idea=first, status="evaluating"
    )
    prototype = factories.prototype(idea=first, created_by=owner)
    factories.test_round(prototype=prototype, created_by=owner, status="recruiting")
    factories.test_round(prototype=prototype, created_by=owner, status="closed")
    factories.test_round(prototype=prototype, created_by=owner, status="planned")

    props = _props(_get(api_as, None, MUNICIPALITIES))
    skelleftea_row = props[skelleftea.code]
    assert (skelleftea_row["ideas"], skelleftea_row["adoptions"]) == (2, 0)
    assert skelleftea_row["open_rounds"] == 1  # recruiting; not the closed or planned one
    assert (props[krokom.code]["ideas"], props[krokom.code]["adoptions"]) == (1, 0)
    assert (props[umea.code]["ideas"], props[umea.code]["adoptions"]) == (0, 1)


def test_a_county_counts_the_ideas_its_organisations_own_once_each(
    api_as, coordinator, skelleftea, krokom
) -> None:
    region = Organisation.objects.get(kind="region", code="24")
    # Co-owned by Krokom: counted for Västerbotten (its owner's county), not for Jämtland.
    idea = _idea(coordinator, skelleftea, co_organisations=[krokom])
    _idea(factories.user(organisation=region), region, title="Regional tjänst")
    bracke = factories.organisation("bracke")
    idea_services.adoption_record(
        actor=factories.user(organisation=bracke), idea=idea, status="adopted"
    )

    props = _props(_get(api_as, None, COUNTIES))
    assert props["24"]["ideas"] == 2
    assert props["23"]["ideas"] == 0
    assert props["23"]["adoptions"] == 1
    assert sum(p["ideas"] for p in props.values()) == 2


@pytest.fixture
def hidden_world(owner: User, skelleftea: Organisation) -> dict[str, Idea]:
    return {
        "public": _idea(owner, skelleftea, title="Öppen"),
        "organisation": _idea(
            owner, skelleftea, title="Intern", visibility=Idea.Visibility.ORGANISATION
        ),
        "draft": _idea(owner, skelleftea, title="Utkast", visibility=Idea.Visibility.DRAFT),
    }


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("anonymous", 1),
        ("citizen", 1),
        ("outsider", 1),  # a member of Krokom: not Skellefteå's internal idea
        ("colleague", 2),  # a member of Skellefteå: the internal idea, not the owner's draft
        ("owner", 3),  # the author: the draft too
    ],
)
def test_counts_only_the_ideas_the_caller_may_see(
    api_as, hidden_world, persona, seen, request
) -> None:
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    for path, code in ((MUNICIPALITIES, "2482"), (COUNTIES, "24")):
        assert _props(_get(api_as, user, path))[code]["ideas"] == seen, path


def test_an_internal_ideas_reuse_and_rounds_are_counted_only_for_its_organisation(
    api_as, owner, colleague, skelleftea, outsider, citizen
) -> None:
    idea = _idea(owner, skelleftea)
    idea_services.adoption_record(actor=outsider, idea=idea, status="adopted")
    prototype = factories.prototype(idea=idea, created_by=owner)
    factories.test_round(prototype=prototype, created_by=owner)
    # Made internal after Krokom recorded its reuse: only Skellefteå's members see it now.
    idea_services.idea_update(actor=owner, idea=idea, visibility=Idea.Visibility.ORGANISATION)

    def counts(user: User | None) -> tuple[int, int, int]:
        props = _props(_get(api_as, user, MUNICIPALITIES))
        return props["2482"]["ideas"], props["2482"]["open_rounds"], props["2309"]["adoptions"]

    assert counts(None) == (0, 0, 0)
    assert counts(citizen) == (0, 0, 0)
    assert counts(outsider) == (0, 0, 0)  # Krokom's own reuse, of an idea it may not see
    assert counts(colleague) == (1, 1, 1)
    assert counts(owner) == (1, 1, 1)


def test_the_idea_lists_filters_narrow_the_counts(api_as, owner, skelleftea, krokom) -> None:
    krokom_member = factories.user(organisation=krokom)
    _idea(owner, skelleftea, stage="concept", category="care", target_groups=["Äldre"])
    _idea(owner, skelleftea, stage="launch", kind=Idea.Kind.ACTIVITY, category="culture")
    _idea(krokom_member, krokom, stage="concept", category="care")

    def ideas(**params: Any) -> tuple[int, int]:
        props = _props(_get(api_as, None, MUNICIPALITIES, **params))
        return props["2482"]["ideas"], props["2309"]["ideas"]

    assert ideas() == (2, 1)
    assert ideas(stage="concept") == (1, 1)
    assert ideas(kind="activity") == (1, 0)
    assert ideas(category="care") == (1, 1)
    assert ideas(target_group="aldre") == (1, 0)
    assert ideas(county="23") == (0, 1)
    assert ideas(target_group="finns-inte") == (0, 0)
    counties = _props(_get(api_as, None, COUNTIES, county="24"))
    assert (counties["24"]["ideas"], counties["23"]["ideas"]) == (2, 0)


@pytest.mark.parametrize("path", [MUNICIPALITIES, COUNTIES])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"county": "99"}, "county"),
        ({"county": "Jämtland"}, "county"),
        ({"stage": "nowhere"}, "stage"),
        ({"kind": "app"}, "kind"),
        ({"category": "sports"}, "category"),
        ({"target_group": "Not a slug!"}, "target_group"),
        ({"organisation": "atlantis"}, "organisation"),
        ({"ordering": "100%"}, "ordering"),
    ],
)
def test_a_wrong_filter_value_is_a_400_naming_the_filter(api_as, path, params, field) -> None:
    response = api_as(None).get(path, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field][0]


def test_the_counts_take_a_fixed_number_of_queries_however_many_municipalities_have_ideas(
    api_as, owner, skelleftea
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _get(api_as, owner, MUNICIPALITIES)
            _get(api_as, owner, COUNTIES)
        return len(captured)

    _idea(owner, skelleftea)
    before = queries()
    for slug in ("krokom", "umea", "bracke", "skinnskatteberg", "stockholm"):
        organisation = factories.organisation(slug)
        member = factories.user(organisation=organisation)
        idea = _idea(member, organisation, title=f"Idé i {slug}")
        idea_services.adoption_record(
            actor=factories.user(organisation=skelleftea), idea=idea, status="adopted"
        )
        factories.test_round(
            prototype=factories.prototype(idea=idea, created_by=member), created_by=member
        )
    assert queries() == before


def test_the_answer_is_plain_json_with_no_hidden_text(api_as, owner, skelleftea) -> None:
    _idea(owner, skelleftea, title="Hemligt namn", visibility=Idea.Visibility.ORGANISATION)
    body = api_as(None).get(MUNICIPALITIES).content.decode()
    assert "Hemligt" not in body
    assert json.loads(body)["features"]


def test_the_answer_has_exactly_the_fields_its_schema_documents(api_as) -> None:
    from maps.api.serializers import (
        AreaCollectionSerializer,
        AreaFeatureSerializer,
        AreaPropertiesSerializer,
    )

    data = _get(api_as, None, COUNTIES)
    assert set(data) == set(AreaCollectionSerializer().fields)
    feature = data["features"][0]
    assert set(feature) == set(AreaFeatureSerializer().fields)
    assert set(feature["properties"]) == set(AreaPropertiesSerializer().fields)
    assert all(isinstance(feature["properties"][k], int) for k in ("ideas", "places"))

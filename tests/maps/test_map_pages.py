"""The map page /karta/ and the small maps on the idea and organisation pages: server-drawn
SVG, every municipality a link, the same numbers as tables, no script needed."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from ideas import services as idea_services
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


def _idea(owner: User, organisation: Organisation, **fields: Any) -> Idea:
    fields.setdefault("kind", Idea.Kind.SERVICE_CONCEPT)
    fields.setdefault("title", "Ledighetsansökan")
    return idea_services.idea_create(actor=owner, organisation=organisation, **fields)


def _svg(page: str, css_class: str = "map") -> str:
    match = re.search(rf'<svg[^>]*class="{css_class}".*?</svg>', page, re.S)
    assert match, "no map on the page"
    return match.group(0)


def _row(page: str, name: str) -> list[str]:
    """The cells of a table row whose header cell links `name`."""
    match = re.search(rf'<tr><th scope="row"><a [^>]*>{name}</a></th>(.*?)</tr>', page, re.S)
    assert match, f"no row for {name}"
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_the_map_draws_every_municipality_as_a_named_link_with_its_table(client) -> None:
    response = client.get("/karta/")
    assert response.status_code == 200
    page = response.content.decode()
    svg = _svg(page)
    links = re.findall(r'<a href="(/organisationer/[^"/]+/)"><title>([^<]+)</title><path d="M', svg)
    assert len(links) == 290
    assert ("/organisationer/krokom/", "Krokom: 0 idéer") in links
    # The table twin: every municipality again, a link with its numbers.
    table = page[page.index('id="municipality-table"') :]
    assert len(re.findall(r'<th scope="row"><a href="/organisationer/', table)) == 290
    # And per county, each a link to its municipalities on the map.
    assert len(re.findall(r'<th scope="row"><a href="\?county=\d\d"', table)) == 21
    assert _row(page, "Krokom") == ["Jämtlands län", "0", "0", "0", "0"]
    assert "Sverige på kartan" in page
    assert "Hoppa över kartan" in page


def test_the_map_needs_no_script(client) -> None:
    page = client.get("/karta/").content.decode()
    assert "<script" not in page
    # Choosing filters is a plain GET form.
    assert re.search(r'<form method="get" class="filters"', page)


def test_the_map_shades_by_the_chosen_measure_in_shades_with_textures(
    client, owner, skelleftea, outsider
) -> None:
    idea = _idea(owner, skelleftea)
    idea_services.adoption_record(actor=outsider, idea=idea, status="adopted")
    page = client.get("/karta/", {"measure": "adoptions"}).content.decode()
    svg = _svg(page)
    krokom = re.search(r"<title>Krokom: återanvänder 1 idé</title><path [^>]*>", svg)
    assert krokom and 'fill="url(#country-s1)"' in krokom.group(0)
    skelleftea_path = re.search(r"<title>Skellefteå: återanvänder 0 idéer</title><path [^>]*>", svg)
    assert skelleftea_path and 'class="shade-0"' in skelleftea_path.group(0)
    assert '<pattern id="country-s1"' in svg and "<circle" in svg  # dots, not colour alone
    assert "1 av 290 kommuner återanvänder idéer som du får se." in page
    # Most first in the table.
    rows = re.findall(r'<tr><th scope="row"><a href="/organisationer/([^/]+)/">', page)
    assert rows[0] == "krokom"


def test_the_map_counts_only_what_the_visitor_may_see(client, owner, skelleftea) -> None:
    _idea(owner, skelleftea, title="Intern", visibility=Idea.Visibility.ORGANISATION)
    assert _row(client.get("/karta/").content.decode(), "Skellefteå")[1] == "0"
    client.force_login(owner)
    assert _row(client.get("/karta/").content.decode(), "Skellefteå")[1] == "1"


def test_a_county_zooms_the_map_to_its_municipalities(client, owner, skelleftea) -> None:
    _idea(owner, skelleftea)
    page = client.get("/karta/", {"county": "24"}).content.decode()
    links = re.findall(r"<title>([^:<]+):", _svg(page))
    assert len(links) == 15 and "Skellefteå" in links and "Krokom" not in links
    assert "Visa hela Sverige" in page


def test_a_wrong_filter_value_gets_the_apis_message_and_an_empty_map(
    client, owner, skelleftea
) -> None:
    _idea(owner, skelleftea)
    message = APIClient().get("/api/v1/map/municipalities/", {"county": "99"}).json()["county"]
    response = client.get("/karta/", {"county": "99"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f'<p class="form-error">{message[0]}</p>' in page
    assert _row(page, "Skellefteå")[1] == "0"


def test_a_wrong_measure_is_a_form_error_not_a_server_error(client) -> None:
    response = client.get("/karta/", {"measure": "everything"})
    assert response.status_code == 200
    assert 'class="form-error"' in response.content.decode()


def test_the_idea_page_maps_its_owner_co_owners_and_who_reuses_it(
    client, coordinator, skelleftea, krokom
) -> None:
    umea = factories.organisation("umea")
    agency = Organisation.objects.create(kind="agency", name="Myndigheten", slug="myndigheten")
    idea = _idea(coordinator, skelleftea, co_organisations=[krokom, agency])
    idea_services.adoption_record(
        actor=factories.user(organisation=umea), idea=idea, status="evaluating"
    )
    page = client.get(f"/ideer/{idea.pk}/").content.decode()
    svg = _svg(page)
    assert 'role="img"' in svg
    assert svg.count('class="mark mark-owner"') == 1
    assert svg.count('class="mark mark-co-owner"') == 1  # Krokom; the agency has no area
    assert svg.count('class="mark mark-adopter"') == 1
    figure = page[page.index('class="small-map idea-map"') :]
    assert '<a href="/organisationer/umea/">Umeå</a> (utvärderar)' in figure
    assert '<a href="/organisationer/myndigheten/">Myndigheten</a>' in figure
    assert "finns inte på kartan" in figure


def test_the_organisation_page_shows_the_municipality_among_its_neighbours(client) -> None:
    page = client.get("/organisationer/krokom/").content.decode()
    svg = _svg(page)
    assert svg.count('class="mark mark-owner"') == 1
    section = page[page.index('id="org-map-heading"') :]
    for name in ("Åre", "Östersund", "Strömsund"):
        assert re.search(rf'<a href="/organisationer/[^"]+/">{name}</a>', section)


def test_a_regions_page_shows_its_county(client) -> None:
    page = client.get("/organisationer/region-jamtland-harjedalen/").content.decode()
    _svg(page)
    section = page[page.index('id="org-map-heading"') :]
    assert len(re.findall(r'<li><a href="/organisationer/', section.split("</ul>")[0])) == 8


def test_an_organisation_without_an_area_has_no_map(client) -> None:
    Organisation.objects.create(kind="agency", name="Myndigheten", slug="myndigheten")
    page = client.get("/organisationer/myndigheten/").content.decode()
    assert 'id="org-map-heading"' not in page


def test_the_page_is_in_english_for_english_readers(client) -> None:
    client.cookies["django_language"] = "en"
    page = client.get("/karta/").content.decode()
    assert "Sweden at a glance" in page
    assert "Krokom: 0 ideas" in page


# --- Places on the pages ----------------------------------------------------------------

FOLLINGE = (14.6160, 63.6660)
TRANGSVIKEN = (14.0170, 63.3390)


def _place(actor: User, organisation: Organisation, point: tuple[float, float], **fields: Any):  # type: ignore[no-untyped-def]
    from maps import services

    fields.setdefault("kind", "safety_point")
    fields.setdefault("name", "Föllinge Handel")
    return services.place_create(actor=actor, organisation=organisation, point=point, **fields)


def test_a_place_page_shows_its_checklist_nearest_shops_and_rules(client, krokom) -> None:
    import datetime
    from decimal import Decimal

    from maps.models import SupportRule

    member = factories.user(organisation=krokom)
    SupportRule.objects.all().delete()
    SupportRule.objects.create(
        name="Mer än 10 km",
        threshold_km=Decimal("10"),
        valid_from=datetime.date(2020, 1, 1),
        source="Regional vägledning",
    )
    idea = _idea(member, krokom, title="Servicepunkter blir trygghetspunkter")
    place = _place(
        member,
        krokom,
        FOLLINGE,
        functions=["backup_power", "information_channel", "parcels"],
        ideas=[idea.pk],
        village="Föllinge",
    )
    _place(member, krokom, TRANGSVIKEN, name="Trångsvikens Livs", kind="shop")
    response = client.get(f"/platser/{place.pk}/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<h1>Föllinge Handel</h1>" in page
    # The safety point's six functions, present or missing (in words, not only a mark).
    assert "Reservkraft – ja" in page
    assert "Dricksvatten – <strong>saknas</strong>" in page
    assert "Paketutlämning – ja" in page
    row = re.search(
        r"Trångsvikens Livs</a></th><td>Butik</td><td[^>]*>([\d,]+) km</td><td>([^<]+)<", page
    )
    assert row and row.group(2) == "fågelvägen, SWEREF 99 TM"
    assert 40 < float(row.group(1).replace(",", ".")) < 50
    assert re.search(r"Mer än 10 km</th><td[^>]*>mer än 10 km</td><td><strong>Ja</strong>", page)
    assert "Servicepunkter blir trygghetspunkter" in page
    assert 'role="img"' in _svg(page)
    assert "<script" not in page


def test_an_internal_place_page_is_404_outside_its_municipality(client, krokom, owner) -> None:
    member = factories.user(organisation=krokom)
    place = _place(member, krokom, FOLLINGE, visibility="organisation")
    assert client.get(f"/platser/{place.pk}/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/platser/{place.pk}/").status_code == 404
    client.force_login(member)
    assert client.get(f"/platser/{place.pk}/").status_code == 200


def test_the_organisation_and_idea_pages_list_their_places(client, krokom) -> None:
    member = factories.user(organisation=krokom)
    idea = _idea(member, krokom, title="Trygghetspunkter")
    place = _place(member, krokom, FOLLINGE, ideas=[idea.pk])
    for url in (
        "/organisationer/krokom/",
        f"/ideer/{idea.pk}/",
        "/organisationer/region-jamtland-harjedalen/",
    ):
        page = client.get(url).content.decode()
        assert f'<a href="/platser/{place.pk}/">Föllinge Handel</a>' in page, url
        assert 'class="place-marker"' in _svg(page), url


def test_the_map_shades_by_places(client, krokom) -> None:
    member = factories.user(organisation=krokom)
    _place(member, krokom, FOLLINGE)
    page = client.get("/karta/", {"measure": "places"}).content.decode()
    assert "<title>Krokom: 1 plats</title>" in page
    assert _row(page, "Krokom")[-1] == "1"

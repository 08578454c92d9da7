"""The place form's map: the page draws the municipality (the place's point marked when
editing) with the map picker's parts, and a point set on it (map_x/map_y, SVG units of the
municipality's map) is saved when the coordinate fields are empty; typed coordinates win
and work as before; a map point outside the municipality gets the service's message.
(The clicks themselves: tests/browser/test_place_form_map.py.)"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, User
from maps import drawing, services
from maps.boundaries import to_sweref
from maps.models import Place
from tests.maps.test_place_pages import KUSMARK, _form, _page

pytestmark = pytest.mark.django_db

#: Another point in Skellefteå: Burträsk.
BURTRASK = (20.6540, 64.5190)


def _units(organisation: Organisation, point: tuple[float, float]) -> dict[str, str]:
    """Where `point` lies on the municipality's map, as the picker posts it (a tenth)."""
    frame, _paths = drawing.surroundings(organisation.code)
    u, v = frame.point(*to_sweref(*point))
    return {"map_x": f"{u:.1f}", "map_y": f"{v:.1f}"}


def _map_form(organisation: Organisation, point: tuple[float, float], **fields: Any) -> dict:
    return _form(longitude="", latitude="", **_units(organisation, point), **fields)


def test_the_add_form_draws_the_municipalitys_map_for_the_picker(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    page = _page(client.get("/organisationer/skelleftea/platser/ny/"))
    frame, paths = drawing.surroundings(skelleftea.code)
    assert (
        '<div class="map-picker" data-map-picker data-map-form="place-form" data-help="point-hint"'
        in page
    )
    assert '<form method="post" novalidate class="place-form" id="place-form"' in page
    assert 'data-map-replaces="id_longitude id_latitude"' in page
    # The text alternative, and the municipality drawn as on the dialogue page.
    assert (
        f'<svg viewBox="{frame.viewbox}" role="img" aria-labelledby="place-form-map-caption"'
        in page
    )
    assert re.search(
        r'<figcaption id="place-form-map-caption">Skellefteå \(mörk, prickig\) bland', page
    )
    assert f'<path d="{paths[skelleftea.code]}" fill-rule="evenodd" class="mark mark-owner"' in page
    # No point yet: the marker waits hidden; the keyboard help, the status line and the
    # hidden units are there for the script.
    assert 'class="chosen-marker" data-chosen-marker hidden/>' in page
    assert "<span data-map-help hidden>Eller klicka på platsen på kartan" in page
    assert '<p data-point-status role="status" class="small"></p>' in page
    assert '<input type="hidden" name="map_x" id="id_map_x">' in page
    assert "frontend/js/map-picker.js" in page


def test_a_point_set_on_the_map_saves_the_place_there(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    response = client.post("/organisationer/skelleftea/platser/ny/", _map_form(skelleftea, KUSMARK))
    assert response.status_code == 302
    place = Place.objects.get()
    # A tenth of an SVG unit is some tens of metres on a municipality's map.
    assert place.longitude == pytest.approx(KUSMARK[0], abs=0.002)
    assert place.latitude == pytest.approx(KUSMARK[1], abs=0.002)
    assert (place.easting, place.northing) == pytest.approx(
        to_sweref(place.longitude, place.latitude)
    )


def test_typed_coordinates_win_over_a_point_on_the_map(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    data = _form(longitude="20,95", latitude="64,75", **_units(skelleftea, BURTRASK))
    response = client.post("/organisationer/skelleftea/platser/ny/", data)
    assert response.status_code == 302
    assert (Place.objects.get().longitude, Place.objects.get().latitude) == KUSMARK


def test_a_point_on_the_map_outside_the_municipality_gets_the_services_message(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    # The map's top left corner: the neighbours' land, outside Skellefteå.
    response = client.post(
        "/organisationer/skelleftea/platser/ny/",
        _form(longitude="", latitude="", map_x="0", map_y="0"),
    )
    assert response.status_code == 200
    page = _page(response)
    assert not Place.objects.exists()
    message = re.search(r'<p class="form-error" id="id_longitude_error">([^<]+)</p>', page)
    assert message, "no error by the longitude field"
    assert message.group(1).startswith("Punkten ligger utanför Skellefteå")
    # The chosen units stay in the form, for the script to show the point again.
    assert '<input type="hidden" name="map_x" value="0" id="id_map_x">' in page


def test_empty_coordinates_without_a_whole_map_point_are_required_as_before(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    for units in ({}, {"map_x": "120.5"}, {"map_x": "", "map_y": ""}):
        response = client.post(
            "/organisationer/skelleftea/platser/ny/", _form(longitude="", latitude="", **units)
        )
        assert response.status_code == 200, units
        page = html.unescape(response.content.decode())
        assert 'id="id_longitude_error">Det här fältet är obligatoriskt.' in page, units
        assert 'id="id_latitude_error">Det här fältet är obligatoriskt.' in page, units
        # Still required: the labels say nothing of "optional".
        assert "Longitud (öst) <span" not in page
    assert not Place.objects.exists()


def test_the_edit_form_marks_the_point_and_a_map_point_moves_the_place(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    place = services.place_create(
        actor=owner, organisation=skelleftea, kind="shop", name="Byns butik", point=KUSMARK
    )
    client.force_login(owner)
    page = _page(client.get(f"/platser/{place.pk}/redigera/"))
    frame, _paths = drawing.surroundings(skelleftea.code)
    u, v = frame.point(place.easting, place.northing)
    assert (
        f'<circle cx="{round(u, 1)}" cy="{round(v, 1)}" r="12" class="chosen-marker" '
        "data-chosen-marker/>" in page
    )
    assert "Den röda pricken är platsens punkt nu." in page
    # The typed coordinates are there as before.
    assert 'name="longitude" value="20,95"' in page
    response = client.post(
        f"/platser/{place.pk}/redigera/", _map_form(skelleftea, BURTRASK, name="Byns butik")
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.longitude == pytest.approx(BURTRASK[0], abs=0.002)
    assert place.latitude == pytest.approx(BURTRASK[1], abs=0.002)


def test_an_edit_with_a_map_point_outside_changes_nothing(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    place = services.place_create(
        actor=owner, organisation=skelleftea, kind="shop", name="Byns butik", point=KUSMARK
    )
    client.force_login(owner)
    response = client.post(
        f"/platser/{place.pk}/redigera/",
        _form(longitude="", latitude="", map_x="0", map_y="0", name="Ändrad"),
    )
    assert response.status_code == 200
    assert "Punkten ligger utanför Skellefteå" in _page(response)
    place.refresh_from_db()
    assert (place.name, place.longitude, place.latitude) == ("Byns butik", *KUSMARK)

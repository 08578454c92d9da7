"""Members of a municipality add, change and remove its places on pages: plain HTML forms
posted without JavaScript, checked by maps.services like the API (a point outside the
municipality gets the service's message on the longitude field), 403 for people outside
it, the sign-in page before signing in, 404 for a place one may not see."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, User
from ideas import services as idea_services
from ideas.models import Idea
from maps import services
from maps.models import Place
from tests import factories

pytestmark = pytest.mark.django_db

#: A point in Skellefteå (Kusmark), and one in Krokom (Föllinge), far outside it.
KUSMARK = (20.95, 64.75)
FOLLINGE = (14.6160, 63.6660)


def _place(actor: User, organisation: Organisation, **fields: Any) -> Place:
    fields.setdefault("kind", "shop")
    fields.setdefault("name", "Byns butik")
    fields.setdefault("point", KUSMARK)
    return services.place_create(actor=actor, organisation=organisation, **fields)


def _form(**fields: Any) -> dict[str, Any]:
    """What the browser sends for a filled-in place form (Swedish decimal commas)."""
    data: dict[str, Any] = {
        "kind": "safety_point",
        "name": "Kusmarks lanthandel",
        "area": "Kusmarksbygden",
        "village": "Kusmark",
        "longitude": "20,95",
        "latitude": "64,75",
        "address": "Byvägen 1",
        "description": "Butik med ombud.",
        "functions": ["backup_power", "water"],
        "agreement_from": "2025-01-01",
        "agreement_to": "2027-12-31",
        "visibility": "public",
    }
    data.update(fields)
    return data


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def _title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match
    return " ".join(match.group(1).split())


def test_a_member_adds_a_place_from_the_organisation_page(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    idea = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind=Idea.Kind.ACTIVITY,
        title="Servicepunkter blir trygghetspunkter",
    )
    client.force_login(owner)
    organisation_page = _page(client.get("/organisationer/skelleftea/"))
    assert (
        '<a href="/organisationer/skelleftea/platser/ny/">Lägg till en plats i Skellefteå</a>'
        in (organisation_page)
    )
    form_page = _page(client.get("/organisationer/skelleftea/platser/ny/"))
    assert _title(form_page).startswith("Lägg till en plats i Skellefteå")
    # A plain form: posted by the browser itself, every function a checkbox.
    assert re.search(r'<form method="post" novalidate class="place-form"[^>]*>', form_page)
    assert form_page.count('type="checkbox" name="functions"') == len(Place.Function.values)
    assert f'type="checkbox" name="ideas" value="{idea.pk}"' in form_page

    response = client.post("/organisationer/skelleftea/platser/ny/", _form(ideas=[idea.pk]))
    place = Place.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/platser/{place.pk}/"
    assert (place.organisation, place.created_by) == (skelleftea, owner)
    assert (place.kind, place.name, place.area, place.village) == (
        "safety_point",
        "Kusmarks lanthandel",
        "Kusmarksbygden",
        "Kusmark",
    )
    assert (place.longitude, place.latitude) == KUSMARK
    assert place.functions == ["backup_power", "water"]
    assert str(place.agreement_from) == "2025-01-01"
    assert str(place.agreement_to) == "2027-12-31"
    assert list(place.ideas.all()) == [idea]
    assert "Platsen lades till." in _page(client.get(response["Location"]))


def test_a_decimal_point_works_as_well_as_a_comma(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    response = client.post(
        "/organisationer/skelleftea/platser/ny/",
        _form(longitude=" 20.95 ", latitude="64.75", functions=[]),
    )
    assert response.status_code == 302
    assert (Place.objects.get().longitude, Place.objects.get().latitude) == KUSMARK


def test_a_point_outside_the_municipality_gets_the_services_message_on_the_field(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    response = client.post(
        "/organisationer/skelleftea/platser/ny/",
        _form(longitude="14,6160", latitude="63,6660"),
    )
    assert response.status_code == 200
    page = _page(response)
    assert not Place.objects.exists()
    assert _title(page).startswith("Fel:")
    assert 'id="error-summary" autofocus' in page
    message = re.search(r'<p class="form-error" id="id_longitude_error">([^<]+)</p>', page)
    assert message, "no error by the longitude field"
    assert message.group(1).startswith("Punkten ligger utanför Skellefteå")
    assert '<a href="#id_longitude">Longitud (öst): Punkten ligger utanför Skellefteå' in page
    # What was written stays in the form.
    assert 'name="longitude" value="14,6160"' in page


def test_a_coordinate_that_is_not_a_number_is_a_field_error(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    client.force_login(owner)
    response = client.post(
        "/organisationer/skelleftea/platser/ny/", _form(latitude="64°45'", name="")
    )
    page = _page(response)
    assert response.status_code == 200
    assert not Place.objects.exists()
    assert _title(page).startswith("Fel:")
    assert re.search(r'id="id_latitude_error">Skriv koordinaten som ett decimaltal', page)
    assert 'id="id_name_error"' in page


def test_a_member_edits_a_place(client: Client, owner: User, skelleftea: Organisation) -> None:
    place = _place(owner, skelleftea, functions=["parcels"], village="Kusmark")
    client.force_login(owner)
    page = _page(client.get(f"/platser/{place.pk}/redigera/"))
    assert _title(page).startswith("Redigera ”Byns butik”")
    # The stored point, written the Swedish way; the checked functions checked.
    assert 'name="longitude" value="20,95"' in page
    assert re.search(r'name="functions" value="parcels"[^>]*checked', page)
    response = client.post(
        f"/platser/{place.pk}/redigera/",
        _form(name="Kusmarks handel", kind="service_point", longitude="20,96", functions=[]),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/platser/{place.pk}/"
    place.refresh_from_db()
    assert (place.name, place.kind, place.longitude, place.functions) == (
        "Kusmarks handel",
        "service_point",
        20.96,
        [],
    )


def test_an_edit_with_a_point_outside_changes_nothing(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    place = _place(owner, skelleftea)
    client.force_login(owner)
    response = client.post(
        f"/platser/{place.pk}/redigera/", _form(longitude="14,6160", latitude="63,6660")
    )
    assert response.status_code == 200
    assert "Punkten ligger utanför Skellefteå" in _page(response)
    place.refresh_from_db()
    assert (place.name, place.longitude) == ("Byns butik", KUSMARK[0])


def test_removing_a_place_asks_first_and_removes_on_post(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    place = _place(owner, skelleftea)
    client.force_login(owner)
    page = _page(client.get(f"/platser/{place.pk}/ta-bort/"))
    assert "<h1>Ta bort platsen ”Byns butik”?</h1>" in page
    assert '<form method="post" class="danger-zone">' in page
    assert Place.objects.filter(pk=place.pk).exists()
    response = client.post(f"/platser/{place.pk}/ta-bort/")
    assert response.status_code == 302
    assert response["Location"] == "/organisationer/skelleftea/"
    assert not Place.objects.filter(pk=place.pk).exists()
    assert "”Byns butik” togs bort." in _page(client.get(response["Location"]))


def test_the_place_page_links_edit_and_remove_for_members_only(
    client: Client, owner: User, outsider: User, skelleftea: Organisation
) -> None:
    place = _place(owner, skelleftea)
    edit = f'<a href="/platser/{place.pk}/redigera/">'
    remove = f'<a href="/platser/{place.pk}/ta-bort/">'
    for persona in (None, outsider):
        if persona:
            client.force_login(persona)
        page = _page(client.get(f"/platser/{place.pk}/"))
        assert edit not in page and remove not in page
        assert "/platser/ny/" not in page
    client.force_login(owner)
    page = _page(client.get(f"/platser/{place.pk}/"))
    assert f"{edit}Redigera platsen</a>" in page
    assert f"{remove}Ta bort platsen</a>" in page
    assert "PATCH /api/v1/places/" not in page


@pytest.mark.parametrize("who", ["outsider", "citizen", "staff"])
def test_people_outside_the_municipality_get_403_and_change_nothing(
    client: Client, owner: User, skelleftea: Organisation, who: str, request: Any
) -> None:
    place = _place(owner, skelleftea)
    client.force_login(request.getfixturevalue(who))
    for url in (
        "/organisationer/skelleftea/platser/ny/",
        f"/platser/{place.pk}/redigera/",
        f"/platser/{place.pk}/ta-bort/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, _form(name="Ändrad")).status_code == 403, url
    place.refresh_from_db()
    assert place.name == "Byns butik"
    assert Place.objects.count() == 1


def test_the_sign_in_page_comes_first_for_visitors(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    place = _place(owner, skelleftea)
    for url in (
        "/organisationer/skelleftea/platser/ny/",
        f"/platser/{place.pk}/redigera/",
        f"/platser/{place.pk}/ta-bort/",
    ):
        for response in (client.get(url), client.post(url, _form())):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
    assert Place.objects.count() == 1


def test_a_place_one_may_not_see_is_404_like_a_missing_one(
    client: Client, owner: User, outsider: User, skelleftea: Organisation
) -> None:
    internal = _place(owner, skelleftea, visibility="organisation")
    client.force_login(outsider)
    for url in (f"/platser/{internal.pk}/redigera/", f"/platser/{internal.pk}/ta-bort/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
        missing = url.replace(str(internal.pk), str(internal.pk + 1000))
        assert client.get(missing).status_code == 404, missing
    assert Place.objects.filter(pk=internal.pk).exists()
    # Its members see and manage it.
    client.force_login(owner)
    assert client.get(f"/platser/{internal.pk}/redigera/").status_code == 200


def test_only_municipalities_have_a_page_to_add_places(client: Client) -> None:
    region = factories.organisation("region-jamtland-harjedalen")
    member = factories.user(organisation=region)
    client.force_login(member)
    assert client.get("/organisationer/region-jamtland-harjedalen/platser/ny/").status_code == 404
    assert client.get("/organisationer/finns-inte/platser/ny/").status_code == 404


def test_the_form_offers_the_organisations_ideas_the_member_may_see(
    client: Client, owner: User, outsider: User, skelleftea: Organisation, krokom: Organisation
) -> None:
    own = idea_services.idea_create(
        actor=owner, organisation=skelleftea, kind=Idea.Kind.ACTIVITY, title="Egen idé"
    )
    others = idea_services.idea_create(
        actor=outsider, organisation=krokom, kind=Idea.Kind.ACTIVITY, title="Krokoms idé"
    )
    place = _place(owner, skelleftea, ideas=[others.pk])
    client.force_login(owner)
    new = _page(client.get("/organisationer/skelleftea/platser/ny/"))
    assert f'name="ideas" value="{own.pk}"' in new
    assert f'name="ideas" value="{others.pk}"' not in new
    # An idea already linked (through the API) stays on offer, checked, so saving keeps it.
    edit = _page(client.get(f"/platser/{place.pk}/redigera/"))
    assert re.search(rf'name="ideas" value="{others.pk}"[^>]*checked', edit)
    client.post(f"/platser/{place.pk}/redigera/", _form(ideas=[own.pk, others.pk]))
    assert set(place.ideas.all()) == {own, others}

"""Maps and places (issue 17): the map API and /karta/ count per municipality and county only
what the persona may see (the world's ideas are Skellefteå's, Västerbottens län, 24; Krokom
reuses the public one); places are seen and managed by the persona as their table says."""

from __future__ import annotations

import re

import pytest

from maps.models import Place
from tests.security.visibility.checks import Leaks, Reader, request, rolled_back, visible_ids
from tests.security.visibility.world import PERSONAS, World, marker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_maps_count_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    ideas = len(visible_ids(world, persona, "idea"))
    # Open for sign-up: the recruiting round on the open prototype (the one on the draft
    # prototype is not open, even for the team).
    open_rounds = len(visible_ids(world, persona, "round-recruiting"))
    skelleftea, krokom = world.skelleftea.code, world.krokom.code
    for filters in ({}, {"stage": "prototype"}, {"county": world.skelleftea.county_id}):
        data = read.json("/api/v1/map/municipalities/", **filters)
        props = {f["properties"]["code"]: f["properties"] for f in data.get("features", [])}
        read.same(f"map {filters} features", len(props), 290)
        read.same(f"map {filters} Skellefteå ideas", props[skelleftea]["ideas"], ideas)
        read.same(f"map {filters} Skellefteå rounds", props[skelleftea]["open_rounds"], open_rounds)
        read.same(f"map {filters} Krokom reuses", props[krokom]["adoptions"], 1)
        read.same(f"map {filters} all ideas", sum(p["ideas"] for p in props.values()), ideas)
        counties = read.json("/api/v1/map/counties/", **filters)
        by_code = {f["properties"]["code"]: f["properties"] for f in counties.get("features", [])}
        read.same(f"county map {filters} ideas", by_code["24"]["ideas"], ideas)
    response, body = read.get("/karta/")
    row = re.search(r">Skellefteå</a></th><td>[^<]*</td><td class=\"number\">(\d+)<", body)
    read.same("map page Skellefteå ideas", int(row.group(1)) if row else None, ideas)
    leaks.report()


#: Places of Skellefteå (the world's municipality): a public one and one for its members.
#: Managed by its members (member, coordinator); seen by all (public) or by them (internal).
PLACE_TABLE = {
    # persona: (sees the internal place, manages Skellefteå's places)
    "anonymous": (False, False),
    "citizen": (False, False),
    "member": (True, True),
    "other": (False, False),
    "coordinator": (True, True),
    "staff": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_places_are_seen_and_managed_as_the_persona_may(world: World, persona: str) -> None:
    from maps import services as place_services

    member = world.users["member"]
    assert member is not None
    skelleftea = (20.9500, 64.7500)
    public = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="shop",
        name="Byns butik",
        point=skelleftea,
    )
    internal = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="safety_point",
        name=f"Krisrum {marker('idea:organisation')}",
        point=skelleftea,
        visibility="organisation",
        ideas=[world.id("idea:organisation")],
    )
    sees, manages = PLACE_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    listed = read.json("/api/v1/places/", organisation="skelleftea")
    want = {public.pk, internal.pk} if sees else {public.pk}
    read.same("place list", {p["id"] for p in listed["results"]}, want)
    geojson = read.json("/api/v1/places.geojson")
    read.same("places.geojson", {f["id"] for f in geojson["features"]} >= want, True)
    read.same("places.geojson hidden", internal.pk in {f["id"] for f in geojson["features"]}, sees)
    read.get(f"/api/v1/places/{public.pk}/")
    read.get(f"/platser/{public.pk}/")
    read.get(f"/api/v1/places/{internal.pk}/", want=200 if sees else 404)
    read.get(f"/platser/{internal.pk}/", want=200 if sees else 404)
    # A public place links the public idea only for those who see it: ideas are checked by
    # Leaks' scan (no marker of a hidden idea anywhere).
    client = world.client(persona)
    signed_in = persona != "anonymous"
    for place, visible_place in ((public, True), (internal, sees)):
        url = f"/api/v1/places/{place.pk}/"
        hidden = 404 if not visible_place else None
        patch = request(client, "PATCH", url, {"name": "Nytt namn"})
        leaks.status(
            f"{persona} PATCH {url}",
            patch,
            401 if not signed_in else hidden or (200 if manages else 403),
        )
        delete = request(client, "DELETE", url)
        leaks.status(
            f"{persona} DELETE {url}",
            delete,
            401 if not signed_in else hidden or (204 if manages else 403),
        )
    created = request(
        client,
        "POST",
        "/api/v1/places/",
        {"organisation": "skelleftea", "kind": "shop", "name": "Ny", "point": list(skelleftea)},
    )
    leaks.status(
        f"{persona} POST /api/v1/places/",
        created,
        401 if not signed_in else 201 if manages else 403,
    )
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_place_pages_are_managed_as_the_persona_may(world: World, persona: str) -> None:
    """The pages that add, change and remove places answer as the API does: members of the
    municipality get the forms, others 403, a place they may not see 404 (like a missing
    one), and the sign-in page before signing in. Every write is rolled back."""
    from maps import services as place_services

    member = world.users["member"]
    assert member is not None
    point = (20.9500, 64.7500)
    public = place_services.place_create(
        actor=member, organisation=world.skelleftea, kind="shop", name="Byns butik", point=point
    )
    internal = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="safety_point",
        name=f"Krisrum {marker('idea:organisation')}",
        point=point,
        visibility="organisation",
    )
    sees, manages = PLACE_TABLE[persona]
    leaks = Leaks(world)
    client = world.client(persona)
    form = {"kind": "shop", "name": "Ny", "longitude": "20,95", "latitude": "64,75"}
    form["visibility"] = "public"

    def want(visible_place: bool, ok: int) -> int:
        if persona == "anonymous":
            return 302  # to the sign-in page
        if not visible_place:
            return 404
        return ok if manages else 403

    pages = [("/organisationer/skelleftea/platser/ny/", True, 302)]
    for place, visible_place in ((public, True), (internal, sees)):
        pages += [
            (f"/platser/{place.pk}/redigera/", visible_place, 302),
            (f"/platser/{place.pk}/ta-bort/", visible_place, 302),
        ]
    missing = internal.pk + 1000
    for url, visible_place, posted in pages:
        response = client.get(url)
        leaks.status(f"{persona} GET {url}", response, want(visible_place, 200))
        if response.status_code == 200:
            leaks.scan(f"{persona} GET {url}", persona, response)
        with rolled_back():
            response = client.post(url, form)
        leaks.status(f"{persona} POST {url}", response, want(visible_place, posted))
        if persona == "anonymous":
            location = response.get("Location", "")
            if not location.startswith("/accounts/login/"):
                leaks.found.append(f"anonymous POST {url}: redirected to {location!r}")
    for url in (f"/platser/{missing}/redigera/", f"/platser/{missing}/ta-bort/"):
        leaks.status(
            f"{persona} GET {url}", client.get(url), 302 if persona == "anonymous" else 404
        )
    assert {p.name for p in Place.objects.filter(pk__in=[public.pk, internal.pk])} == {
        "Byns butik",
        internal.name,
    }
    leaks.report()

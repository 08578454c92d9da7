"""A resident sends a proposal about a place or building on a fact from the site, as the API
allows (issue 19): the place's page and the fact page link to the form (only for what a
proposal may cite: public places and figures of public sheets), the form shows what is cited
with a checkbox to drop it, preselects the place's municipality and carries the ids through
the POST; what the service refuses is a 400 on the form with nothing saved. Plain HTML
forms, no script."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from accounts.models import Organisation, User
from facts import services as facts
from facts.models import Fact
from maps import services as places
from maps.models import Place
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db

FORM = "/forslag/ny/"


@pytest.fixture
def krokom_member(krokom: Organisation) -> User:
    return factories.user(email="analys@krokom.example", organisation=krokom)


def _place(member: User, organisation: Organisation, **extra: object) -> Place:
    point = (20.95, 64.75) if organisation.slug == "skelleftea" else (14.33, 63.33)
    return places.place_create(
        actor=member,
        organisation=organisation,
        kind="shop",
        name=str(extra.pop("name", "Byns butik i Kusmark")),
        point=point,
        **extra,  # type: ignore[arg-type]
    )


def _fact(member: User, organisation: Organisation, visibility: str = "public") -> Fact:
    sheet = facts.fact_sheet_create(
        actor=member,
        organisation=organisation,
        year=2024,
        visibility=visibility,
        copy_from_previous=False,
    )
    return facts.fact_add(
        actor=member,
        sheet=sheet,
        label="Invånare 65 år och äldre",
        value=Decimal("24.5"),
        unit="%",
        source="Kolada",
    )


def _post(client, **fields: str):  # type: ignore[no-untyped-def]
    data = {"organisation": "skelleftea", "title": "Fler bänkar", "body": "Vid butiken."}
    return client.post(FORM, {**data, **fields})


def _selected_municipality(page: str) -> str | None:
    found = re.search(r'<option value="([a-z-]+)" selected>', page)
    return found.group(1) if found else None


# --- The links -----------------------------------------------------------------------------


def test_a_public_places_page_links_to_the_form_citing_it(client, owner, skelleftea) -> None:
    place = _place(owner, skelleftea)
    page = client.get(f"/platser/{place.pk}/").content.decode()
    assert f'href="/forslag/ny/?plats={place.pk}"' in page
    assert "Skicka ett förslag om den här platsen" in page


def test_an_internal_place_has_no_proposal_link_even_for_its_members(
    client, owner, skelleftea
) -> None:
    place = _place(owner, skelleftea, visibility="organisation")
    client.force_login(owner)
    page = client.get(f"/platser/{place.pk}/").content.decode()
    assert "?plats=" not in page


def test_the_fact_page_links_each_public_figure_to_the_form(client, owner, skelleftea) -> None:
    fact = _fact(owner, skelleftea)
    page = client.get("/organisationer/skelleftea/fakta/").content.decode()
    assert f'href="/forslag/ny/?fakta={fact.pk}"' in page
    assert "Skicka ett förslag som bygger på den här siffran" in page


def test_a_members_only_sheet_has_no_proposal_links_for_its_members(
    client, owner, skelleftea
) -> None:
    _fact(owner, skelleftea, visibility="organisation")
    client.force_login(owner)
    page = client.get("/organisationer/skelleftea/fakta/").content.decode()
    assert "Invånare 65 år och äldre" in page  # the member reads it
    assert "?fakta=" not in page


def test_outsiders_do_not_get_a_members_only_sheet_nor_its_proposal_links(
    client, owner, outsider, skelleftea
) -> None:
    fact = _fact(owner, skelleftea, visibility="organisation")
    client.force_login(outsider)
    page = client.get("/organisationer/skelleftea/fakta/").content.decode()
    assert f"?fakta={fact.pk}" not in page and "Invånare 65 år" not in page


# --- The form ----------------------------------------------------------------------------


def test_the_form_cites_the_place_and_preselects_its_municipality(
    client, citizen, outsider, krokom
) -> None:
    place = _place(outsider, krokom, name="Föllinge lanthandel")
    client.force_login(citizen)
    response = client.get(FORM, {"plats": place.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Om platsen: Föllinge lanthandel (Krokom)" in page
    assert f'name="place" value="{place.pk}"' in page and "checked" in page
    assert _selected_municipality(page) == "krokom"


def test_the_form_cites_the_fact_with_its_value_year_and_source(
    client, citizen, outsider, krokom
) -> None:
    fact = _fact(outsider, krokom)
    client.force_login(citizen)
    page = client.get(FORM, {"fakta": fact.pk}).content.decode()
    assert "Bygger på: Invånare 65 år och äldre 24,5 % (2024, Krokom; källa: Kolada)" in page
    assert f'name="fact" value="{fact.pk}"' in page
    # A municipality's figure preselects it; the person may still choose another.
    assert _selected_municipality(page) == "krokom"


def test_sending_the_form_saves_the_place_and_the_fact(
    client, citizen, owner, outsider, skelleftea, krokom
) -> None:
    place = _place(owner, skelleftea)
    fact = _fact(outsider, krokom)
    client.force_login(citizen)
    response = _post(client, place=str(place.pk), fact=str(fact.pk))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/forslag/{proposal.pk}/"
    assert (proposal.place_id, proposal.fact_id) == (place.pk, fact.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Byns butik i Kusmark" in page and "Invånare 65 år och äldre" in page


def test_clearing_the_checkboxes_sends_the_proposal_without_them(
    client, citizen, owner, skelleftea
) -> None:
    _place(owner, skelleftea)
    client.force_login(citizen)
    # An unchecked box is not sent by the browser: the form then has neither.
    assert _post(client).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.place_id is None and proposal.fact_id is None


def test_a_place_of_another_municipality_is_a_400_on_the_form_and_nothing_is_saved(
    client, citizen, outsider, krokom
) -> None:
    place = _place(outsider, krokom, name="Föllinge lanthandel")
    client.force_login(citizen)
    response = _post(client, place=str(place.pk))
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Skellefteå har ingen öppen plats {place.pk}." in page
    # The box stays, checked, so the person may clear it or choose Krokom.
    assert f'name="place" value="{place.pk}"' in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("visibility", ["organisation", "missing"])
def test_a_hidden_or_missing_place_or_fact_is_a_400_and_nothing_is_saved(
    client, citizen, owner, skelleftea, visibility
) -> None:
    if visibility == "missing":
        place_id, fact_id = 987_654, 987_655
    else:
        place_id = _place(owner, skelleftea, name="Krisrum i källaren", visibility=visibility).pk
        fact_id = _fact(owner, skelleftea, visibility=visibility).pk
    client.force_login(citizen)
    response = _post(client, place=str(place_id))
    assert response.status_code == 400
    assert f"Skellefteå har ingen öppen plats {place_id}." in response.content.decode()
    response = _post(client, fact=str(fact_id))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Inget offentligt faktablad har uppgift {fact_id}." in page
    assert "Krisrum" not in page and "Invånare 65 år" not in page
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-3", "0", "1.5", "99999999999999999999999"])
def test_a_malformed_id_in_the_post_is_a_400_not_a_500(client, citizen, skelleftea, value) -> None:
    client.force_login(citizen)
    for field in ("place", "fact"):
        response = _post(client, **{field: value})
        assert response.status_code == 400, (field, value)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-3", "", "١٢", "99999999999999999999999"])
def test_a_malformed_id_in_the_link_is_ignored(client, citizen, skelleftea, value) -> None:
    client.force_login(citizen)
    response = client.get(FORM, {"plats": value, "fakta": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="place"' not in page and 'name="fact"' not in page


def test_a_link_to_a_hidden_or_missing_place_or_fact_is_a_400_that_names_nothing(
    client, citizen, owner, skelleftea
) -> None:
    place = _place(owner, skelleftea, name="Krisrum i källaren", visibility="organisation")
    fact = _fact(owner, skelleftea, visibility="organisation")
    client.force_login(citizen)
    for query in ({"plats": place.pk, "fakta": fact.pk}, {"plats": 987_654, "fakta": 987_655}):
        response = client.get(FORM, query)
        page = response.content.decode()
        assert response.status_code == 400
        assert (
            f"Länken anger en plats som inte finns eller inte är offentlig (nummer {query['plats']})"
            in page
        )
        assert (
            f"Länken anger en siffra som inte finns eller inte är offentlig (nummer {query['fakta']})"
            in page
        )
        assert 'name="place"' not in page and 'name="fact"' not in page
        assert "Krisrum" not in page and "Invånare 65 år" not in page
        assert _selected_municipality(page) is None


def test_signing_in_first_keeps_the_cited_place_in_the_link(client, owner, skelleftea) -> None:
    place = _place(owner, skelleftea)
    response = client.get(FORM, {"plats": place.pk})
    assert response.status_code == 302
    assert f"next=/forslag/ny/%3Fplats%3D{place.pk}" in response["Location"]


def test_the_proposal_page_no_longer_names_a_place_made_internal(
    client, citizen, owner, skelleftea
) -> None:
    place = _place(owner, skelleftea)
    client.force_login(citizen)
    proposal_url = _post(client, place=str(place.pk))["Location"]
    assert "Byns butik i Kusmark" in client.get(proposal_url).content.decode()
    places.place_update(actor=owner, place=place, visibility="organisation")
    assert "Byns butik i Kusmark" not in client.get(proposal_url).content.decode()
    client.force_login(owner)
    assert "Byns butik i Kusmark" in client.get(proposal_url).content.decode()

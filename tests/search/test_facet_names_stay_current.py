"""Facet labels name organisations, counties and target groups as the database has them at
the moment of the search (search.labels reads them in one query per search): a renamed,
added or rolled-back name is never shown stale."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from accounts.models import Organisation
from ideas.models import TargetGroup
from search import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(owner: Any, skelleftea: Organisation) -> Any:
    idea = factories.idea(
        organisation=skelleftea, created_by=owner, title="Ledighet", summary="Ledighet för elever."
    )
    group, _ = TargetGroup.objects.get_or_create(slug="elever", defaults={"name": "Elever"})
    idea.target_groups.add(group)
    services.reindex_all()
    return idea


def facet_labels(api: Any, facet: str) -> dict[str, str]:
    response = api.get("/api/v1/search/", {"q": "ledighet"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    return {v["value"]: v["label"] for v in response.json()["facets"][facet]}


def test_a_renamed_organisation_is_labelled_by_its_new_name(  # type: ignore[no-untyped-def]
    api, indexed: Any, skelleftea: Organisation
) -> None:
    assert facet_labels(api, "organisation") == {"skelleftea": "Skellefteå"}
    skelleftea.name = "Skellefteå kommun"
    skelleftea.save()
    assert facet_labels(api, "organisation") == {"skelleftea": "Skellefteå kommun"}


def test_a_renamed_county_and_target_group_are_labelled_by_their_new_names(  # type: ignore[no-untyped-def]
    api, indexed: Any, skelleftea: Organisation
) -> None:
    county = skelleftea.county
    assert facet_labels(api, "county") == {county.pk: county.name}
    assert facet_labels(api, "target_group") == {"elever": "Elever"}
    county.name = "Nya länet"
    county.save()
    group = TargetGroup.objects.get(slug="elever")
    group.name = "Elever i grundskolan"
    group.save()
    assert facet_labels(api, "county") == {county.pk: "Nya länet"}
    assert facet_labels(api, "target_group") == {"elever": "Elever i grundskolan"}


def test_an_added_organisation_and_target_group_are_labelled(  # type: ignore[no-untyped-def]
    api, indexed: Any, owner: Any, skelleftea: Organisation
) -> None:
    facet_labels(api, "organisation")  # the names are cached now
    new = Organisation.objects.create(
        kind="municipality", name="Nya kommunen", slug="nya-kommunen", county=skelleftea.county
    )
    group = TargetGroup.objects.create(slug="foraldrar", name="Föräldrar")
    idea = factories.idea(
        organisation=new, created_by=owner, title="Ledighet", summary="Ledighet för föräldrar."
    )
    idea.target_groups.add(group)
    services.reindex_all()
    assert facet_labels(api, "organisation") == {
        "skelleftea": "Skellefteå",
        "nya-kommunen": "Nya kommunen",
    }
    assert facet_labels(api, "target_group") == {"elever": "Elever", "foraldrar": "Föräldrar"}


def test_a_rolled_back_rename_leaves_no_stale_label(  # type: ignore[no-untyped-def]
    api, indexed: Any, skelleftea: Organisation
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        renamed = Organisation.objects.get(pk=skelleftea.pk)
        renamed.name = "Tillfälligt namn"
        renamed.save()
        # Seen (and cached) inside the transaction that renamed it…
        assert facet_labels(api, "organisation") == {"skelleftea": "Tillfälligt namn"}
        raise RuntimeError("roll back")
    # …and gone with it; a later rename gets a token of its own, not the rolled-back one.
    assert facet_labels(api, "organisation") == {"skelleftea": "Skellefteå"}
    skelleftea.refresh_from_db()
    skelleftea.name = "Skellefteå kommun"
    skelleftea.save()
    assert facet_labels(api, "organisation") == {"skelleftea": "Skellefteå kommun"}

"""Facet labels name organisations, counties and target groups. The names are kept per
process (search.labels) under a version token that changes in the same transaction as any
saved or deleted organisation, county or target group: a label is never stale, and the names
are not read again while nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from ideas.models import TargetGroup
from search import labels, services
from tests import factories

pytestmark = pytest.mark.django_db

NAMES_QUERY = "SELECT 'organisation', \"slug\""  # search.labels._read_names


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


def names_queries(api: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/search/", {"q": "ledighet"}).status_code == 200
    return sum(NAMES_QUERY in q["sql"] for q in queries.captured_queries)


def test_the_names_are_read_once_while_nothing_changes(api, indexed: Any) -> None:  # type: ignore[no-untyped-def]
    names_queries(api)
    assert names_queries(api) == 0
    assert names_queries(api) == 0
    TargetGroup.objects.create(slug="seniorer", name="Seniorer")
    assert names_queries(api) == 1
    assert names_queries(api) == 0


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


def test_a_deleted_organisation_changes_the_token(skelleftea: Organisation) -> None:
    before = labels.current_token()
    Organisation.objects.create(
        kind="municipality", name="Kortlivad", slug="kortlivad", county=skelleftea.county
    ).delete()
    assert labels.current_token() not in (before, None)


def test_writes_without_signals_call_names_changed(  # type: ignore[no-untyped-def]
    api, indexed: Any, skelleftea: Organisation
) -> None:
    """Another process's write looks like this to the cache: new rows and a new token."""
    facet_labels(api, "organisation")
    Organisation.objects.filter(pk=skelleftea.pk).update(name="Skellefteå stad")
    labels.names_changed()
    assert facet_labels(api, "organisation") == {"skelleftea": "Skellefteå stad"}


def test_migrate_gives_a_new_token() -> None:
    before = labels.current_token()
    labels.names_changed_after_migrate(using="default")
    assert labels.current_token() not in (before, None)


def test_without_a_token_row_the_names_are_read_every_time(api, indexed: Any) -> None:  # type: ignore[no-untyped-def]
    from search.models import FacetNamesVersion

    FacetNamesVersion.objects.all().delete()
    assert names_queries(api) == 1
    assert names_queries(api) == 1
    labels.names_changed()  # puts the row back
    names_queries(api)
    assert names_queries(api) == 0

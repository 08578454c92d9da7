"""The idea list reads a page as a deferred join (the page's ids first, then those rows by
id, with one query for co-owners, tags and target groups): every page holds exactly what the
naive single query gives, in the same order, for every caller, and the count is exact."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from ideas import selectors, services
from ideas.api.serializers import IdeaSerializer
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_ideas(make_idea, owner, colleague, krokom, outsider) -> list[Idea]:  # type: ignore[no-untyped-def]
    """23 ideas of every visibility, several created at the very same moment, with
    co-owners, tags and target groups given out of alphabetical order."""
    ideas = []
    for i in range(23):
        visibility = ["public", "public", "organisation", "draft"][i % 4]
        actor = colleague if i % 8 == 3 else owner  # drafts of two authors
        idea = make_idea(
            actor=actor,
            title=["Ö-tjänst", "Ärende", "Bygglov", "Avfall"][i % 4] + f" {i % 5}",
            visibility=visibility,
            tags=["skola", "e-tjänst", f"tagg {i % 3}"],
            target_groups=["Vårdnadshavare", "Elever"] if i % 2 else [],
        )
        if i % 5 == 0:
            idea.co_organisations.add(krokom)
        ideas.append(idea)
    outsider_idea = make_idea(actor=outsider, organisation=krokom, title="Krokoms", stage="concept")
    ideas.append(outsider_idea)
    # Ties: three groups of ideas created at one moment each, so only the id orders them.
    moment = timezone.now() - datetime.timedelta(days=2)
    for group, members in enumerate((ideas[0:6], ideas[9:12], ideas[17:23])):
        Idea.objects.filter(pk__in=[x.pk for x in members]).update(
            created_at=moment - datetime.timedelta(hours=group)
        )
    return ideas


def walk(client: Any, query: str, page_size: int) -> tuple[list[dict[str, Any]], list[int]]:
    """All rows of the list, page by page, and the count each page reported."""
    rows: list[dict[str, Any]] = []
    counts = []
    url: str | None = f"/api/v1/ideas/?page_size={page_size}{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        rows += body["results"]
        counts.append(body["count"])
        url = body["next"]
    return rows, counts


def naive(user: User | None, order: tuple[str, ...], **filters: Any) -> list[Idea]:
    """The single query the list used to run: visible, filtered, ordered, everything loaded."""
    return list(selectors.ideas_visible_to(user).filter(**filters).order_by(*order))


@pytest.mark.parametrize("persona", [None, "owner", "colleague", "outsider"])
@pytest.mark.parametrize("page_size", [1, 4, 7, 20])
def test_pages_hold_exactly_the_naive_rows_in_order_across_ties(
    request, api_as, many_ideas, persona, page_size
) -> None:
    user = request.getfixturevalue(persona) if persona else None
    rows, counts = walk(api_as(user), "", page_size)
    expected = naive(user, ("-created_at", "-id"))
    assert [r["id"] for r in rows] == [x.pk for x in expected]
    assert rows == [IdeaSerializer(x).data for x in expected]  # same shape, same values
    assert set(counts) == {len(expected)}
    if user is None:
        assert {r["visibility"] for r in rows} == {"public"}


@pytest.mark.parametrize(
    ("ordering", "order"),
    [
        ("oldest", ("created_at", "id")),
        ("title", ("title", "id")),
        ("updated", ("-updated_at", "-id")),
        ("adoptions", ("-adoption_count", "-created_at", "-id")),
    ],
)
def test_other_orderings_and_filters_page_like_the_naive_query(
    api_as, many_ideas, owner, ordering, order
) -> None:
    rows, _ = walk(api_as(owner), f"&ordering={ordering}", 3)
    assert [r["id"] for r in rows] == [x.pk for x in naive(owner, order)]
    rows, counts = walk(api_as(None), f"&ordering={ordering}&tag=tagg-1", 2)
    expected = naive(None, order, tags__slug="tagg-1")
    assert expected and [r["id"] for r in rows] == [x.pk for x in expected]
    assert set(counts) == {len(expected)}


def test_list_rows_equal_the_detail_including_relation_order(api, many_ideas) -> None:
    idea = many_ideas[0]  # co-owned by Krokom already
    idea.co_organisations.add(*(factories.organisation(slug) for slug in ("umea", "are", "lulea")))
    listed = {r["id"]: r for r in api.get("/api/v1/ideas/?page_size=100").json()["results"]}
    for pk in (idea.pk, many_ideas[4].pk, many_ideas[1].pk):
        assert listed[pk] == api.get(f"/api/v1/ideas/{pk}/").json()
    names = list(
        idea.co_organisations.order_by("name").values_list("slug", flat=True)
    )  # by name, as the detail's prefetch orders them
    assert listed[idea.pk]["co_organisations"] == names and len(names) == 4
    assert listed[idea.pk]["tags"] == ["e-tjänst", "skola", "tagg 0"]
    assert listed[many_ideas[1].pk]["target_groups"] == ["Elever", "Vårdnadshavare"]


def test_deep_page_offsets_over_ids_only_and_reads_rows_by_id(api, many_ideas) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/ideas/?page_size=2&page=3")
    assert response.status_code == 200
    offsets = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    assert len(offsets) == 1
    selected = offsets[0].split(" FROM ")[0]
    assert selected.count(",") == 0 and '"id"' in selected  # only the id column
    by_id = [q["sql"] for q in queries if '"ideas_idea"."title"' in q["sql"]]
    assert len(by_id) == 1 and " IN (" in by_id[0] and "OFFSET" not in by_id[0]


def test_page_past_the_end_is_a_404_with_a_message(api, many_ideas) -> None:
    response = api.get("/api/v1/ideas/?page=99")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_count_follows_every_change_immediately_for_each_caller(
    api_as, make_idea, owner, coordinator, outsider
) -> None:
    def counts() -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            api_as(user).get("/api/v1/ideas/").json()["count"] for user in (None, owner, outsider)
        )

    assert counts() == (0, 0, 0)
    idea = make_idea(title="Ny")
    assert counts() == (1, 1, 1)
    services.idea_update(actor=owner, idea=idea, visibility=Idea.Visibility.ORGANISATION)
    assert counts() == (0, 1, 0)  # hidden: gone for anonymous and outsiders, still the team's
    draft = make_idea(title="Utkast", visibility=Idea.Visibility.DRAFT)
    assert counts() == (0, 2, 0)
    services.idea_update(actor=owner, idea=idea, visibility=Idea.Visibility.PUBLIC)
    assert counts() == (1, 2, 1)
    services.idea_delete(actor=coordinator, idea=Idea.objects.get(pk=idea.pk))
    assert counts() == (0, 1, 0)
    services.idea_delete(actor=owner, idea=draft)
    assert counts() == (0, 0, 0)


def test_a_list_without_filter_parameters_builds_no_filter_and_lists_the_same(
    api, many_ideas
) -> None:
    # No filter named in the query string: the filter set is skipped (hub/api/filters.py),
    # which must change nothing — unknown parameters are ignored as before, and a filter
    # named, even with an invalid value, still goes through the filter set.
    plain, _ = walk(api, "", 20)
    with_unknown, _ = walk(api, "&utm_source=nyhetsbrev", 20)
    assert with_unknown == plain
    assert [row["id"] for row in plain] == [idea.pk for idea in naive(None, ("-created_at", "-id"))]
    invalid = api.get("/api/v1/ideas/?county=99")
    assert invalid.status_code == 400
    assert "county" in invalid.json()
    filtered, _ = walk(api, "&stage=concept", 20)
    assert [row["title"] for row in filtered] == ["Krokoms"]


@pytest.mark.parametrize("ordering", ["%", "%s", "%(value)s", "nope"])
def test_an_unknown_ordering_is_a_400_naming_it_even_with_percent_signs(
    api, client, ordering
) -> None:
    # Found by the fuzzer: a "%" in the value was formatted once more and answered 500.
    response = api.get("/api/v1/ideas/", {"ordering": ordering})
    assert response.status_code == 400
    assert f"”{ordering}”" in response.json()["ordering"][0]
    # The idea list page reads the same filter: it shows the complaint on its form.
    assert client.get("/ideer/", {"ordering": ordering}).status_code == 200

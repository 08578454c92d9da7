"""The list endpoint's query count does not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import services
from ideas.models import Idea

pytestmark = pytest.mark.django_db


def make_rows(n: int, owner, krokom) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        idea = services.idea_create(
            actor=owner,
            organisation=owner.memberships.first().organisation,
            kind=Idea.Kind.SERVICE_CONCEPT,
            title=f"Idé {i}",
            tags=[f"tagg {i}", "gemensam"],
            target_groups=[f"grupp {i}"],
            visibility="organisation" if i % 3 == 0 else "public",
        )
        idea.co_organisations.add(krokom)


def count_list_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/ideas/?page_size=100")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_uses_the_same_number_of_queries_for_3_and_30_rows(api_as, owner, krokom, signed_in):
    client = api_as(owner if signed_in else None)
    make_rows(3, owner, krokom)
    with_three = count_list_queries(client)
    make_rows(27, owner, krokom)
    assert client.get("/api/v1/ideas/?page_size=100").json()["count"] == (30 if signed_in else 20)
    with_thirty = count_list_queries(client)
    assert with_three == with_thirty


def test_list_query_budget(api_as, owner, krokom, django_assert_max_num_queries):
    make_rows(30, owner, krokom)
    # Memberships, count, the page's ids, the rows by id, co-owners + tags + target groups.
    with django_assert_max_num_queries(5):
        api_as(owner).get("/api/v1/ideas/?page_size=100")
    with django_assert_max_num_queries(4):  # anonymous: no memberships
        api_as(None).get("/api/v1/ideas/?page_size=100")

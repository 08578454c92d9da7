"""The comment list costs the same number of queries however many comments it shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from tests import factories

pytestmark = pytest.mark.django_db


def _queries(api, idea) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert api.get(f"/api/v1/ideas/{idea.pk}/comments/").status_code == 200
    return len(captured.captured_queries)


def test_comment_list_queries_do_not_grow_with_comments(api, owner, skelleftea, settings) -> None:
    settings.COMMENT_RATE_LIMIT = "1000/60"
    idea = factories.idea(organisation=skelleftea, created_by=owner, visibility="public")
    first = services.comment_create(author=owner, idea=idea, body="Första")
    few = _queries(api, idea)
    for n in range(12):
        author = factories.user(display_name=f"Person {n}")
        services.comment_create(author=author, idea=idea, body=f"Svar {n}", parent=first)
    assert _queries(api, idea) == few


def test_idea_page_thread_queries_do_not_grow_with_comments_or_their_authors(
    client, owner, skelleftea, krokom, settings
) -> None:
    # Each author's standing (organisation and role) is shown beside the name: the
    # memberships are fetched once for the whole thread.
    settings.COMMENT_RATE_LIMIT = "1000/60"
    idea = factories.idea(organisation=skelleftea, created_by=owner, visibility="public")
    first = services.comment_create(author=owner, idea=idea, body="Första")

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(idea.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    few = page_queries()
    for n in range(12):
        author = factories.user(
            display_name=f"Person {n}", organisation=(krokom, skelleftea, None)[n % 3]
        )
        services.comment_create(author=author, idea=idea, body=f"Svar {n}", parent=first)
    assert page_queries() == few

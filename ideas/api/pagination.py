"""Pages of the idea list: the same page-number pagination, read as a deferred join."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request

from hub.api.pagination import PageNumberPagination
from ideas import selectors
from ideas.models import Idea


class IdeaPagination(PageNumberPagination):
    """`{count, next, previous, results}` like every list; only how a page is read differs.

    The page's ids come from the filtered, ordered queryset (`LIMIT/OFFSET` over the ids
    alone: for the default order an index-only read of `idea_visibility_newest`), then the
    20 rows are read by id (`selectors.ideas_in_order`). In one query SQLite reads, joins and
    throws away every row before the page's first, which made deep pages slow.
    """

    def paginate_queryset(  # type: ignore[override]  # rows of ideas only, not any queryset
        self, queryset: QuerySet[Idea], request: Request, view: Any = None
    ) -> list[Idea] | None:
        ids = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True), request, view
        )
        if ids is None:
            return None
        return selectors.ideas_in_order(ids)

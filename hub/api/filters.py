"""The API's filter backend and the filters several apps share."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request


class FilterSet(django_filters.FilterSet):
    """A filter set whose list has an order of its own (`default_ordering`), which an
    ordering filter of the set may replace with the order asked for."""

    default_ordering: tuple[str, ...] = ()

    @classmethod
    def in_default_order(cls, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The queryset in the list's default order (unchanged without one)."""
        return queryset.order_by(*cls.default_ordering) if cls.default_ordering else queryset

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Ordered first: an ordering filter's order_by() then replaces the default.
        return super().filter_queryset(self.in_default_order(queryset))


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the query string names none of the view's
    filters: each filter acts only on its own parameter, so there is nothing to do but the
    filter set's default order, and building the filter form (one form field per filter)
    cost about a fifth of an unfiltered list request."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            if issubclass(filterset_class, FilterSet):
                return filterset_class.in_default_order(queryset)
            return queryset
        return super().filter_queryset(request, queryset, view)


# What slugify() makes of a name (ideas.services._named): lower-case ASCII letters, digits,
# hyphens and underscores.
_SLUG = RegexValidator(
    r"^[-a-z0-9_]+\Z",
    message=gettext_lazy(
        "Give the slug: lower-case letters a–z, digits and hyphens, such as vardnadshavare."
    ),
    code="invalid",
)


class OpenSlugFilter(django_filters.CharFilter):
    """A filter on the slug of a tag or target group: lists that anyone who writes an idea or
    plans a round adds to, also for an organisation-only idea.

    Such a value exists as soon as any idea uses it, seen or not, so it is never looked up:
    a 400 for a slug nobody uses next to "nothing found" for one only hidden ideas use would
    let anyone confirm a guessed tag of an internal idea. Every well-formed slug filters, and
    one that matches nothing the caller may see gives an empty list, like one that exists
    nowhere. Only malformed input (not a slug, too long) is a 400."""

    def __init__(self, *, field_name: str, max_length: int, **kwargs: Any) -> None:
        super().__init__(
            field_name=field_name,
            lookup_expr="exact",
            max_length=max_length,
            validators=[_SLUG],
            **kwargs,
        )

"""The search page: a query box, facet checkboxes with counts, sorting and paging, all in
one GET form that works without JavaScript; suggestions as you type come from the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hub.api.input import validated
from search import services
from search.api.serializers import ORDERINGS, SearchParamsSerializer, facet_filters
from search.backends.base import FACETS, FacetValue
from search.backends.errors import SearchUnavailable
from search.labels import (
    FACET_LABELS,
    NAMED_FACETS,
    ORDERING_LABELS,
    TYPE_LABELS,
    labelled_facets,
)


class SearchForm(forms.Form):
    """The search box and sorting as the page shows them. The query string is read, with
    its bounds, by the API's own SearchParamsSerializer (one reader for both)."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_('Words, "a phrase", OR between alternatives, -word to leave out.'),
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(value, ORDERING_LABELS[value]) for value in ORDERINGS],
    )


class _Counted(Sequence[None]):
    """A sequence of a given length, so Django's Paginator can page a search total."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, item: int) -> None: ...
    @overload
    def __getitem__(self, item: slice) -> list[None]: ...
    def __getitem__(self, item: int | slice) -> list[None] | None:
        if isinstance(item, slice):
            return [None] * len(range(*item.indices(self.total)))
        return None


def search(request: HttpRequest) -> HttpResponse:
    """Search everything the visitor may open (the same service as GET /api/v1/search/)."""
    params = SearchParamsSerializer(data=request.GET)
    valid = params.is_valid()
    if valid:
        data = params.validated_data
    else:  # the messages go to the page; it searches with the defaults meanwhile
        data = validated(SearchParamsSerializer, {})
    form = SearchForm(request.GET or None)
    form.full_clean()
    for field, messages in ({} if valid else params.errors).items():
        # The serializer's messages stand with the box they are about (else with the query).
        form.add_error(field if field in form.fields else "q", [str(m) for m in messages])
    q, ordering, number = data["q"], data["ordering"], data["page"]
    filters = facet_filters(data)
    context: dict[str, Any] = {"form": form, "unavailable": False, "searched": bool(request.GET)}
    try:
        result = services.search_query(
            user=request.user,
            q=q,
            filters=filters,
            page=number,
            page_size=data["page_size"],
            ordering=ordering,
        )
    except SearchUnavailable:
        context["unavailable"] = True
        return render(request, "frontend/search/search.html", context, status=503)
    page: Any = Paginator(_Counted(result.count), data["page_size"]).get_page(number)
    if page.number != number:  # past the end: show the last page instead
        result = services.search_query(
            user=request.user,
            q=q,
            filters=filters,
            page=page.number,
            page_size=data["page_size"],
            ordering=ordering,
        )
    # A chosen value stays in the form (with 0) so it can be unticked: a value the code
    # defines (type, kind, stage, category) under its name; one named in the database
    # (organisation, county, target group) as given, so that a value only hidden ideas use
    # reads exactly like an unknown one.
    counted = {
        name: [
            *found,
            *(
                FacetValue(chosen, 0)
                for chosen in filters[name]
                if name not in NAMED_FACETS and chosen not in {v.value for v in found}
            ),
        ]
        for name, found in result.facets.items()
    }
    facets = labelled_facets(counted)
    facet_groups = []
    for name in FACETS:
        values = facets[name]
        shown = {v["value"] for v in values}
        for chosen in filters[name]:
            if chosen not in shown:
                values.append({"value": chosen, "label": chosen, "count": 0})
        for index, value in enumerate(values):
            value["checked"] = value["value"] in filters[name]
            value["id"] = f"facet-{name}-{index}"
        if values:
            facet_groups.append({"name": name, "label": FACET_LABELS[name], "values": values})
    # Links that keep the filters and the sorting but change the words (correction, related
    # terms), and the number of results the same words have without the filters.
    rest = request.GET.copy()
    for name in ("q", "page"):
        rest.pop(name, None)
    unfiltered = None
    if not result.count and any(filters.values()) and q:
        unfiltered = services.search_query(user=request.user, q=q, page_size=1).count
    context.update(
        {
            "notes": result.notes,
            "keep": rest.urlencode(),
            "unfiltered_count": unfiltered,
            "result": result,
            "hits": [
                {"hit": hit, "type_label": TYPE_LABELS.get(hit.type, hit.type)}
                for hit in result.hits
            ],
            "page": page,
            "facet_groups": facet_groups,
            "filtered": any(filters.values()),
        }
    )
    return render(request, "frontend/search/search.html", context)

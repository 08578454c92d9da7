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

from search import services
from search.backends.base import FACETS
from search.backends.errors import SearchUnavailable
from search.labels import FACET_LABELS, TYPE_LABELS, labelled_facets

PAGE_SIZE = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=services.MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_('Words, "a phrase", OR between alternatives, -word to leave out.'),
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Best match")),
            ("newest", _("Newest")),
            ("updated", _("Recently updated")),
            ("adoptions", _("Most reused")),
        ],
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
    form = SearchForm(request.GET or None)
    filters = {name: [v for v in request.GET.getlist(name) if v][:20] for name in FACETS}
    q, ordering = "", "relevance"
    if form.is_valid():
        q = form.cleaned_data["q"]
        ordering = form.cleaned_data["ordering"] or "relevance"
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        number = 1
    context: dict[str, Any] = {"form": form, "unavailable": False, "searched": bool(request.GET)}
    try:
        result = services.search_query(
            user=request.user,
            q=q if form.is_bound and not form.errors else "",
            filters=filters,
            page=number,
            page_size=PAGE_SIZE,
            ordering=ordering,
        )
    except SearchUnavailable:
        context["unavailable"] = True
        return render(request, "frontend/search/search.html", context, status=503)
    page: Any = Paginator(_Counted(result.count), PAGE_SIZE).get_page(number)
    if page.number != number:  # past the end: show the last page instead
        result = services.search_query(
            user=request.user,
            q=q,
            filters=filters,
            page=page.number,
            page_size=PAGE_SIZE,
            ordering=ordering,
        )
    facets = labelled_facets(result.facets)
    facet_groups = []
    for name in FACETS:
        values = facets[name]
        shown = {v["value"] for v in values}
        # A chosen value stays in the form (with 0) so it can be unticked.
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

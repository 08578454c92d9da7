"""The map page's form: the idea list's filters, and which measure shades the map."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms import PageFilterSet
from ideas.api.filters import IdeaFilter
from ideas.models import Idea, TargetGroup

#: The measures the page shades by.
MEASURE_CHOICES = [
    ("ideas", _("Ideas")),
    ("adoptions", _("Reuse of others' ideas")),
    ("open_rounds", _("Open test rounds")),
    ("places", _("Places")),
]
DEFAULT_MEASURE = "ideas"


class MapFilter(PageFilterSet, IdeaFilter):
    """The API's IdeaFilter (the same parameters and messages), labelled for the map page,
    with `measure`: what the shading shows. It selects nothing itself."""

    measure = django_filters.ChoiceFilter(choices=MEASURE_CHOICES, method="keep_all")

    shown = {
        "measure": (_("The map shows"), None),
        "kind": (_("Kind"), _("All kinds")),
        "stage": (_("Stage"), _("All stages")),
        "category": (_("Category"), _("All categories")),
        "county": (_("County"), _("All of Sweden")),
        "target_group": (_("Target group"), _("All target groups")),
    }

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        groups = TargetGroup.objects.filter(ideas__in=self.queryset).distinct()
        return {"target_group": [(g.slug, str(g)) for g in groups]}

    def keep_all(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        return queryset

    def chosen_measure(self) -> str:
        """The measure asked for (after is_valid), or the default."""
        if self.is_valid():
            return self.form.cleaned_data.get("measure") or DEFAULT_MEASURE
        return DEFAULT_MEASURE

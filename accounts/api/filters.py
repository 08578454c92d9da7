from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        error_messages={
            "invalid_choice": _("Unknown county code. Use a two-digit länskod such as 01 or 24.")
        },
    )
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = Organisation
        fields = ["kind", "county"]

    def filter_search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code=value) | Q(slug__icontains=value))

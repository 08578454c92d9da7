from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation
from ideas.models import TargetGroup
from prototypes.models import TestRound


class OpenRoundFilter(django_filters.FilterSet):
    """Filters for the rounds open for sign-up."""

    organisation = django_filters.ModelChoiceFilter(
        field_name="prototype__idea__organisation",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        error_messages={
            "invalid_choice": _("Unknown organisation. Use its slug, such as skelleftea.")
        },
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="prototype__idea__organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY),
        to_field_name="slug",
        error_messages={
            "invalid_choice": _("Unknown municipality. Use its slug, such as skelleftea.")
        },
    )
    county = django_filters.ModelChoiceFilter(
        field_name="prototype__idea__organisation__county",
        queryset=County.objects.all(),
        error_messages={
            "invalid_choice": _("Unknown county code. Use a two-digit länskod such as 01 or 24.")
        },
    )
    target_group = django_filters.ModelChoiceFilter(
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Unknown target group. Use its slug.")},
    )
    remote = django_filters.BooleanFilter()

    class Meta:
        model = TestRound
        fields = ["organisation", "municipality", "county", "target_group", "remote"]

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation
from hub.api.filters import OpenSlugFilter
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
    # Target groups are made by whoever plans a round or writes an idea: an unknown slug
    # matches nothing rather than being a 400 (see OpenSlugFilter).
    target_group = OpenSlugFilter(
        field_name="target_group__slug",
        max_length=TargetGroup._meta.get_field("slug").max_length or 100,
        help_text=_(
            "Target group slug, such as seniorer. A target group no round you may see has "
            "gives no rounds."
        ),
    )
    remote = django_filters.BooleanFilter()

    class Meta:
        model = TestRound
        fields = ["organisation", "municipality", "county", "target_group", "remote"]

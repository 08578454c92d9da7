"""Filters of the dialogue list."""

from __future__ import annotations

import django_filters
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation
from dialogues.models import Dialogue
from hub.api.filters import FilterSet


class DialogueFilter(FilterSet):
    """Filters of the dialogue list: organisation, county and status."""

    default_ordering = ("-created_at", "-id")

    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        error_messages={
            "invalid_choice": format_lazy(
                _("No organisation has this slug. See {url} for the slugs."),
                url=reverse_lazy("organisation-list"),
            )
        },
        help_text=_("Slug of the municipality."),
    )
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        field_name="organisation__county",
        error_messages={
            "invalid_choice": _("Unknown county code. Use a two-digit länskod such as 01 or 24.")
        },
        help_text=_("Two-digit county code (länskod)."),
    )
    status = django_filters.ChoiceFilter(choices=Dialogue.Status.choices)

    class Meta:
        model = Dialogue
        fields = ["organisation", "county", "status"]

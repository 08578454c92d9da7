"""Filters and ordering of idea lists, shared by the API and the idea list page."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation
from hub.api.filters import FilterSet, OpenSlugFilter
from ideas.models import Category, Idea, Stage, Tag, TargetGroup

# ?ordering= value -> order_by; the DRF-style field names are accepted as synonyms.
DEFAULT_ORDERING = "newest"
ORDERINGS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "updated": ("-updated_at", "-id"),
    "adoptions": ("-adoption_count", "-created_at", "-id"),
    "followers": ("-follower_count", "-created_at", "-id"),
    "title": ("title", "id"),
}
ORDERING_SYNONYMS = {
    "-created_at": "newest",
    "created_at": "oldest",
    "-updated_at": "updated",
    "-adoption_count": "adoptions",
    "most_adopted": "adoptions",
    "-follower_count": "followers",
    "most_followed": "followers",
}
ORDERING_CHOICES = [
    ("newest", _("Newest first")),
    ("updated", _("Recently updated")),
    ("adoptions", _("Most reused")),
    ("followers", _("Most followed")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A–Ö")),
]


class IdeaFilter(FilterSet):
    """The filters and orders of idea lists: the API's list and export, and the list page
    (whose form is this set's own, `frontend.forms_ideas.idea_filter_form`). Without
    ?ordering=, newest first."""

    default_ordering = ORDERINGS[DEFAULT_ORDERING]

    kind = django_filters.ChoiceFilter(choices=Idea.Kind.choices)
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="filter_organisation",
        error_messages={
            "invalid_choice": format_lazy(
                _("No organisation has this slug. See {url} for the slugs."),
                url=reverse_lazy("organisation-list"),
            )
        },
        help_text=_("Slug of an owning or co-owning organisation."),
    )
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        field_name="organisation__county",
        error_messages={
            "invalid_choice": _("Unknown county code. Use a two-digit länskod such as 01 or 24.")
        },
        help_text=_("Two-digit county code (länskod) of the owning organisation."),
    )
    category = django_filters.ChoiceFilter(choices=Category.choices)
    # Tags and target groups are made by whoever writes an idea: an unknown slug matches
    # nothing rather than being a 400 (see OpenSlugFilter).
    tag = OpenSlugFilter(
        field_name="tags__slug",
        max_length=Tag._meta.get_field("slug").max_length or 60,
        help_text=_("Tag slug, such as e-tjanst. A tag no idea you may see has gives no ideas."),
    )
    target_group = OpenSlugFilter(
        field_name="target_groups__slug",
        max_length=TargetGroup._meta.get_field("slug").max_length or 100,
        help_text=_(
            "Target group slug, such as vardnadshavare. A target group no idea you may see "
            "has gives no ideas."
        ),
    )
    visibility = django_filters.ChoiceFilter(
        choices=Idea.Visibility.choices,
        help_text=_("Members see their organisations' ideas and their own drafts too."),
    )
    ordering = django_filters.CharFilter(
        method="filter_ordering",
        help_text=_("newest (default), updated, adoptions, followers, oldest or title."),
    )

    class Meta:
        model = Idea
        fields = [
            "kind",
            "stage",
            "organisation",
            "county",
            "category",
            "tag",
            "target_group",
            "visibility",
        ]

    def filter_organisation(
        self, queryset: QuerySet[Idea], name: str, value: Organisation | None
    ) -> QuerySet[Idea]:
        if value is None:
            return queryset
        co_owned = Idea.co_organisations.through.objects.filter(organisation=value).values(
            "idea_id"
        )
        return queryset.filter(Q(organisation=value) | Q(pk__in=co_owned))

    def filter_ordering(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        return queryset.order_by(*ORDERINGS[ordering_key(value)])

    def is_valid(self) -> bool:
        valid = super().is_valid()
        value = self.data.get("ordering") if self.data else None
        if value and normalise_ordering(value) is None:
            # Params, not an interpolated string: django-filter formats the message with
            # them once more, and a "%" in the value would break that (a 500).
            self.form.add_error(
                "ordering",
                ValidationError(
                    _("Unknown ordering “%(value)s”. Use one of: %(choices)s."),
                    code="invalid_choice",
                    params={"value": value[:40], "choices": ", ".join(ORDERINGS)},
                ),
            )
            return False
        return valid


def normalise_ordering(value: str | None) -> str | None:
    """The canonical ordering key for a ?ordering= value, or None if it is unknown."""
    value = (value or "").strip()
    if not value:
        return DEFAULT_ORDERING
    value = ORDERING_SYNONYMS.get(value, value)
    return value if value in ORDERINGS else None


def ordering_key(value: str | None) -> str:
    return normalise_ordering(value) or DEFAULT_ORDERING

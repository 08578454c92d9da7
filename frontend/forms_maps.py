"""The map page's form (the idea list's filters, and which measure shades the map) and the
form of a place."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from frontend.forms import PageFilterSet
from ideas.api.filters import IdeaFilter
from ideas.models import Idea, TargetGroup
from maps import drawing
from maps.models import Place

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


class CoordinateField(forms.Field):
    """A coordinate in decimal degrees, with a decimal point or comma ("14,6160" as Swedish
    writes it, "14.6160" as maps copy it). Whether it is a place on Earth, and inside the
    municipality, is the service's to say (maps.services)."""

    _NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"inputmode": "decimal", "maxlength": "30", "autocomplete": "off"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:
        text = "".join(str(value or "").split())[:100]
        if not text:
            return None
        normal = text.replace(",", ".").replace("\N{MINUS SIGN}", "-")
        if not self._NUMBER.fullmatch(normal):
            raise forms.ValidationError(
                _("Write the coordinate as a decimal number of degrees, such as 14,6160."),
                code="invalid",
            )
        return float(normal)


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        # The browser's date field takes ISO dates whatever the page's language.
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().format_value(value)


class PlaceForm(forms.Form):
    """A place of a municipality, as its members add and change it. It only collects the
    input; maps.services checks it (the point inside the municipality and the rest).

    The point is typed (longitude, latitude) or set on the municipality's map by the page's
    script (map_x, map_y: SVG units of maps.drawing.surroundings); typed coordinates win,
    the map's point counts only when both coordinate fields are empty."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Place.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    area = forms.CharField(
        label=_("Area (bygd)"),
        max_length=100,
        required=False,
        help_text=_("The rural area the place serves, such as Offerdal."),
    )
    village = forms.CharField(label=_("Village"), max_length=100, required=False)
    longitude = CoordinateField(
        label=_("Longitude (east)"),
        help_text=_(
            "Degrees east in WGS 84, as map services show them: in Sweden between 10 and 25, "
            "such as 14,6160."
        ),
    )
    latitude = CoordinateField(
        label=_("Latitude (north)"),
        help_text=_(
            "Degrees north in WGS 84: in Sweden between 55 and 70, such as 63,6660. "
            "The point must lie in the municipality."
        ),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    functions = forms.MultipleChoiceField(
        label=_("What it offers"),
        choices=Place.Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A safety point should have the first six: backup power, an information channel, "
            "a local crisis contact, heating, drinking water and charging."
        ),
    )
    agreement_from = forms.DateField(
        label=_("Service agreement from"), required=False, widget=DateInput()
    )
    agreement_to = forms.DateField(
        label=_("Service agreement to"), required=False, widget=DateInput()
    )
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas about this place"),
        queryset=Idea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Place.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Place.Visibility.PUBLIC,
    )
    map_x = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)
    map_y = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)

    #: The services' name for an error about the point, and the field that shows it.
    field_of_service_error = {"point": "longitude"}

    def __init__(
        self, *args: Any, organisation: Organisation, ideas: QuerySet[Idea], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        cast(forms.ModelMultipleChoiceField, self.fields["ideas"]).queryset = ideas
        if self.is_bound and self._point_from_map():
            for name in ("longitude", "latitude"):
                self.fields[name].required = False

    def _point_from_map(self) -> bool:
        """Whether the post gives its point on the map only (both coordinates left empty)."""
        given = {name: str(self.data.get(name) or "").strip() for name in self.fields}
        return bool(given["map_x"] and given["map_y"]) and not (
            given["longitude"] or given["latitude"]
        )

    @classmethod
    def initial_for(cls, place: Place) -> dict[str, Any]:
        """A place's values for the edit form (coordinates written the Swedish way)."""
        return {
            "kind": place.kind,
            "name": place.name,
            "area": place.area,
            "village": place.village,
            "longitude": formats.number_format(place.longitude),
            "latitude": formats.number_format(place.latitude),
            "address": place.address,
            "description": place.description,
            "functions": list(place.functions),
            "agreement_from": place.agreement_from,
            "agreement_to": place.agreement_to,
            "ideas": list(place.ideas.all()),
            "visibility": place.visibility,
        }

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as place_create and place_update take it."""
        data = dict(self.cleaned_data)
        longitude, latitude = data.pop("longitude"), data.pop("latitude")
        map_x, map_y = data.pop("map_x"), data.pop("map_y")
        if longitude is None and latitude is None:
            longitude, latitude = drawing.point_at(self.organisation.code, map_x, map_y)
        data["point"] = (longitude, latitude)
        data["ideas"] = [idea.pk for idea in data["ideas"]]
        return data

"""The fact pages' forms: start a year's sheet; edit a sheet (who sees it, its sections and
figures, as two formsets with one empty row each to add: no script needed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from facts.models import FactSheet


class FigureField(forms.DecimalField):
    """A number as people write it: "77 000" and "31,5" in Swedish (spaces between the
    thousands, of any kind, are left out before the number is read)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "")
        return super().to_python(value)


class SheetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    visibility = forms.ChoiceField(
        label=_("Who sees the fact sheet"),
        choices=FactSheet.Visibility.choices,
        initial=FactSheet.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    copy_from_previous = forms.BooleanField(
        label=_("Start from the previous year's sections and figures (without their values)"),
        required=False,
        initial=True,
    )


class SheetForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who sees the fact sheet"),
        choices=FactSheet.Visibility.choices,
        widget=forms.RadioSelect,
    )


class SectionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Section title"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can format the text as in an idea's description."),
    )


class FactForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Figure"), max_length=200, required=False)
    value = FigureField(
        label=_("Value"), required=False, max_digits=20, decimal_places=4, localize=True
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    year = forms.IntegerField(
        label=_("Year of the figure"), required=False, min_value=1900, max_value=2100
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    source_url = forms.URLField(
        label=_("Source link"), max_length=500, required=False, assume_scheme="https"
    )
    kpi = forms.CharField(
        label=_("Kolada key figure"),
        max_length=20,
        required=False,
        help_text=_(
            "Such as N00005: figures with the same key figure are compared over the years."
        ),
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_delete=True, max_num=100)
FactFormSet = forms.formset_factory(FactForm, extra=1, can_delete=True, max_num=500)

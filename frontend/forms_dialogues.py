"""Forms of the dialogue pages: the list's filters, the team's dialogue form, the status
move, and the contribution form (answers, where, consent)."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from dialogues.api.filters import DialogueFilter
from dialogues.models import MAX_ANSWER, Area, Dialogue, FocusGroup
from frontend.forms import PageFilterSet


class DialogueListFilter(PageFilterSet, DialogueFilter):
    """The /dialoger/ page's filters: the API's DialogueFilter, labelled for the page."""

    shown = {
        "organisation": (_("Municipality"), _("All municipalities")),
        "county": (_("County"), _("All counties")),
        "status": (_("Status"), _("Any status")),
    }

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        organisations = Organisation.objects.filter(dialogues__in=self.queryset).distinct()
        return {"organisation": [(o.slug, str(o)) for o in organisations]}


_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def _parse_areas(text: str) -> list[dict[str, Any]]:
    """ "Offerdal: Offerdal, Landön" per line → [{name, villages}]."""
    areas = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _colon, villages = line.partition(":")
        areas.append(
            {
                "name": name.strip(),
                "villages": [v.strip() for v in villages.split(",") if v.strip()],
            }
        )
    return areas


def _parse_groups(text: str) -> list[dict[str, Any]]:
    """ "Name | who it is for | size 6–10 | age 14–25" per line (the last three optional)."""
    groups = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        group: dict[str, Any] = {
            "name": parts[0],
            "description": parts[1] if len(parts) > 1 else "",
        }
        for part in parts[2:]:
            match = _RANGE.search(part)
            if match is None:
                raise forms.ValidationError(
                    _("Write a range as two numbers, such as “age 14–25” or “size 6–10”.")
                )
            low, high = int(match[1]), int(match[2])
            if part.lower().startswith(("age", "ålder")):
                group["age_min"], group["age_max"] = low, high
            else:
                group["min_size"], group["max_size"] = low, high
        groups.append(group)
    return groups


def areas_text(areas: list[Area]) -> str:
    return "\n".join(f"{a.name}: {', '.join(a.villages)}" for a in areas)


def groups_text(groups: list[FocusGroup]) -> str:
    lines = []
    for g in groups:
        parts = [g.name, g.description]
        if g.min_size is not None and g.max_size is not None:
            parts.append(f"size {g.min_size}–{g.max_size}")
        if g.age_min is not None and g.age_max is not None:
            parts.append(f"age {g.age_min}–{g.age_max}")
        lines.append(" | ".join(parts))
    return "\n".join(lines)


class DialogueForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    prompts = forms.CharField(
        label=_("Questions"),
        help_text=_("One question per line, one to five."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    areas = forms.CharField(
        label=_("Areas and villages"),
        help_text=_("One area per line: its name, a colon, then its villages separated by commas."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    focus_groups = forms.CharField(
        label=_("Focus groups"),
        help_text=_(
            "One group per line: name | who it is for | size 6–10 | age 14–25 (the last "
            "three are optional)."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    consent_text = forms.CharField(
        label=_("Consent text"),
        help_text=_("What residents agree to when they take part. A change makes a new version."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def clean_prompts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["prompts"].splitlines() if line.strip()]

    def clean_areas(self) -> list[dict[str, Any]]:
        return _parse_areas(self.cleaned_data["areas"])

    def clean_focus_groups(self) -> list[dict[str, Any]]:
        return _parse_groups(self.cleaned_data["focus_groups"])


class DialogueStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=Dialogue.Status.choices)


class ContributionIdeaForm(forms.Form):
    title = forms.CharField(label=_("Title of the new idea"), max_length=200)


class ContributionForm(forms.Form):
    """A resident's contribution: one answer per question, where (a point set on the map
    with script, or an area or village chosen by name), focus group, name, consent."""

    area = forms.ChoiceField(label=_("Area"), required=False)
    village = forms.ChoiceField(label=_("Village"), required=False)
    # Set by the page's script from a click (or arrow keys) on the map: SVG units of the
    # dialogue's map, turned into a point by the view.
    map_x = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)
    map_y = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)
    focus_group = forms.ChoiceField(label=_("I take part as"), required=False)
    show_name = forms.BooleanField(label=_("Show my name with my answer"), required=False)
    consent = forms.BooleanField(label=_("I agree to the consent text above"), required=True)
    consent_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        dialogue: Dialogue,
        areas: list[Area],
        groups: list[FocusGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.prompts = list(dialogue.prompts)
        answer_fields = {
            f"answer_{i}": forms.CharField(
                label=prompt,
                required=False,
                max_length=MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            for i, prompt in enumerate(self.prompts)
        }
        self.fields = {**answer_fields, **self.fields}
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", _("Choose an area")),
            *[(a.name, a.name) for a in areas],
        ]
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", _("Choose a village")),
            *[(a.name, [(v, v) for v in a.villages]) for a in areas if a.villages],
        ]
        cast(forms.ChoiceField, self.fields["focus_group"]).choices = [
            ("", _("No particular group")),
            *[(str(g.pk), g.name) for g in groups],
        ]
        self.initial.setdefault("consent_version", dialogue.consent_version)

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{i}"] for i in range(len(self.prompts))]

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.prompts))]

"""Forms of the meeting pages: plan or change a meeting, call it off, register (with consent and, for an
age-limited focus group, the birth year), and the team's report. No JavaScript needed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Dialogue, FocusGroup
from frontend.forms_prototypes import DateTimeInput
from meetings.models import Meeting
from meetings.services import default_consent_text


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    focus_group = forms.ModelChoiceField(
        label=_("Focus group"),
        queryset=FocusGroup.objects.none(),
        required=False,
        empty_label=_("Everyone (the whole dialogue)"),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    mode = forms.ChoiceField(
        label=_("Kind of meeting"), choices=Meeting.Mode.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("For a physical meeting: the address or the building."),
    )
    link = forms.URLField(
        label=_("Link to the digital meeting"),
        max_length=500,
        assume_scheme="https",
        required=False,
        help_text=_("Shown only to the people who have a place."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    consent_text = forms.CharField(
        label=_("Consent text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What people agree to when they register."),
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"capacity": 20, "consent_text": default_consent_text()})
        super().__init__(*args, **kwargs)
        self.fields["focus_group"].queryset = FocusGroup.objects.filter(dialogue=dialogue)  # type: ignore[attr-defined]

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict[str, Any]:
        """The form's fields filled from a meeting, to change it."""
        return {
            name: getattr(meeting, name) for name in cls.base_fields if name != "focus_group"
        } | {"focus_group": meeting.focus_group_id}


class RegisterForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the consent text and agree to it."),
        required=True,
        error_messages={"required": _("Tick the box to agree to the consent text.")},
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)
    birth_year = forms.IntegerField(
        label=_("Your birth year"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("This meeting is for an age group; we keep only the year."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"meeting-{meeting.pk}")
        kwargs.setdefault("initial", {"consent_version": meeting.consent_version})
        super().__init__(*args, **kwargs)
        group = meeting.focus_group
        if group is None or (group.age_min is None and group.age_max is None):
            del self.fields["birth_year"]


class CallOffForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the meeting's page and sent to everyone who registered."),
        error_messages={"required": _("Say why the meeting is cancelled.")},
    )


class ReportForm(forms.Form):
    attendees = forms.IntegerField(label=_("How many came"), min_value=0, max_value=100_000)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was said, in short. Never write down names."),
    )

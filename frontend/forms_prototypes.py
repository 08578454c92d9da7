"""Forms of the prototype and test round pages. They only parse input; services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from frontend.forms import DecimalField, PageFilterSet
from ideas.models import TargetGroup
from prototypes.api.filters import OpenRoundFilter
from prototypes.models import SUS_ITEMS, Feedback, Finding, Prototype, TestRound

DIFFICULTY_CHOICES = [
    (1, _("1 – very easy")),
    (2, _("2 – easy")),
    (3, _("3 – neither easy nor hard")),
    (4, _("4 – hard")),
    (5, _("5 – very hard")),
]
AGREEMENT_CHOICES = [
    (1, _("1 – strongly disagree")),
    (2, _("2 – disagree")),
    (3, _("3 – neither agree nor disagree")),
    (4, _("4 – agree")),
    (5, _("5 – strongly agree")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class OpenRoundListFilter(PageFilterSet, OpenRoundFilter):
    """The "Test new e-services" page's filters: the API's OpenRoundFilter, labelled for the
    page, offering the organisations and target groups the open rounds (its queryset) use."""

    shown = {
        "organisation": (_("Municipality or organisation"), _("All organisations")),
        "county": (_("County"), _("All counties")),
        "target_group": (_("Target group"), _("All target groups")),
    }

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        rounds = self.queryset
        organisations = Organisation.objects.filter(ideas__prototypes__rounds__in=rounds)
        groups = TargetGroup.objects.filter(test_rounds__in=rounds)
        return {
            "organisation": [(o.slug, str(o)) for o in organisations.distinct()],
            "target_group": [(g.slug, str(g)) for g in groups.distinct()],
        }


class PrototypeForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link to the clickable prototype"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = Prototype
        fields = ["label", "description", "link", "status"]
        help_texts = {
            "label": _("For example v1 or Beta 2."),
            "status": _("Only the team sees drafts. Publishing does not change the idea's stage."),
        }


class PrototypeImageForm(forms.Form):
    image = forms.FileField(label=_("Image (PNG, JPEG, WebP or GIF)"))
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=100,
        required=False,
        help_text=_("For example Parents of preschool children."),
    )
    tasks = forms.CharField(
        label=_("Tasks"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One task per line, in the order participants do them."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), required=False, widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DateTimeInput())
    remote = forms.BooleanField(label=_("Remote (participants test from home)"), required=False)
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("Where the test is held.")
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    consent_text = forms.CharField(
        label=_("Consent text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What participants agree to. Changing it later creates a new version; people "
            "already signed up keep the version they agreed to."
        ),
    )

    @classmethod
    def initial_for(cls, test_round: TestRound) -> dict[str, Any]:
        return {
            "title": test_round.title,
            "goal": test_round.goal,
            "target_group": test_round.target_group.name if test_round.target_group else "",
            "tasks": "\n".join(test_round.tasks),
            "starts_at": test_round.starts_at,
            "ends_at": test_round.ends_at,
            "remote": test_round.remote,
            "place": test_round.place,
            "capacity": test_round.capacity,
            "consent_text": test_round.consent_text,
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["tasks"] = [line.strip() for line in data["tasks"].splitlines() if line.strip()]
        return data


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TestRound.Status.choices)


class SignUpForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the consent text and agree to it."),
        required=True,
        error_messages={"required": _("Tick the box to agree to the consent text.")},
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I want to withdraw. My answers in this round are deleted."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )


class FeedbackForm(forms.Form):
    """The task questions, the ten SUS statements and free text; no JavaScript needed."""

    text = forms.CharField(
        label=_("Anything else you want to tell the team?"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, tasks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.round_tasks = tasks
        for i, _task in enumerate(tasks, start=1):
            self.fields[f"task_{i}_completed"] = forms.ChoiceField(
                label=_("Did you complete the task?"),
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether you completed task %(n)s.") % {"n": i}},
            )
            self.fields[f"task_{i}_difficulty"] = forms.TypedChoiceField(
                label=_("How difficult was it?"),
                choices=DIFFICULTY_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how difficult task %(n)s was (1–5).") % {"n": i}
                },
            )
            self.fields[f"task_{i}_minutes"] = DecimalField(
                label=_("About how many minutes did it take?"),
                required=False,
                min_value=0,
                max_value=1440,
                decimal_places=1,
                help_text=_("For example 2 or 1.5."),
            )
            self.fields[f"task_{i}_comment"] = forms.CharField(
                label=_("Comment on the task"),
                required=False,
                max_length=2_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for n, statement in enumerate(SUS_ITEMS, start=1):
            self.fields[f"sus_{n}"] = forms.TypedChoiceField(
                label=statement,
                choices=AGREEMENT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer statement %(n)s (1–5).") % {"n": n},
                },
            )

    @classmethod
    def initial_for(cls, feedback: Feedback) -> dict[str, Any]:
        initial: dict[str, Any] = {"text": feedback.text}
        for i, answer in enumerate(feedback.tasks, start=1):
            initial[f"task_{i}_completed"] = "yes" if answer["completed"] else "no"
            initial[f"task_{i}_difficulty"] = answer["difficulty"]
            seconds = answer.get("seconds")
            initial[f"task_{i}_minutes"] = None if seconds is None else round(seconds / 60, 1)
            initial[f"task_{i}_comment"] = answer.get("comment", "")
        for n, value in enumerate(feedback.sus, start=1):
            initial[f"sus_{n}"] = value
        return initial

    def task_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "number": i,
                "text": text,
                "completed": self[f"task_{i}_completed"],
                "difficulty": self[f"task_{i}_difficulty"],
                "minutes": self[f"task_{i}_minutes"],
                "comment": self[f"task_{i}_comment"],
            }
            for i, text in enumerate(self.round_tasks, start=1)
        ]

    def sus_fields(self) -> list[Any]:
        return [self[f"sus_{n}"] for n in range(1, len(SUS_ITEMS) + 1)]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        tasks = []
        for i in range(1, len(self.round_tasks) + 1):
            minutes = data.get(f"task_{i}_minutes")
            tasks.append(
                {
                    "completed": data[f"task_{i}_completed"] == "yes",
                    "difficulty": data[f"task_{i}_difficulty"],
                    "seconds": None if minutes is None else int(round(minutes * 60)),
                    "comment": data.get(f"task_{i}_comment", ""),
                }
            )
        sus = [data[f"sus_{n}"] for n in range(1, len(SUS_ITEMS) + 1)]
        return {"tasks": tasks, "sus": sus, "text": data.get("text", "")}


class PseudonymChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.participation.pseudonym)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices)
    description = forms.CharField(
        label=_("What did you find?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    feedback = PseudonymChoiceField(
        label=_("Based on feedback from"),
        queryset=Feedback.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addressed_in = VersionChoiceField(
        label=_("Addressed in version"),
        queryset=Prototype.objects.none(),
        required=False,
        empty_label=_("Not yet addressed"),
    )

    def __init__(self, *args: Any, test_round: TestRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        feedback_field = cast(forms.ModelMultipleChoiceField, self.fields["feedback"])
        feedback_field.queryset = Feedback.objects.filter(
            participation__round=test_round
        ).select_related("participation")
        version_field = cast(forms.ModelChoiceField, self.fields["addressed_in"])
        version_field.queryset = Prototype.objects.filter(idea=test_round.prototype.idea_id)

    @classmethod
    def initial_for(cls, finding: Finding) -> dict[str, Any]:
        return {
            "severity": finding.severity,
            "description": finding.description,
            "feedback": list(finding.feedback.all()),
            "addressed_in": finding.addressed_in,
        }

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as finding_create and finding_update take it."""
        data = self.cleaned_data
        return {
            "severity": data["severity"],
            "description": data["description"],
            "feedback_ids": [f.pk for f in data["feedback"]],
            "addressed_in": data["addressed_in"],
        }

"""Forms of the idea pages. They only collect input; the rules live in ideas.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from frontend.forms import PageFilterSet
from ideas.api.filters import ORDERING_CHOICES, IdeaFilter
from ideas.files import ALLOWED_EXTENSIONS
from ideas.models import STAGE_ORDER, Adoption, Category, Idea, Stage, TargetGroup

STAGE_CHOICES = [(s, Stage(s).label) for s in STAGE_ORDER]


def split_names(value: str) -> list[str]:
    """“Skola, Vårdnadshavare” -> ["Skola", "Vårdnadshavare"]."""
    return [part.strip() for part in (value or "").replace("\n", ",").split(",") if part.strip()]


class IdeaListFilter(PageFilterSet, IdeaFilter):
    """The idea list page's filters: the API's IdeaFilter, labelled for the page, offering
    the organisations and target groups the visible ideas (its queryset) use."""

    shown = {
        "kind": (_("Kind"), _("All kinds")),
        "stage": (_("Stage"), _("All stages")),
        "category": (_("Category"), _("All categories")),
        "organisation": (_("Organisation"), _("All organisations")),
        "county": (_("County"), _("All counties")),
        "target_group": (_("Target group"), _("All target groups")),
        "ordering": (_("Sort by"), None),
    }

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        ideas = self.queryset
        organisations = Organisation.objects.filter(pk__in=ideas.values("organisation_id"))
        groups = TargetGroup.objects.filter(ideas__in=ideas).distinct()
        return {
            "organisation": [(o.slug, str(o)) for o in organisations.order_by("name")],
            "target_group": [(g.slug, str(g)) for g in groups],
            "ordering": ORDERING_CHOICES,
        }


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Idea.Kind.choices,
        widget=forms.RadioSelect,
        initial=Idea.Kind.SERVICE_CONCEPT,
        help_text=_(
            "A service concept is an e-service in development; an activity is development work "
            "shared with its results and lessons learned."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists."),
    )
    body = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=50_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Formatting: ## heading, **bold**, *italics*, - list, [link text](https://…). "
            "Preview before you save."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Owning organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    stage = forms.ChoiceField(
        label=_("Starting stage"),
        choices=STAGE_CHOICES,
        help_text=_("Where the work is now. An idea may start at any stage."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Idea.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Idea.Visibility.PUBLIC,
    )
    # An empty first choice: a browser would otherwise send the first category for anyone
    # who never opened the list.
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Choose a category")), *Category.choices],
        error_messages={"required": _("Choose a category.")},
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1_000,
        help_text=_("Separate with commas, such as: e-tjänst, skola."),
    )
    target_groups = forms.CharField(
        label=_("Target groups"),
        required=False,
        max_length=2_000,
        help_text=_("Separate with commas, such as: vårdnadshavare, äldre."),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a title, a vertical bar and the address. Prototyp | https://…"),
    )
    repository_url = forms.URLField(
        label=_("Software repository"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "If the solution is open source: its code repository (gives a publiccode.yml)."
        ),
    )
    software_licence = forms.CharField(
        label=_("Software licence"),
        required=False,
        max_length=100,
        help_text=_("SPDX identifier of the software's licence, such as EUPL-1.2 or MIT."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=100)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    co_organisations = forms.ModelMultipleChoiceField(
        label=_("Co-owning organisations"),
        required=False,
        queryset=Organisation.objects.all().order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Their members may see and edit the idea. Hold Ctrl (⌘) to choose several."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        editing: bool = False,
        may_choose_co_owners: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if editing:
            del self.fields["organisation"]
            del self.fields["stage"]
        elif organisations.count() == 1:
            field.initial = organisations.first()
        if not may_choose_co_owners:
            del self.fields["co_organisations"]

    def clean_links(self) -> list[dict[str, str]]:
        links = []
        for line in self.cleaned_data["links"].splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|")
            links.append({"title": title.strip(), "url": url.strip()})
        return links

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as the services take it."""
        data = dict(self.cleaned_data)
        data["tags"] = split_names(data.get("tags", ""))
        data["target_groups"] = split_names(data.get("target_groups", ""))
        if "co_organisations" in data:
            data["co_organisations"] = list(data["co_organisations"])
        return data


def idea_initial(idea: Idea) -> dict[str, Any]:
    """An idea's values for the edit form."""
    return {
        "kind": idea.kind,
        "title": idea.title,
        "summary": idea.summary,
        "body": idea.body,
        "visibility": idea.visibility,
        "category": idea.category,
        "tags": ", ".join(t.name for t in idea.tags.all()),
        "target_groups": ", ".join(t.name for t in idea.target_groups.all()),
        "results": idea.results,
        "lessons_learned": idea.lessons_learned,
        "links": "\n".join(
            f"{link.get('title', '')} | {link.get('url', '')}" for link in idea.links
        ),
        "repository_url": idea.repository_url,
        "software_licence": idea.software_licence,
        "contact_name": idea.contact_name,
        "contact_email": idea.contact_email,
        "co_organisations": list(idea.co_organisations.all()),
    }


class StageMoveField(forms.ChoiceField):
    """The stages an idea may move to now, from the one stage rule
    (ideas.models.allowed_next_stages), grouped by kind of move and offered by name; another
    stage is refused with the rule's explanation, in names only."""

    def __init__(self, *, idea: Idea, **kwargs: Any) -> None:
        allowed = idea.allowed_next_stages()
        if idea.stage == Stage.DISCONTINUED:
            groups = [(_("Resume the work at"), allowed)]
            initial = idea.stage_before_discontinued or None
        else:
            here = STAGE_ORDER.index(idea.stage)
            groups = [
                (_("Next stage"), [s for s in allowed if s in STAGE_ORDER[here + 1 :]]),
                (_("Back to an earlier stage"), [s for s in allowed if s in STAGE_ORDER[:here]]),
                (_("Stop the work"), [s for s in allowed if s == Stage.DISCONTINUED]),
            ]
            initial = next(iter(groups[0][1]), None)
        choices = [
            (label, [(s, Stage(s).label) for s in stages]) for label, stages in groups if stages
        ]
        super().__init__(choices=choices, initial=initial, **kwargs)
        self.idea = idea

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise forms.ValidationError(
                _("%(current)s cannot move to %(stage)s. Allowed next stages: %(allowed)s.")
                % {
                    "current": Stage(self.idea.stage).label,
                    "stage": Stage(value).label if value in Stage.values else str(value)[:40],
                    "allowed": ", ".join(
                        str(Stage(s).label) for s in self.idea.allowed_next_stages()
                    ),
                },
                code="invalid_choice",
            )
        super().validate(value)


class StageForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the idea moves: what you learned, what was decided."),
    )

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"stage": StageMoveField(idea=idea, label=_("New stage")), **self.fields}


class EvidenceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=STAGE_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What you learned"),
        required=False,
        max_length=20_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Target group descriptions, insights, analysis notes or the concept. You can format the "
            "text as in the description."
        ),
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, images, Office or OpenDocument files, text or CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    fact = forms.IntegerField(
        label=_("Fact to cite"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "The number of a figure on an organisation's fact page (the “No.” column). "
            "Its value, year and source are shown with the evidence."
        ),
    )


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Our organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    status = forms.ChoiceField(
        label=_("How far have you come?"),
        choices=Adoption.Status.choices,
        widget=forms.RadioSelect,
        initial=Adoption.Status.INTERESTED,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you reuse and how, so that others can learn from it."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=100)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name")
        if len(organisations) == 1:
            field.initial = organisations[0].slug
            field.widget = forms.HiddenInput()


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete the idea with its stage history, evidence and adoptions."),
        required=True,
    )

"""Forms of the citizen proposal pages. They only collect input; the rules live in
proposals.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from frontend.forms import PageFilterSet
from proposals.api.filters import ProposalFilter
from proposals.models import MAX_ANSWER, MAX_BODY, MAX_TITLE, AnswerKind, Status

_MARKDOWN_HELP = _("You can format the text: **bold**, *italic*, lists and links.")


class ProposalListFilter(PageFilterSet, ProposalFilter):
    """The proposal list page's filters: the API's ProposalFilter, labelled for the page."""

    shown = {
        "organisation": (_("Municipality"), _("All municipalities")),
        "county": (_("County"), _("All counties")),
        "status": (_("Status"), _("All statuses")),
    }

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        # Every municipality (a proposal goes to one), not those the rows use: finding
        # those read the whole table on every visit (bench/proposals.py).
        municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
            "name"
        )
        return {"organisation": [(o.slug, o.name) for o in municipalities]}


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("Your proposal"),
        help_text=_MARKDOWN_HELP,
        max_length=MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    show_name = forms.BooleanField(
        label=_("Show my name with the proposal"),
        required=False,
        help_text=_("Otherwise it is shown as from a resident, without your name."),
    )


class CitationCheckbox(forms.CheckboxInput):
    """A checkbox whose value is the id of what the proposal cites: checked, the browser
    sends the id; unchecked, nothing, and the proposal is sent without it (no script)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


#: The cited things a proposal may carry: form field -> its label in error summaries.
CITATIONS = {"place": _("Place"), "fact": _("Fact")}


class ProposalCreateForm(ProposalForm):
    """The proposal, and what it cites: a place and a fact, each a field only when the
    link or the form sent one (`cited`: field -> id); `shown` holds the cited place and
    fact the page may name (public ones), for the labels of their checkboxes."""

    organisation = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose a municipality"),
    )
    field_order = ["organisation", "title", "body", "show_name"]

    def __init__(
        self,
        *args: Any,
        cited: dict[str, str] | None = None,
        shown: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown or {}
        for name, label in CITATIONS.items():
            if name in (cited or {}):
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    max_value=2**63 - 1,
                    widget=CitationCheckbox,
                    initial=(cited or {})[name],
                )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in CITATIONS]

    def cited_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in CITATIONS]


class ProposalStatusForm(forms.Form):
    """Members of the municipality: move the proposal to "being considered"."""

    status = forms.CharField(widget=forms.HiddenInput, initial=Status.CONSIDERING)


class ProposalAnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("The answer, with the reasons"),
        help_text=_MARKDOWN_HELP,
        max_length=MAX_ANSWER,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    idea = forms.IntegerField(
        label=_("Idea number (optional)"),
        required=False,
        min_value=1,
        help_text=_(
            "When the proposal turns into an idea: the number of one of the municipality's "
            "ideas. Leave empty to make a new idea from the proposal."
        ),
    )

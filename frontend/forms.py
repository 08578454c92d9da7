from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation, User


class PageFilterSet(django_filters.FilterSet):
    """A list page's filters: mixed in before the API's filter set, whose parameters and
    checks the page then has (a wrong value gets the API's message), with the set's own
    form labelled for the page as it is made.

    `shown` names the filters the page offers, in order, each with its label and the label
    of "any" (None: no such choice); the set's other filters still act on the list but are
    hidden fields, which the templates leave out. `offered()` gives a filter the choices the
    page's own rows use, so no choice leads to an empty list; the filter still takes any
    value, as in the API.
    """

    shown: ClassVar[dict[str, tuple[Any, Any]]] = {}

    def offered(self) -> dict[str, list[tuple[Any, Any]]]:
        return {}

    def page(self, number: str | None, per_page: int = 20) -> Page:
        """One page of what the filters give; nothing for a wrong value (the form says why)."""
        rows = self.qs if self.is_valid() else self.queryset.none()
        return Paginator(rows, per_page).get_page(number)

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            _label_for_page(super().form, self.shown, self.offered())
        return self._form  # type: ignore[no-any-return]


def _label_for_page(
    form: forms.Form, shown: dict[str, tuple[Any, Any]], offered: dict[str, list[tuple[Any, Any]]]
) -> None:
    for name, field in form.fields.items():
        if name not in shown:
            field.widget = forms.HiddenInput()
            continue
        field.label, any_label = shown[name]
        # The filter's help text documents the API parameter; the page's label says it all.
        field.help_text = ""
        if name in offered or hasattr(field, "choices"):
            options = offered.get(name)
            if options is None:
                options = [(value, text) for value, text in field.choices if value != ""]  # type: ignore[attr-defined]
            empty = [("", any_label)] if any_label else []
            field.widget = forms.Select(choices=[*empty, *options])
    form.order_fields(list(shown))


class DecimalField(forms.DecimalField):
    """A decimal number as people write it: "1,5" and "1.5" are both one and a half, in
    Swedish and in English, and a stored value is shown back with the page language's
    decimal sign ("1,5" / "1.5", "2" for 2.0). A text field with a decimal keypad, not a
    number field: Chromium's number field reads "1,5" as 15 in an English browser."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # as the stubs
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            # One comma and no point: a decimal comma. Anything else is left to the number
            # check, so "1,5,0" or "1.5,0" is an error, not a guess.
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)  # type: ignore[no-any-return]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = format(Decimal(str(value)).normalize(), "f")
            return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))
        return value


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        required=False,
        queryset=County.objects.all(),
        empty_label=_("All counties"),
        to_field_name="code",
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]
        help_texts = {
            "display_name": _(
                "Shown next to what you write. Leave empty to appear as an anonymous user."
            ),
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and personal data will be deleted and cannot be restored."
        ),
        required=True,
    )
    # A dialogue contribution may say where someone lives: removed unless the person chooses
    # to leave it anonymised (accounts.personal_data's anonymisers).
    dialogue_contributions = forms.ChoiceField(
        label=_("My contributions to citizen dialogues"),
        choices=[
            ("remove", _("Remove them")),
            (
                "anonymise",
                _(
                    "Keep them without my name, account or exact point (the answers and the area stay)"
                ),
            ),
        ],
        initial="remove",
        required=False,
        widget=forms.RadioSelect,
    )

    def anonymise(self) -> list[str]:
        """What the person chose to leave behind anonymised."""
        if self.cleaned_data.get("dialogue_contributions") == "anonymise":
            return ["dialogue_contributions"]
        return []

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation, User


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

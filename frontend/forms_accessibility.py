"""The form on the accessibility statement: report a problem to the platform staff."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accessibility.models import MAX_DESCRIPTION, MAX_PAGE


class ProblemReportForm(forms.Form):
    description = forms.CharField(
        label=_("What does not work?"),
        help_text=_(
            "Say what you tried to do and what happened. If it matters, say what you use, "
            "such as a screen reader, magnification or only the keyboard."
        ),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Describe the problem, so we can fix it."),
            "max_length": _("Keep the description under 5,000 characters."),
        },
    )
    page = forms.CharField(
        label=_("Where on the site?"),
        help_text=_("The page's address or name, if you know it."),
        max_length=MAX_PAGE,
        required=False,
        error_messages={"max_length": _("Keep the address or name under 500 characters.")},
    )
    reply_to = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("If you want an answer. Only the platform staff see it."),
        required=False,
        error_messages={
            "invalid": _("Write the e-mail address as name@example.se, or leave it empty.")
        },
    )

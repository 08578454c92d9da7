"""Forms of the comment pages. They only collect input; the rules live in comments.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.models import MAX_BODY, MAX_REASON


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        help_text=_(
            "You can format the text: **bold**, *italic*, lists and links. At most 10,000 characters."
        ),
        max_length=MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(forms.Form):
    """A form without fields: the button is the confirmation."""

"""Staff edit the thesaurus here: changes apply to the next search, on every backend."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from search.models import ThesaurusGroup, _lines
from search.thesaurus import as_rule_dict, groups_check


class ThesaurusGroupForm(forms.ModelForm):
    class Meta:
        model = ThesaurusGroup
        fields = ["key", "terms", "english", "broader", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        terms = _lines(data.get("terms") or "")
        if not terms:
            self.add_error("terms", _("A group needs at least one Swedish term."))
            return data
        broader = data.get("broader")
        edited = as_rule_dict(
            data["key"],
            terms,
            _lines(data.get("english") or ""),
            broader.key if broader else None,
            data.get("source") or "",
        )
        problems = groups_check(edited, replacing=self.instance.key if self.instance.pk else None)
        if problems:
            raise forms.ValidationError(
                [forms.ValidationError(_("%(problem)s"), params={"problem": p}) for p in problems]
            )
        return data


@admin.register(ThesaurusGroup)
class ThesaurusGroupAdmin(admin.ModelAdmin):
    form = ThesaurusGroupForm
    list_display = ["key", "__str__", "broader", "updated_at"]
    search_fields = ["key", "terms", "english"]
    autocomplete_fields = ["broader"]
    list_filter = [("broader", admin.EmptyFieldListFilter)]

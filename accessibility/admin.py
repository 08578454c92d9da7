from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accessibility import services
from accessibility.models import ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "created_at", "reply_to", "reporter", "is_handled"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter), "language"]
    search_fields = ["description", "page", "reply_to"]
    date_hierarchy = "created_at"
    fields = [
        "description",
        "page",
        "reply_to",
        "reporter",
        "language",
        "created_at",
        "handled_at",
        "staff_note",
    ]
    # What the sender wrote stays as they wrote it; staff add a note and mark it handled.
    readonly_fields = ["description", "page", "reply_to", "reporter", "language", "created_at"]
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(boolean=True, description=_("handled"), ordering="handled_at")
    def is_handled(self, report: ProblemReport) -> bool:
        return report.handled_at is not None

    @admin.action(description=_("Mark the selected reports as handled"))
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = services.problem_reports_mark_handled(reports=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as handled.", "%(count)d reports marked as handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

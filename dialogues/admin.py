"""Dialogues are read here; they are created and managed by their municipality's team
(pages and API), whose checks live in dialogues.services."""

from django.contrib import admin

from dialogues.models import Contribution, Dialogue


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = [f.name for f in Dialogue._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    # Exact points are personal data: the admin shows only the coarse cell and the pseudonym.
    list_display = ["id", "dialogue", "number", "is_gold", "hidden_at", "created_at"]
    list_filter = ["is_gold"]
    fields = ("dialogue", "number", "answers", "area", "village", "is_gold", "hidden_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

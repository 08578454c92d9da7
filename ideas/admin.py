"""Platform staff's view of ideas. Stage changes are read-only here: moves go through the
stage form or the API, so the rule and the history are kept."""

from django.contrib import admin

from hub.markdown import render_markdown
from ideas.models import Adoption, Evidence, Follow, Idea, StageChange, Tag, TargetGroup


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "note", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["stage", "title", "link", "file_name", "created_by", "created_at"]
    readonly_fields = ["file_name", "created_by", "created_at"]


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    raw_id_fields = ["organisation", "created_by"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "stage", "visibility", "adoption_count"]
    list_filter = ["kind", "stage", "visibility", "category"]
    search_fields = ["title", "summary", "organisation__name"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["co_organisations", "tags", "target_groups"]
    readonly_fields = ["stage", "stage_before_discontinued", "adoption_count", "follower_count"]
    inlines = [StageChangeInline, EvidenceInline, AdoptionInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.body_html = render_markdown(obj.body)  # the same rendering the services use
        super().save_model(request, obj, form, change)


@admin.register(Tag, TargetGroup)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "idea", "created_at"]
    raw_id_fields = ["user", "idea"]

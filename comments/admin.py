"""Platform staff's view of comments. Moderation itself goes through the moderation page
or the API, so that flags are resolved, authors told and live threads updated."""

from django.contrib import admin

from comments.models import Comment, Flag


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    raw_id_fields = ["user", "resolved_by"]
    readonly_fields = ["created_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "idea", "author", "created_at", "deleted_at", "hidden_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "idea__title"]
    raw_id_fields = ["idea", "prototype", "parent", "root", "author", "deleted_by", "hidden_by"]
    readonly_fields = ["body_html", "created_at", "edited_at", "client_id"]
    inlines = [FlagInline]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "created_at", "resolved_at"]
    raw_id_fields = ["comment", "user", "resolved_by"]

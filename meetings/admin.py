from django.contrib import admin

from meetings.models import Meeting, MeetingReport


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "dialogue", "starts_at", "mode", "capacity")
    list_filter = ("mode",)
    search_fields = ("title",)
    raw_id_fields = ("dialogue", "focus_group", "created_by")


@admin.register(MeetingReport)
class MeetingReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("meeting", "attendees", "updated_at")
    raw_id_fields = ("meeting", "written_by")

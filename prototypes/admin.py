from django.contrib import admin

from prototypes.models import (
    ConsentText,
    Feedback,
    Finding,
    Participation,
    Prototype,
    PrototypeImage,
    TestRound,
)


class PrototypeImageInline(admin.TabularInline):
    model = PrototypeImage
    extra = 0


@admin.register(Prototype)
class PrototypeAdmin(admin.ModelAdmin):
    list_display = ["label", "idea", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["label", "idea__title"]
    raw_id_fields = ["idea", "created_by"]
    inlines = [PrototypeImageInline]


class ConsentTextInline(admin.TabularInline):
    model = ConsentText
    extra = 0
    readonly_fields = ["version", "text", "created_at"]
    can_delete = False


@admin.register(TestRound)
class TestRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "prototype", "status", "capacity", "consent_version", "starts_at"]
    list_filter = ["status", "remote"]
    search_fields = ["title", "prototype__idea__title"]
    raw_id_fields = ["prototype", "created_by", "target_group"]
    readonly_fields = ["consent_version", "last_participant_number"]
    inlines = [ConsentTextInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    # Platform staff are the only ones who see who a participant is.
    list_display = ["round", "number", "user", "consent_version", "consented_at"]
    raw_id_fields = ["round", "user"]
    readonly_fields = ["consent_version", "consented_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["participation", "sus_score", "updated_at"]
    raw_id_fields = ["participation"]
    readonly_fields = ["sus_score"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["round", "severity", "description", "addressed_in"]
    list_filter = ["severity"]
    raw_id_fields = ["round", "feedback", "addressed_in", "created_by"]

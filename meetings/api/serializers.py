from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hub.api.fields import id_field
from meetings import selectors
from meetings.models import Meeting, MeetingReport, Registration


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as DESIGN.md shapes it. `link` is null unless the caller may see it (a
    registered person, the team); `registration` is the caller's own status or null.
    Needs `registrations` (meeting id -> the caller's Registration) and `user` in context."""

    dialogue = serializers.IntegerField(source="dialogue_id", read_only=True)
    focus_group = serializers.IntegerField(source="focus_group_id", read_only=True, allow_null=True)
    link = serializers.SerializerMethodField()
    registered = serializers.SerializerMethodField()
    waitlisted = serializers.SerializerMethodField()
    registration = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "dialogue",
            "focus_group",
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "location",
            "link",
            "capacity",
            "registered",
            "waitlisted",
            "registration",
            "consent_text",
            "consent_version",
            "cancelled_at",
            "cancellation_reason",
            "calendar",
            "url",
        ]
        read_only_fields = fields

    def _own(self, obj: Meeting) -> Registration | None:
        return self.context.get("registrations", {}).get(obj.pk)

    def get_link(self, obj: Meeting) -> str | None:
        if not obj.is_digital:
            return None
        own = self._own(obj)
        return obj.link if selectors.may_see_link(self.context["user"], obj, own) else None

    def get_registered(self, obj: Meeting) -> int:
        return int(getattr(obj, "registered_count", 0))

    def get_waitlisted(self, obj: Meeting) -> int:
        return int(getattr(obj, "waitlisted_count", 0))

    def get_registration(self, obj: Meeting) -> str | None:
        own = self._own(obj)
        return own.status if own is not None and own.is_active else None

    def get_calendar(self, obj: Meeting) -> str:
        return f"/api/v1/meetings/{obj.pk}/calendar.ics"

    def get_url(self, obj: Meeting) -> str:
        return obj.get_absolute_url()


class MeetingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Meeting.Mode.choices)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=100_000)
    focus_group = id_field(required=False, allow_null=True, default=None)
    consent_text = serializers.CharField(
        max_length=10_000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What people agree to when they register; a standard text when empty."),
    )


class MeetingUpdateSerializer(MeetingCreateSerializer):
    """A PATCH of a meeting: any of the fields of a new meeting; those left out stay as they
    are (`focus_group: null` is the whole dialogue)."""


class MeetingCancelRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000,
        help_text=_(
            "Why the meeting is cancelled; shown on its page and e-mailed to those registered."
        ),
    )


class RegistrationRequestSerializer(serializers.Serializer):
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Must be true: you agree to the meeting's consent text."),
    )
    consent_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The consent text version you read; refused if it has changed since."),
    )
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only for a meeting of a focus group with an age range: your birth year."),
    )


class RegistrationSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    pseudonym = serializers.CharField(read_only=True)

    class Meta:
        model = Registration
        fields = ["meeting", "status", "pseudonym", "consent_version", "consented_at", "birth_year"]
        read_only_fields = fields


class RegistrantSerializer(serializers.ModelSerializer):
    """What the team sees of a registration: the pseudonym, not the person."""

    pseudonym = serializers.CharField(read_only=True)

    class Meta:
        model = Registration
        fields = ["pseudonym", "status", "position", "created_at"]
        read_only_fields = fields


class MeetingReportSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)

    class Meta:
        model = MeetingReport
        fields = ["meeting", "attendees", "notes", "updated_at"]
        read_only_fields = ["meeting", "updated_at"]


class MeetingReportRequestSerializer(serializers.Serializer):
    attendees = serializers.IntegerField(min_value=0, max_value=100_000)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")


def meeting_context(user: Any, meetings: list[Meeting]) -> dict[str, Any]:
    """The serializer context for these meetings: the caller and their registrations."""
    return {"user": user, "registrations": selectors.registrations_by_meeting(user, meetings)}

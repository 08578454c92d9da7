"""Shapes of notifications in the API. No domain logic here."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from hub.api.fields import id_field
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True)
    actor = serializers.SerializerMethodField()
    unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "message",
            "actor",
            "idea",
            "proposal",
            "url",
            "excerpt",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_actor(self, obj: Notification) -> str | None:
        return obj.actor.public_name if obj.actor else None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=id_field(),
        required=False,
        max_length=500,
        help_text="Notification ids to mark read.",
    )
    all = serializers.BooleanField(
        required=False, default=False, help_text="Mark every notification read."
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("all") and "ids" not in attrs:
            raise serializers.ValidationError(
                {"ids": [_('Give the ids to mark read, or {"all": true}.')]}
            )
        return attrs


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread_count = serializers.IntegerField()

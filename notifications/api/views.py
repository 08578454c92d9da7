"""The signed-in user's notifications: list them, mark them read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from notifications import selectors, services
from notifications.api.serializers import (
    MarkReadResultSerializer,
    MarkReadSerializer,
    NotificationSerializer,
)


def _unread_param(request: Request) -> bool | None:
    value = request.query_params.get("unread")
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes"}:
        return True
    if lowered in {"0", "false", "no"}:
        return False
    raise serializers.ValidationError({"unread": [_("Use unread=true or unread=false.")]})


@tagged("notifications")
@extend_schema(
    summary="My notifications",
    description=(
        "Newest first, paginated. `?unread=true` for unread ones only, `?unread=false` for read "
        "ones. Notifications about ideas you can no longer see are left out."
    ),
    parameters=[OpenApiParameter("unread", bool, required=False)],
)
class NotificationListView(ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.notifications_for(self.request.user, unread=_unread_param(self.request))


@tagged("notifications")
class NotificationReadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mark notifications read",
        description='`{"ids": [1, 2]}` marks those; `{"all": true}` marks every one.',
        request=MarkReadSerializer,
        responses={200: MarkReadResultSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(MarkReadSerializer, request.data)
        user = signed_in_user(request)
        ids = None if data.get("all") else data["ids"]
        marked = services.notifications_mark_read(user=user, ids=ids)
        return Response({"marked": marked, "unread_count": selectors.unread_count(user)})

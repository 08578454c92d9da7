"""Reads about notifications: a person's own, about ideas and proposals they may still see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hub.auth import is_signed_in
from ideas.models import Idea
from notifications.models import Notification
from proposals.models import Proposal

if TYPE_CHECKING:
    from hub.auth import Viewer


def notifications_for(user: Viewer, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications, newest first; those about ideas they can no longer see
    are left out, like everywhere else."""
    if not is_signed_in(user):
        return Notification.objects.none()
    rows = (
        Notification.objects.filter(recipient=user)
        .filter(Q(idea__isnull=True) | Q(idea__in=Idea.objects.visible_to(user)))
        .filter(Q(proposal__isnull=True) | Q(proposal__in=Proposal.objects.visible_to(user)))
    )
    if unread is True:
        rows = rows.filter(read_at__isnull=True)
    elif unread is False:
        rows = rows.filter(read_at__isnull=False)
    return rows.select_related("actor", "idea", "proposal").order_by("-created_at", "-id")


def unread_count(user: Viewer) -> int:
    """How many unread notifications the user has (for the navigation)."""
    return notifications_for(user, unread=True).count()

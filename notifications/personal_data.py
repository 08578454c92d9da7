"""What notifications hold about a person: their own list. It goes with the account."""

from __future__ import annotations

from typing import Any

from notifications.models import Notification


def export(user: Any) -> list[dict[str, Any]]:
    """The user's notifications, newest first."""
    return [
        {
            "kind": n.kind,
            "message": n.message(),
            "url": n.url,
            "excerpt": n.excerpt,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in Notification.objects.filter(recipient=user).select_related("actor", "idea")
    ]


def erase(user: Any) -> None:
    """Delete the user's notifications; notifications others got about the user's actions
    keep only the anonymised name."""
    Notification.objects.filter(recipient=user).delete()

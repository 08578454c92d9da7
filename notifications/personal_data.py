"""What notifications hold about a person: their own list. It goes with the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ideas.selectors import idea_ids_visible_to
from notifications.models import Notification

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    """The user's notifications, newest first. One about an idea the user may no longer see
    keeps its kind and times, but not the idea's title, who acted, the link or the excerpt
    (others' words in the hidden thread; see accounts.personal_data)."""
    rows = list(
        Notification.objects.filter(recipient=user).select_related("actor", "idea", "proposal")
    )
    visible = idea_ids_visible_to(user, [n.idea_id for n in rows])
    result = []
    for n in rows:
        shown = n.idea_id is None or n.idea_id in visible
        result.append(
            {
                "kind": n.kind,
                "message": n.message()
                if shown
                else _("About an idea you can no longer see: %(kind)s")
                % {"kind": n.get_kind_display()},
                "url": n.url if shown else "",
                "excerpt": n.excerpt if shown else "",
                "idea_visible": shown,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
        )
    return result


def erase(user: User) -> None:
    """Delete the user's notifications; notifications others got about the user's actions
    keep only the anonymised name."""
    Notification.objects.filter(recipient=user).delete()

"""What comments hold about a person, for the export and for account deletion.

Comments and flags stay when an account is deleted: they are part of a shared discussion
and are shown under the anonymised user's public name ("Deleted user"). What only linked
them to the person's devices (the client-chosen ids) goes.
"""

from __future__ import annotations

from typing import Any

from comments.models import Comment, Flag


def export(user: Any) -> dict[str, Any]:
    """Comments the user wrote (with the text, also when a moderator hid it) and the flags
    they raised."""
    return {
        "comments_written": [
            {
                "id": c.pk,
                "idea": c.idea_id,
                "parent": c.parent_id,
                "prototype": c.prototype_id,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "deleted": c.deleted,
                "hidden": c.hidden,
                "hidden_reason": c.hidden_reason,
            }
            for c in Comment.objects.filter(author=user).order_by("id")
        ],
        "comments_flagged": [
            {
                "comment": f.comment_id,
                "reason": f.reason,
                "created_at": f.created_at.isoformat(),
                "resolved": f.resolved_at is not None,
            }
            for f in Flag.objects.filter(user=user).order_by("id")
        ],
    }


def erase(user: Any) -> None:
    """Keep the comments (under the anonymised name); forget the client-chosen ids."""
    Comment.objects.filter(author=user, client_id__isnull=False).update(client_id=None)

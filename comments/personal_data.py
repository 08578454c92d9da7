"""What comments hold about a person, for the export and for account deletion.

Comments and flags stay when an account is deleted: they are part of a shared discussion
and are shown under the anonymised user's public name ("Deleted user"). What only linked
them to the person's devices (the client-chosen ids) goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from comments.models import Comment, Flag
from dialogues.models import Contribution
from dialogues.selectors import dialogues_visible_to
from ideas.selectors import idea_ids_visible_to
from proposals.models import Proposal
from prototypes.selectors import prototypes_visible_to

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> dict[str, Any]:
    """Comments the user wrote (with the text, also when a moderator hid it) and the flags
    they raised. On an idea the user may no longer see, the comment or flag keeps the user's
    own words; the ids that point into the hidden thread are null (see
    accounts.personal_data)."""
    comments = list(Comment.objects.filter(author=user).order_by("id"))
    flags = list(Flag.objects.filter(user=user).select_related("comment").order_by("id"))
    visible: set[int | None] = set(
        idea_ids_visible_to(
            user,
            [c.idea_id for c in comments if c.idea_id]
            + [f.comment.idea_id for f in flags if f.comment and f.comment.idea_id],
        )
    )
    # A proposal's thread: by the proposals' rule (ids of another table, kept apart).
    proposals = set(
        Proposal.objects.visible_to(user)
        .filter(
            pk__in={c.proposal_id for c in comments if c.proposal_id}
            | {f.proposal_id for f in flags if f.proposal_id}
            | {f.comment.proposal_id for f in flags if f.comment and f.comment.proposal_id}
        )
        .values_list("pk", flat=True)
    )

    # A dialogue contribution: named while it is in a dialogue the user sees, and not hidden.
    contributions = set(
        Contribution.objects.filter(
            pk__in={f.contribution_id for f in flags if f.contribution_id},
            dialogue__in=dialogues_visible_to(user),
            hidden_at__isnull=True,
        ).values_list("pk", flat=True)
    )

    def shown(comment: Comment) -> bool:
        if comment.idea_id is not None:
            return comment.idea_id in visible
        return comment.proposal_id in proposals

    prototypes = set(
        prototypes_visible_to(user)
        .filter(pk__in={c.prototype_id for c in comments if c.prototype_id})
        .values_list("pk", flat=True)
    )
    return {
        "comments_written": [
            {
                "id": c.pk,
                "idea": c.idea_id if shown(c) else None,
                "proposal": c.proposal_id if shown(c) else None,
                "idea_visible": shown(c),
                "parent": c.parent_id if shown(c) else None,
                # A draft version is the team's: named only while the user may see it.
                "prototype": c.prototype_id if c.prototype_id in prototypes else None,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "deleted": c.deleted,
                "hidden": c.hidden,
                "hidden_reason": c.hidden_reason,
            }
            for c in comments
        ],
        "comments_flagged": [
            {
                "comment": f.comment_id if f.comment and shown(f.comment) else None,
                "proposal": f.proposal_id if f.proposal_id in proposals else None,
                "contribution": f.contribution_id if f.contribution_id in contributions else None,
                "idea_visible": shown(f.comment)
                if f.comment
                else (f.proposal_id in proposals or f.contribution_id in contributions),
                "reason": f.reason,
                "created_at": f.created_at.isoformat(),
                "resolved": f.resolved_at is not None,
            }
            for f in flags
        ],
    }


def erase(user: User) -> None:
    """Keep the comments (under the anonymised name); forget the client-chosen ids."""
    Comment.objects.filter(author=user, client_id__isnull=False).update(client_id=None)

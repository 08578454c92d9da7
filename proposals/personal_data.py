"""What citizen proposals hold about a person, for the export and for account deletion.

A proposal stays when its proposer's account is deleted: it was sent to a municipality,
which may have answered it, and others said "me too", followed and commented. It is kept
anonymised: the link to the account goes and the name is no longer shown. "Me too" and
follows are the person's own and go with the account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from proposals.models import MeToo, Proposal, ProposalFollow

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> dict[str, Any]:
    """Proposals the user sent (with the answer they got), proposals they said me too to
    and those they follow. A proposal the user may no longer see (hidden by a moderator,
    withdrawn by its proposer) is not named in the last two."""
    sent = list(Proposal.objects.filter(author=user).select_related("organisation", "place"))
    me_too = list(MeToo.objects.filter(user=user))
    follows = list(ProposalFollow.objects.filter(user=user))
    visible = set(
        Proposal.objects.visible_to(user)
        .filter(pk__in={row.proposal_id for row in me_too} | {row.proposal_id for row in follows})
        .values_list("pk", flat=True)
    )
    return {
        "proposals_sent": [
            {
                "id": p.pk,
                "organisation": p.organisation.slug,
                "title": p.title,
                "body": p.body,
                "show_name": p.show_name,
                "place": p.place_id,
                "status": p.status,
                "answer_kind": p.answer_kind,
                "answer": p.answer,
                "answered_at": p.answered_at.isoformat() if p.answered_at else None,
                "idea": p.idea_id,
                "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
                "hidden": p.hidden,
                "hidden_reason": p.hidden_reason,
                "created_at": p.created_at.isoformat(),
            }
            for p in sent
        ],
        "proposals_me_too": [
            {
                "proposal": row.proposal_id if row.proposal_id in visible else None,
                "proposal_visible": row.proposal_id in visible,
                "created_at": row.created_at.isoformat(),
            }
            for row in me_too
        ],
        "proposals_followed": [
            {
                "proposal": row.proposal_id if row.proposal_id in visible else None,
                "proposal_visible": row.proposal_id in visible,
                "created_at": row.created_at.isoformat(),
            }
            for row in follows
        ],
    }


def erase(user: User) -> None:
    """Keep the user's proposals, anonymised (no author, no name shown); their "me too"s
    and follows go, and the counts are recounted."""
    Proposal.objects.filter(author=user).update(author=None, show_name=False)
    touched = list(MeToo.objects.filter(user=user).values_list("proposal_id", flat=True))
    MeToo.objects.filter(user=user).delete()
    ProposalFollow.objects.filter(user=user).delete()
    for proposal_id in touched:
        Proposal.objects.filter(pk=proposal_id).update(
            me_too_count=MeToo.objects.filter(proposal_id=proposal_id).count()
        )

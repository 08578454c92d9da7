"""What the ideas capability holds about a person, for the export and for account deletion.

Ideas, stage changes, evidence and adoptions stay when an account is deleted: they belong
to the organisation's shared work and are shown under the anonymised user's public name.
Follows are the person's own and go with the account, and contact details that are the
person's e-mail address are cleared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ideas.models import Adoption, Evidence, Follow, Idea, StageChange
from ideas.selectors import idea_ids_visible_to

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> dict[str, Any]:
    """Ideas the user created, stage changes and evidence by them, adoptions they recorded,
    ideas they follow. An idea the user may no longer see is not named (see
    accounts.personal_data): the entry keeps the user's own part, the idea's id and what is
    read from it now are null."""
    ideas = list(Idea.objects.filter(created_by=user).select_related("organisation"))
    changes = list(StageChange.objects.filter(changed_by=user))
    evidence = list(Evidence.objects.filter(created_by=user))
    adoptions = list(Adoption.objects.filter(created_by=user).select_related("organisation"))
    follows = list(Follow.objects.filter(user=user))
    visible = idea_ids_visible_to(
        user,
        [i.pk for i in ideas]
        + [row.idea_id for rows in (changes, evidence, adoptions, follows) for row in rows],
    )

    def idea_ref(idea_id: int) -> dict[str, Any]:
        shown = idea_id in visible
        return {"idea": idea_id if shown else None, "idea_visible": shown}

    return {
        "ideas_created": [_created(user, idea, idea.pk in visible) for idea in ideas],
        "stage_changes": [
            {
                **idea_ref(change.idea_id),
                "from": change.from_stage,
                "to": change.to_stage,
                "note": change.note,
                "changed_at": change.changed_at.isoformat(),
            }
            for change in changes
        ],
        "evidence_added": [
            {
                **idea_ref(item.idea_id),
                "stage": item.stage,
                "title": item.title,
                "file_name": item.file_name,
                "created_at": item.created_at.isoformat(),
            }
            for item in evidence
        ],
        # The adopting organisation's record (its status, note and contact), not the idea's.
        "adoptions_recorded": [
            {
                **idea_ref(adoption.idea_id),
                "organisation": adoption.organisation.slug,
                "status": adoption.status,
                "note": adoption.note,
                "contact_name": adoption.contact_name,
                "contact_email": adoption.contact_email,
                "created_at": adoption.created_at.isoformat(),
            }
            for adoption in adoptions
        ],
        "follows": [
            {**idea_ref(follow.idea_id), "since": follow.created_at.isoformat()}
            for follow in follows
        ],
    }


def _created(user: User, idea: Idea, visible: bool) -> dict[str, Any]:
    """An idea the user created. Once they may no longer see it (they left its organisation)
    its title, stage and contact are the organisation's current ones, perhaps written by
    others since: only the fact, the time and the user's own address as its contact stay."""
    if not visible:
        own_contact = bool(user.email) and idea.contact_email.lower() == user.email.lower()
        return {
            "id": None,
            "title": None,
            "organisation": None,
            "visibility": None,
            "stage": None,
            "contact_name": idea.contact_name if own_contact else None,
            "contact_email": idea.contact_email if own_contact else None,
            "created_at": idea.created_at.isoformat(),
            "visible": False,
        }
    return {
        "id": idea.pk,
        "title": idea.title,
        "organisation": idea.organisation.slug,
        "visibility": idea.visibility,
        "stage": idea.stage,
        "contact_name": idea.contact_name,
        "contact_email": idea.contact_email,
        "created_at": idea.created_at.isoformat(),
        "visible": True,
    }


def erase(user: User) -> None:
    """Remove the user's follows (recounting followers) and contact details that are theirs."""
    from ideas.services import follow_remove

    for follow in Follow.objects.filter(user=user).select_related("idea"):
        follow_remove(user=user, idea=follow.idea)
    if user.email:
        for idea in Idea.objects.filter(contact_email__iexact=user.email):
            idea.contact_email = ""
            idea.contact_name = ""
            idea.save(update_fields=["contact_email", "contact_name"])
        Adoption.objects.filter(contact_email__iexact=user.email).update(
            contact_email="", contact_name=""
        )

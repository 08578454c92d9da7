"""What the ideas capability holds about a person, for the export and for account deletion.

Ideas, stage changes, evidence and adoptions stay when an account is deleted: they belong
to the organisation's shared work and are shown under the anonymised user's public name.
Follows are the person's own and go with the account, and contact details that are the
person's e-mail address are cleared.
"""

from __future__ import annotations

from typing import Any

from ideas.models import Adoption, Evidence, Follow, Idea, StageChange


def export(user: Any) -> dict[str, Any]:
    """Ideas the user created, stage changes and evidence by them, adoptions they recorded,
    ideas they follow."""
    return {
        "ideas_created": [
            {
                "id": idea.pk,
                "title": idea.title,
                "organisation": idea.organisation.slug,
                "visibility": idea.visibility,
                "stage": idea.stage,
                "contact_name": idea.contact_name,
                "contact_email": idea.contact_email,
                "created_at": idea.created_at.isoformat(),
            }
            for idea in Idea.objects.filter(created_by=user).select_related("organisation")
        ],
        "stage_changes": [
            {
                "idea": change.idea_id,
                "from": change.from_stage,
                "to": change.to_stage,
                "note": change.note,
                "changed_at": change.changed_at.isoformat(),
            }
            for change in StageChange.objects.filter(changed_by=user)
        ],
        "evidence_added": [
            {
                "idea": item.idea_id,
                "stage": item.stage,
                "title": item.title,
                "file_name": item.file_name,
                "created_at": item.created_at.isoformat(),
            }
            for item in Evidence.objects.filter(created_by=user)
        ],
        "adoptions_recorded": [
            {
                "idea": adoption.idea_id,
                "organisation": adoption.organisation.slug,
                "status": adoption.status,
                "note": adoption.note,
                "contact_name": adoption.contact_name,
                "contact_email": adoption.contact_email,
                "created_at": adoption.created_at.isoformat(),
            }
            for adoption in Adoption.objects.filter(created_by=user).select_related("organisation")
        ],
        "follows": [
            {"idea": follow.idea_id, "since": follow.created_at.isoformat()}
            for follow in Follow.objects.filter(user=user)
        ],
    }


def erase(user: Any) -> None:
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

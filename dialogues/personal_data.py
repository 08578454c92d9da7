"""What dialogues hold about a person, for the export and for account deletion.

A contribution may say where someone lives, so on deletion the person chooses: removed
(the default) or kept anonymised (no author, no name, the exact point replaced by its
public 250 m cell: `dialogues.services.contributions_anonymise`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialogues import services
from dialogues.models import Contribution
from dialogues.selectors import dialogues_visible_to

if TYPE_CHECKING:
    from accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    """Every contribution the person made, with the exact point they gave and the consent
    version they agreed to. A dialogue the person may no longer see (a draft again is not
    possible; kept for the rule) is not named."""
    rows = list(
        Contribution.objects.filter(author=user).select_related("dialogue", "area", "focus_group")
    )
    visible = set(
        dialogues_visible_to(user)
        .filter(pk__in={c.dialogue_id for c in rows})
        .values_list("pk", flat=True)
    )
    return [
        {
            "id": c.pk,
            "dialogue": c.dialogue_id if c.dialogue_id in visible else None,
            "dialogue_title": c.dialogue.title if c.dialogue_id in visible else None,
            "dialogue_visible": c.dialogue_id in visible,
            "prompts": c.dialogue.prompts if c.dialogue_id in visible else None,
            "answers": c.answers,
            "area": c.area.name if c.area else None,
            "village": c.village,
            "point": (
                [c.longitude, c.latitude]
                if c.longitude is not None and c.latitude is not None
                else None
            ),
            "public_point": (
                [c.coarse_longitude, c.coarse_latitude]
                if c.coarse_longitude is not None and c.coarse_latitude is not None
                else None
            ),
            "focus_group": c.focus_group.name if c.focus_group else None,
            "show_name": c.show_name,
            "pseudonym": c.pseudonym,
            "consent_version": c.consent_version,
            "consented_at": c.consented_at.isoformat(),
            "created_at": c.created_at.isoformat(),
            "hidden": c.hidden,
        }
        for c in rows
    ]


def erase(user: User) -> None:
    """Remove the person's contributions (those they chose to keep were anonymised first)."""
    services.contributions_remove(user=user)


def anonymise(user: User) -> None:
    """Keep the person's contributions without them (their choice on deletion)."""
    services.contributions_anonymise(user=user)

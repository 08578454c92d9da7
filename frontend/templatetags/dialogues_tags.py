"""The idea page's dialogues: those linked to the idea and those whose contributions became
it, as far as the viewer may see them."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from dialogues.selectors import dialogues_visible_to

register = template.Library()


@register.inclusion_tag("frontend/dialogues/_idea.html", takes_context=True)
def idea_dialogues_section(context: dict[str, Any], idea: Any) -> dict[str, Any]:
    """Dialogues that serve the idea, or from whose contributions it was made."""
    user = context["request"].user
    dialogues = (
        dialogues_visible_to(user)
        .filter(Q(idea=idea) | Q(contributions__idea=idea, contributions__hidden_at__isnull=True))
        .distinct()
        .order_by("-created_at", "-id")
    )
    return {"idea": idea, "dialogues": list(dialogues)}

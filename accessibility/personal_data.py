"""What reported accessibility problems hold about a person, for the export and deletion."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accessibility.models import ProblemReport


def export(user: Any) -> list[dict[str, Any]]:
    """The problems the user reported while signed in, newest first."""
    return [
        {
            "description": r.description,
            "page": r.page,
            "reply_to": r.reply_to,
            "sent_at": r.created_at.isoformat(),
            "handled_at": r.handled_at.isoformat() if r.handled_at else None,
        }
        for r in ProblemReport.objects.filter(reporter=user)
    ]


def erase(user: Any) -> None:
    """The reports stay (staff still need to fix what they describe); the address for an
    answer goes, on the user's reports and wherever it was the user's own address."""
    mine = Q(reporter=user)
    if user.email:
        mine |= Q(reply_to__iexact=user.email)
    ProblemReport.objects.filter(mine).exclude(reply_to="").update(reply_to="")

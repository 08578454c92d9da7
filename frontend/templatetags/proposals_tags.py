"""Template helpers for citizen proposals on other capabilities' pages: the organisation
page's open proposals and answer time, the idea page's "from a citizen proposal"."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import Organisation
from proposals import selectors

register = template.Library()

#: How many open proposals the organisation page lists (the rest: a link to the list).
OPEN_SHOWN = 5


@register.inclusion_tag("frontend/proposals/_organisation.html", takes_context=True)
def organisation_proposals(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """A municipality's open proposals and the median days it takes to answer one."""
    user = context["request"].user
    rows = selectors.open_proposals(user, organisation)
    return {
        "organisation": organisation,
        "is_municipality": organisation.kind == Organisation.Kind.MUNICIPALITY,
        "open": list(rows[:OPEN_SHOWN]),
        "open_count": rows.count(),
        "median_days": selectors.median_days_to_answer(organisation),
    }


@register.simple_tag(takes_context=True)
def proposals_behind(context: dict[str, Any], idea: Any) -> list[Any]:
    """The citizen proposals (that the reader may see) that turned into this idea."""
    user = context["request"].user
    return list(selectors.proposals_visible_to(user).filter(idea=idea).order_by("pk"))

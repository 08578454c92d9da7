"""Template helpers for the prototypes sections on shared pages (home, my account,
organisation, idea)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.db.models import Count, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format

from prototypes import selectors
from prototypes.models import Participation, TestRound

register = template.Library()


@register.filter
def idea_url(idea: Any) -> str:
    """The idea's page; its prototype list if the idea page is not there (yet)."""
    try:
        return str(idea.get_absolute_url())
    except NoReverseMatch:
        return reverse("frontend:idea_prototypes", kwargs={"idea_pk": idea.pk})


@register.filter
def minutes(seconds: float | None) -> str:
    """A task's time in minutes, as the feedback form asks for it: 90 -> "1,5" (Swedish)."""
    if seconds is None:
        return ""
    value = (Decimal(str(seconds)) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(value.to_integral() if value == value.to_integral() else value)


@register.simple_tag(takes_context=True)
def open_test_rounds(context: dict[str, Any], limit: int = 3) -> list[TestRound]:
    """Rounds open for sign-up (recruiting) that the viewer may see, soonest first."""
    return list(selectors.recruiting_rounds(context["request"].user)[:limit])


@register.simple_tag(takes_context=True)
def my_test_rounds(context: dict[str, Any]) -> list[Participation]:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(selectors.rounds_of_user(user))


@register.simple_tag(takes_context=True)
def organisation_test_rounds(context: dict[str, Any], organisation: Any) -> list[TestRound]:
    """The organisation's rounds the viewer may see (open and closed), newest first."""
    rounds = (
        selectors.rounds_visible_to(context["request"].user)
        .filter(prototype__idea__organisation=organisation)
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("-starts_at", "-id")
    )
    return list(rounds[:12])


@register.inclusion_tag("frontend/prototypes/_idea.html", takes_context=True)
def idea_prototypes_section(context: dict[str, Any], idea: Any) -> dict[str, Any]:
    """The idea page's section with prototype versions and their rounds."""
    user = context["request"].user
    prototypes = (
        selectors.prototypes_visible_to(user)
        .filter(idea=idea)
        .prefetch_related(
            Prefetch(
                "rounds",
                queryset=selectors.rounds_visible_to(user),
                to_attr="visible_rounds",
            )
        )
    )
    return {
        "idea": idea,
        "prototypes": prototypes,
        "is_team": selectors.is_team(user, idea),
        "request": context["request"],
    }

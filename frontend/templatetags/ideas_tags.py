"""Template helpers for the ideas sections on shared pages (home, organisation, my account)
and for idea pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.markdown import render_markdown
from ideas import selectors
from ideas.models import Adoption, Idea

register = template.Library()


@register.filter
def markdown(text: str, heading_base: int = 4) -> SafeString:
    """Markdown to sanitised HTML (hub.markdown), safe to output as is."""
    return mark_safe(render_markdown(text or "", heading_base=int(heading_base)))  # noqa: S308 - sanitised by nh3


@register.filter
def reuse_summary(idea: Idea) -> str:
    """ "2 organisations reuse it, 1 organisation is evaluating it": only adopters count as
    reuse (ideas.selectors.reuse_counts); the others are named as what they are."""
    counts = selectors.reuse_counts(idea)
    parts = []
    if n := counts[Adoption.Status.ADOPTED]:
        parts.append(
            ngettext("%(count)s organisation reuses it", "%(count)s organisations reuse it", n)
            % {"count": n}
        )
    if n := counts[Adoption.Status.EVALUATING]:
        parts.append(
            ngettext(
                "%(count)s organisation is evaluating it",
                "%(count)s organisations are evaluating it",
                n,
            )
            % {"count": n}
        )
    if n := counts[Adoption.Status.INTERESTED]:
        parts.append(
            ngettext(
                "%(count)s organisation is interested", "%(count)s organisations are interested", n
            )
            % {"count": n}
        )
    return ", ".join(parts) or _("No organisation reuses it yet")


@register.simple_tag(takes_context=True)
def latest_ideas(context: dict[str, Any], limit: int = 6) -> list[Idea]:
    """The newest ideas the viewer may see."""
    ideas = selectors.ideas_visible_to(context["request"].user).order_by("-created_at", "-id")
    return list(selectors.with_reuse_counts(ideas)[:limit])


@register.simple_tag(takes_context=True)
def most_reused_ideas(context: dict[str, Any], limit: int = 3) -> list[Idea]:
    """The ideas most organisations reuse, among those the viewer may see."""
    ideas = (
        selectors.ideas_visible_to(context["request"].user)
        .filter(adoption_count__gt=0)
        .order_by("-adoption_count", "-created_at", "-id")
    )
    return list(selectors.with_reuse_counts(ideas)[:limit])


@register.simple_tag(takes_context=True)
def organisation_ideas(context: dict[str, Any], organisation: Any) -> list[Idea]:
    ideas = selectors.organisation_ideas(context["request"].user, organisation)
    return list(selectors.with_reuse_counts(ideas)[:50])


@register.simple_tag(takes_context=True)
def organisation_adoptions(context: dict[str, Any], organisation: Any) -> list[Adoption]:
    return list(selectors.organisation_adoptions(context["request"].user, organisation)[:50])


@register.simple_tag(takes_context=True)
def my_ideas(context: dict[str, Any]) -> list[Idea]:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(selectors.user_ideas(user)[:20])


@register.simple_tag(takes_context=True)
def my_followed_ideas(context: dict[str, Any]) -> list[Idea]:
    return list(selectors.followed_ideas(context["request"].user)[:20])


@register.simple_tag(takes_context=True)
def may_share_ideas(context: dict[str, Any]) -> bool:
    return selectors.member_organisations(context["request"].user).exists()

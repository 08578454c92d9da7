"""Template helpers for the comment thread on the idea page and the notifications link."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from comments import selectors
from comments.models import Comment
from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("frontend/comments/_thread.html", takes_context=True)
def comment_thread(context: dict[str, Any], idea: Any) -> dict[str, Any]:
    """The idea's comment thread (two levels) with the form, ready for live updates over
    /ws/ideas/{id}/comments/; or a citizen proposal's (the same thread, its pages under
    /forslag/, live over /ws/proposals/{id}/comments/)."""
    from frontend.forms_comments import CommentForm
    from proposals.models import Proposal

    user = context["request"].user
    entries = selectors.thread(idea)
    last_id = 0
    for entry in entries:
        last_id = max([last_id, entry.comment.pk, *(r.pk for r in entry.replies)])
    is_proposal = isinstance(idea, Proposal)
    prefix = "frontend:proposal_" if is_proposal else "frontend:"
    return {
        "request": context["request"],
        "user": user,
        "idea": idea,
        "ws_path": f"/ws/{'proposals' if is_proposal else 'ideas'}/{idea.pk}/comments/",
        "names": {
            action: f"{prefix}comment_{action}"
            for action in ("post", "reply", "edit", "delete", "flag", "hide")
        },
        "thread": entries,
        "last_id": last_id,
        "can_post": selectors.can_post(user),
        "can_moderate": selectors.can_moderate(user, idea),
        "form": CommentForm(auto_id="comment-form-%s"),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def author_standing(comment: Comment) -> selectors.AuthorStanding | None:
    """What the comment's author is to the idea (None for a deleted account)."""
    return selectors.author_standing(comment)


@register.filter
def author_role_label(standing: selectors.AuthorStanding) -> str:
    """The standing as the page shows it beside the name, such as "Skellefteå, samordnare
    (idéns team)". comments.js builds the same text from the thread's data-text-role-*."""
    if standing.role == "staff":
        return _("Delahub staff")
    if standing.membership is None:
        return _("Resident")
    params = {
        "organisation": standing.membership.organisation.name,
        "role": standing.membership.get_role_display().lower(),
    }
    if standing.role == "team":
        return _("%(organisation)s, %(role)s (the idea’s team)") % params
    return _("%(organisation)s, %(role)s") % params


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """How many unread notifications the signed-in user has (0 for anonymous visitors)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_count(request.user)


@register.simple_tag(takes_context=True)
def is_moderator(context: dict[str, Any]) -> bool:
    """Whether the signed-in user moderates some threads (for the moderation link)."""
    request = context.get("request")
    return bool(request and selectors.is_moderator_anywhere(request.user))

"""The moderation queue page: what readers flagged — comments, citizen proposals and
dialogue contributions — on what the user moderates (comments/moderation.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from comments import selectors
from hub.auth import signed_in_user

PER_PAGE = 20


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    selectors.require_moderator_anywhere(user)

    def page(rows: object, parameter: str) -> object:
        return Paginator(rows, PER_PAGE).get_page(request.GET.get(parameter))  # type: ignore[arg-type]

    return render(
        request,
        "frontend/comments/moderation.html",
        {
            "page": page(selectors.moderation_queue(user), "page"),
            "proposals": page(selectors.proposal_moderation_queue(user), "proposals_page"),
            "contributions": page(
                selectors.contribution_moderation_queue(user), "contributions_page"
            ),
        },
    )

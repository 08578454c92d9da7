"""Pages for comments: the form under the idea's thread (it works without JavaScript),
reply, edit, delete, flag, hide, and the moderation queue.

Like the API and the live socket, every write goes through comments.services; views fetch
with comments.selectors (404 for what you may not see).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments import selectors, services
from comments.models import Comment
from frontend.errors import errors_on
from frontend.forms_comments import CommentForm, ConfirmForm, ReasonForm
from hub.auth import signed_in_user
from ideas.selectors import access_idea


def _safe_next(request: HttpRequest) -> str | None:
    """The POSTed `next` page if it is on this site (never an open redirect elsewhere)."""
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None


def _back_to(comment: Comment) -> HttpResponse:
    return redirect(f"{comment.idea.get_absolute_url()}#comment-{comment.pk}")


def _action_page(
    request: HttpRequest,
    *,
    comment: Comment | None,
    idea: Any,
    form: BaseForm,
    title: str,
    intro: str = "",
    submit: str,
    danger: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "frontend/comments/comment_action.html",
        {
            "comment": comment,
            "idea": idea,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "danger": danger,
            **(extra or {}),
        },
    )


def _create(request: HttpRequest, idea: Any, form: CommentForm, parent: Comment | None) -> Any:
    with errors_on(form):
        return services.comment_create(
            author=signed_in_user(request),
            idea=idea,
            body=form.cleaned_data["body"],
            parent=parent,
        )
    return None


@login_required
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The thread's form without JavaScript: post, then back to the comment on the idea page."""
    idea = access_idea(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = _create(request, idea, form, None)
        if comment is not None:
            messages.success(request, _("Your comment was published."))
            return _back_to(comment)
    return _action_page(
        request,
        comment=None,
        idea=idea,
        form=form,
        title=_("Comment on “%(title)s”") % {"title": idea.title},
        submit=_("Publish comment"),
    )


@login_required
def comment_reply(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    parent = selectors.access_comment(request.user, comment_id)
    if parent.idea_id != int(pk):
        return redirect("frontend:comment_reply", pk=parent.idea_id, comment_id=parent.pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = _create(request, parent.idea, form, parent)
        if comment is not None:
            messages.success(request, _("Your reply was published."))
            return _back_to(comment)
    return _action_page(
        request,
        comment=parent,
        idea=parent.idea,
        form=form,
        title=_("Reply to %(name)s") % {"name": parent.author.public_name},
        submit=_("Publish reply"),
    )


@login_required
def comment_edit(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    comment = selectors.access_comment(user, comment_id)
    if not selectors.can_edit(user, comment):
        raise PermissionDenied(_("Only the person who wrote a comment can edit it."))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.comment_update(actor=user, comment=comment, body=form.cleaned_data["body"])
            messages.success(request, _("Your comment was saved."))
            return _back_to(comment)
    return _action_page(
        request,
        comment=None,
        idea=comment.idea,
        form=form,
        title=_("Edit your comment"),
        submit=_("Save comment"),
    )


@login_required
def comment_delete(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    comment = selectors.access_comment(user, comment_id)
    if not selectors.can_delete(user, comment):
        raise PermissionDenied(
            _("Only the person who wrote the comment, or a moderator, can delete it.")
        )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.comment_delete(actor=user, comment=comment)
        messages.success(request, _("The comment was deleted."))
        return _back_to(comment)
    return _action_page(
        request,
        comment=comment,
        idea=comment.idea,
        form=form,
        title=_("Delete the comment"),
        intro=_("The text is removed for everyone. Replies to it stay."),
        submit=_("Delete the comment"),
        danger=True,
    )


@login_required
def comment_flag(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    comment = selectors.access_comment(user, comment_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.comment_flag(actor=user, comment=comment, reason=form.cleaned_data["reason"])
            messages.success(request, _("Thank you. The moderators will look at the comment."))
            return _back_to(comment)
    return _action_page(
        request,
        comment=comment,
        idea=comment.idea,
        form=form,
        title=_("Flag the comment for the moderators"),
        intro=_(
            "Tell the moderators what is wrong, for example personal data or offensive language."
        ),
        submit=_("Send to the moderators"),
    )


@login_required
def comment_hide(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    comment = selectors.access_comment(user, comment_id)
    if not selectors.can_moderate(user, comment.idea):
        raise PermissionDenied(
            _("Only platform staff and coordinators of %(organisation)s can hide comments.")
            % {"organisation": comment.idea.organisation.name}
        )
    form = ReasonForm(request.POST or None, initial={"reason": comment.hidden_reason})
    if request.method == "POST" and "show" in request.POST:
        services.comment_unhide(actor=user, comment=comment)
        messages.success(request, _("The comment is shown again."))
        return _back_to(comment)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.comment_hide(actor=user, comment=comment, reason=form.cleaned_data["reason"])
            messages.success(request, _("The comment is hidden."))
            return redirect(_safe_next(request) or comment.idea.get_absolute_url())
    return _action_page(
        request,
        comment=comment,
        idea=comment.idea,
        form=form,
        title=_("Hide the comment"),
        intro=_("Readers see that a moderator hid the comment, and the reason you give."),
        submit=_("Hide the comment"),
        danger=True,
        extra={"original_body": comment.body, "can_show": comment.hidden},
    )


@login_required
@require_POST
def comment_dismiss_flags(request: HttpRequest, comment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    comment = selectors.access_comment(user, comment_id)
    services.comment_flags_dismiss(actor=user, comment=comment)
    messages.success(request, _("The flags were dismissed."))
    return redirect("frontend:moderation")


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    """The moderation queue: flagged comments on the threads the user moderates."""
    user = signed_in_user(request)
    if not selectors.is_moderator_anywhere(user):
        raise PermissionDenied(
            _("Only platform staff and coordinators of an organisation moderate comments.")
        )
    page = Paginator(selectors.moderation_queue(user), 20).get_page(request.GET.get("page"))
    return render(request, "frontend/comments/moderation.html", {"page": page})

"""Pages for comments: the form under the idea's thread (it works without JavaScript),
reply, edit, delete, flag, hide, and the moderation queue.

Like the API and the live socket, every write goes through comments.services; views fetch
with comments.selectors (404 for what you may not see; `require_*` for a 403 with the
services' own reason before a form is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from comments import moderation, selectors, services
from comments.models import Comment
from frontend.access import fetch_for_change, safe_next
from frontend.errors import errors_on
from frontend.forms_comments import CommentForm, ConfirmForm, ReasonForm
from hub.auth import signed_in_user
from ideas.models import Idea
from ideas.selectors import access_idea
from proposals.models import Proposal
from proposals.selectors import access_proposal


def _back_to(comment: Comment) -> HttpResponse:
    return redirect(f"{comment.subject.get_absolute_url()}#comment-{comment.pk}")


def _page_of(comment: Comment) -> dict[str, Any]:
    """What an action page shows around the form: the idea (its breadcrumbs) and the
    thread's subject (an idea or a citizen proposal) to go back to."""
    return {"idea": comment.idea, "subject": comment.subject}


def _action(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[], Comment],
    success: str,
    page: dict[str, Any],
    back: Callable[[Comment], HttpResponse] = _back_to,
) -> HttpResponse:
    """A comment's action page: a valid POSTed form runs the service (`write`, which gives
    the comment to go back to), says `success` and goes `back` to the comment on the idea
    page; otherwise the page with the form (`page` says what it shows around it), with the
    service's refusal on the form."""
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            comment = write()
            messages.success(request, success)
            return back(comment)
    page.setdefault("subject", page.get("idea"))
    return render(
        request,
        "frontend/comments/comment_action.html",
        {"form": form, "comment": None, "intro": "", "danger": False, **page},
    )


def _comment(
    request: HttpRequest, comment_id: int, *require: Callable[[User, Comment], object]
) -> tuple[User, Comment]:
    """The signed-in user and the comment they may change (`fetch_for_change`)."""
    return fetch_for_change(request, selectors.access_comment, comment_id, *require)


def _create(
    request: HttpRequest, subject: Idea | Proposal, form: CommentForm, parent: Comment | None
) -> Comment:
    on: dict[str, Any] = (
        {"proposal": subject} if isinstance(subject, Proposal) else {"idea": subject}
    )
    return services.comment_create(
        author=signed_in_user(request), body=form.cleaned_data["body"], parent=parent, **on
    )


@login_required
def comment_post(request: HttpRequest, pk: int, subject: str = "idea") -> HttpResponse:
    """The thread's form without JavaScript: post, then back to the comment on the idea
    page (or the citizen proposal's page, `subject="proposal"`)."""
    thread: Idea | Proposal = (
        access_proposal(request.user, pk)
        if subject == "proposal"
        else access_idea(request.user, pk)
    )
    form = CommentForm(request.POST or None)
    title = _("Comment on “%(title)s”") % {"title": thread.title}
    page = {
        "idea": thread if isinstance(thread, Idea) else None,
        "subject": thread,
        "title": title,
        "submit": _("Publish comment"),
    }
    return _action(
        request,
        form,
        lambda: _create(request, thread, form, None),
        _("Your comment was published."),
        page,
    )


@login_required
def comment_reply(
    request: HttpRequest, pk: int, comment_id: int, subject: str = "idea"
) -> HttpResponse:
    parent = selectors.access_comment(request.user, comment_id)
    on_proposal = parent.proposal_id is not None
    if (on_proposal, parent.subject.pk) != (subject == "proposal", int(pk)):
        name = "frontend:proposal_comment_reply" if on_proposal else "frontend:comment_reply"
        return redirect(name, pk=parent.subject.pk, comment_id=parent.pk)
    form = CommentForm(request.POST or None)
    title = _("Reply to %(name)s") % {"name": parent.author.public_name}
    page = {"comment": parent, **_page_of(parent), "title": title, "submit": _("Publish reply")}
    return _action(
        request,
        form,
        lambda: _create(request, parent.subject, form, parent),
        _("Your reply was published."),
        page,
    )


@login_required
def comment_edit(
    request: HttpRequest, pk: int, comment_id: int, subject: str = "idea"
) -> HttpResponse:
    user, comment = _comment(request, comment_id, selectors.require_edit)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    page = {**_page_of(comment), "title": _("Edit your comment"), "submit": _("Save comment")}
    return _action(
        request,
        form,
        lambda: services.comment_update(actor=user, comment=comment, **form.cleaned_data),
        _("Your comment was saved."),
        page,
    )


@login_required
def comment_delete(
    request: HttpRequest, pk: int, comment_id: int, subject: str = "idea"
) -> HttpResponse:
    user, comment = _comment(request, comment_id, selectors.require_delete)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    page = {
        "comment": comment,
        **_page_of(comment),
        "title": _("Delete the comment"),
        "intro": _("The text is removed for everyone. Replies to it stay."),
        "submit": _("Delete the comment"),
        "danger": True,
    }
    return _action(
        request,
        form,
        lambda: services.comment_delete(actor=user, comment=comment),
        _("The comment was deleted."),
        page,
    )


@login_required
def comment_flag(
    request: HttpRequest, pk: int, comment_id: int, subject: str = "idea"
) -> HttpResponse:
    user, comment = _comment(request, comment_id)
    form = ReasonForm(request.POST or None)
    page = {
        "comment": comment,
        **_page_of(comment),
        "title": _("Flag the comment for the moderators"),
        "intro": _(
            "Tell the moderators what is wrong, for example personal data or offensive language."
        ),
        "submit": _("Send to the moderators"),
    }

    def flag() -> Comment:
        moderation.flag(actor=user, target=comment, **form.cleaned_data)
        return comment

    return _action(
        request,
        form,
        flag,
        _("Thank you. The moderators will look at the comment."),
        page,
    )


@login_required
def comment_hide(
    request: HttpRequest, pk: int, comment_id: int, subject: str = "idea"
) -> HttpResponse:
    user, comment = _comment(request, comment_id, moderation.require_moderate)
    if request.method == "POST" and "show" in request.POST:
        moderation.unhide(actor=user, target=comment)
        messages.success(request, _("The comment is shown again."))
        return _back_to(comment)
    form = ReasonForm(request.POST or None, initial={"reason": comment.hidden_reason})
    page = {
        "comment": comment,
        **_page_of(comment),
        "title": _("Hide the comment"),
        "intro": _("Readers see that a moderator hid the comment, and the reason you give."),
        "submit": _("Hide the comment"),
        "danger": True,
        "original_body": comment.body,
        "can_show": comment.hidden,
    }
    return _action(
        request,
        form,
        lambda: moderation.hide(actor=user, target=comment, **form.cleaned_data),
        _("The comment is hidden."),
        page,
        back=lambda hidden: redirect(safe_next(request) or hidden.subject.get_absolute_url()),
    )


@login_required
@require_POST
def comment_dismiss_flags(request: HttpRequest, comment_id: int) -> HttpResponse:
    user, comment = _comment(request, comment_id)
    moderation.dismiss_flags(actor=user, target=comment)
    messages.success(request, _("The flags were dismissed."))
    return redirect("frontend:moderation")

"""Writes for comments: create, edit, delete. One path for every caller.

A thread is about an idea or a citizen proposal (its `subject`); the rules are the same,
the subject's own visibility rule decides who may read and write there, and its
organisation's coordinators moderate it. Flagging and hiding comments (and proposals, and
dialogue contributions) is comments/moderation.py.

The REST API, the WebSocket consumer, the page forms, the demo data and the tests all call
these functions. Each one validates, checks access (what you may not see is a 404, what
you may see but not do is a 403 with a reason), sanitises and saves; broadcasting to the
live thread and e-mailing notifications happen in `transaction.on_commit`, so nobody is
told about a change that was rolled back.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from comments import events, limits, selectors
from comments.models import MAX_BODY, Comment, refresh_comment_count
from comments.moderation import close_flags
from hub.markdown import markdown_to_text, render_markdown
from hub.rates import RateLimited
from ideas.models import Follow, Idea
from ideas.selectors import may_see_idea
from notifications.models import Notification
from notifications.services import notify
from proposals.models import Proposal, ProposalFollow
from proposals.selectors import may_see_proposal
from prototypes.models import Prototype
from prototypes.selectors import prototypes_visible_to

if TYPE_CHECKING:
    from hub.auth import Viewer

R = TypeVar("R", bound=models.Model)


class CommentRateLimited(RateLimited):
    """The author wrote too many comments in a short time (the API answers 429)."""

    def __init__(self, wait: int) -> None:
        super().__init__(
            _("You are commenting too fast. Wait %(seconds)s seconds and try again.")
            % {"seconds": wait},
            wait,
        )


def _check_rate(author: User) -> None:
    # Counted in the shared cache, so the limit holds across every Daphne process and
    # every way of posting (comments/limits.py).
    wait = limits.rate_wait(f"comments:rate:{author.pk}", settings.COMMENT_RATE_LIMIT)
    if wait:
        raise CommentRateLimited(wait)


def _clean_body(body: Any) -> str:
    text = body if isinstance(body, str) else ""
    if not text.strip():
        raise ValidationError({"body": _("Write something before you send the comment.")})
    if len(text) > MAX_BODY:
        raise ValidationError(
            {
                "body": ValidationError(
                    _(
                        "Keep the comment under 10,000 characters (this one has %(count)s). "
                        "Split it into two comments or shorten it."
                    )
                    % {"count": f"{len(text):,}".replace(",", " ")},
                    code="too_large",
                )
            }
        )
    return text


Subject = Idea | Proposal


def _subject_field(subject: Subject) -> str:
    return "proposal" if isinstance(subject, Proposal) else "idea"


def _require_visible(user: Viewer, subject: Subject) -> None:
    if isinstance(subject, Proposal):
        visible = may_see_proposal(user, subject.pk)
    else:
        visible = may_see_idea(user, subject.pk)
    if not visible:
        raise Http404


def _resolve(rows: QuerySet[R], value: R | int | str | None, field: str, message: str) -> R | None:
    """The row `value` names (itself, or its id) among `rows`; None for none given; a
    ValidationError on `field` (`message`, naming the id) when `rows` has no such row."""
    if value is None or value == "":
        return None
    # Clients send anything (the socket's JSON, the API's body): what is no id is refused.
    row_id = value.pk if isinstance(value, models.Model) else value
    try:
        found = rows.filter(pk=int(row_id)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise ValidationError({field: message % {"id": str(row_id)[:20]}})
    return found


def _resolve_parent(subject: Subject, parent: Comment | int | None) -> Comment | None:
    return _resolve(
        Comment.objects.filter(**{_subject_field(subject): subject}),
        parent,
        "parent",
        _("There is no comment %(id)s in this thread to reply to."),
    )


def _resolve_prototype(
    author: User, subject: Subject, prototype: Prototype | int | None
) -> Prototype | None:
    if isinstance(subject, Proposal):
        if prototype in (None, ""):
            return None
        raise ValidationError({"prototype": _("A proposal's comments name no prototype.")})
    return _resolve(
        prototypes_visible_to(author).filter(idea=subject),
        prototype,
        "prototype",
        _("Prototype %(id)s is not a version of this idea."),
    )


def _clean_client_id(client_id: Any) -> uuid.UUID | None:
    if client_id in (None, ""):
        return None
    if isinstance(client_id, uuid.UUID):
        return client_id
    try:
        return uuid.UUID(str(client_id))
    except (TypeError, ValueError):
        raise ValidationError(
            {"client_id": _("Give client_id as a UUID, such as one from crypto.randomUUID().")}
        ) from None


def _excerpt(comment: Comment) -> str:
    # Notifications show text, not Markdown: no ** or [](…) in the list or the e-mail.
    return " ".join(markdown_to_text(comment.body).split())[:200]


def _existing_for_client_id(author: User, subject: Subject, client_id: uuid.UUID) -> Comment | None:
    existing = (
        Comment.objects.select_related("author", "parent", "parent__author", "prototype")
        .filter(author=author, client_id=client_id)
        .first()
    )
    if existing is not None and existing.subject != subject:
        raise ValidationError(
            {"client_id": _("This client_id was already used for a comment on another idea.")}
        )
    return existing


def _the_subject(idea: Idea | None, proposal: Proposal | None) -> Subject:
    if (idea is None) == (proposal is None):
        raise ValueError("A comment is on an idea or on a proposal: give exactly one.")
    return idea if idea is not None else proposal  # type: ignore[return-value]


# --- Comments ---------------------------------------------------------------------------


def comment_create(
    *,
    author: User,
    idea: Idea | None = None,
    body: str,
    proposal: Proposal | None = None,
    parent: Comment | int | None = None,
    prototype: Prototype | int | None = None,
    client_id: uuid.UUID | str | None = None,
) -> Comment:
    """Comment on an idea (or a citizen proposal) the author may see, or reply to a
    comment in its thread.

    A `client_id` the author used before returns that comment again instead of storing a
    second one, so a client may retry safely. Followers of the idea (of the proposal, and
    its proposer) and the author of the parent comment are notified; everyone on the live
    thread (of the idea, or of the proposal) gets it after commit.
    """
    subject = _the_subject(idea, proposal)
    selectors.require_post(author)
    _require_visible(author, subject)
    text = _clean_body(body)
    cid = _clean_client_id(client_id)
    if cid is not None and (existing := _existing_for_client_id(author, subject, cid)):
        return existing
    parent_comment = _resolve_parent(subject, parent)
    prototype_row = _resolve_prototype(author, subject, prototype)
    _check_rate(author)
    try:
        with transaction.atomic():
            comment = _create(author, subject, text, parent_comment, prototype_row, cid)
    except IntegrityError:
        # The same client_id was stored a moment ago by a parallel retry.
        if cid is not None and (existing := _existing_for_client_id(author, subject, cid)):
            return existing
        raise
    # After the idea's row lock is released (outside a caller's transaction): other
    # comments on the idea need not wait while the recipients are looked up. Then the
    # broadcast (at once, or when a caller's transaction commits), the last thing done
    # here: a socket's writer is acknowledged as soon as this returns, and on a crowded
    # thread the broadcast competes with everything that comes after it.
    _notify_comment(author, comment)
    transaction.on_commit(lambda: events.broadcast_comment(comment.pk, "comment.created"))
    return comment


def _create(
    author: User,
    subject: Subject,
    text: str,
    parent: Comment | None,
    prototype: Prototype | None,
    client_id: uuid.UUID | None,
) -> Comment:
    # Lock the subject's row first: comments of one thread then get their ids in commit
    # order, which is what makes `resume after=<last id seen>` miss nothing.
    locked = type(subject).objects.select_for_update().get(pk=subject.pk)
    comment = Comment(
        **{_subject_field(subject): locked},
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent is not None else None,
        prototype=prototype,
        body=text,
        body_html=render_markdown(text, heading_base=3),
        client_id=client_id,
    )
    comment.save()
    refresh_comment_count(locked)
    subject.comment_count = locked.comment_count
    return comment


def comment_url(comment: Comment) -> str:
    """The comment's place on its idea's (or proposal's) page."""
    return f"{comment.subject.get_absolute_url()}#comment-{comment.pk}"


def _on(comment: Comment) -> dict[str, Any]:
    """What a notification about the comment is about: its idea or its proposal."""
    return {"idea": comment.idea, "proposal": comment.proposal}


def _notify_comment(author: User, comment: Comment) -> None:
    """The parent comment's author hears of a reply; the idea's followers of the comment
    (on a proposal: its followers and its proposer)."""
    url = comment_url(comment)
    parent = comment.parent
    replied_to = None
    if parent is not None and parent.author_id != author.pk and not parent.author.deleted_at:
        replied_to = parent.author
        notify(
            recipients=[parent.author],
            kind=Notification.Kind.REPLY,
            actor=author,
            url=url,
            excerpt=_excerpt(comment),
            **_on(comment),
        )
    if comment.proposal_id is not None:
        follows = ProposalFollow.objects.filter(proposal_id=comment.proposal_id).values("user_id")
        proposer = comment.proposal.author_id if comment.proposal else None
        interested = User.objects.filter(models.Q(pk__in=follows) | models.Q(pk=proposer or 0))
    else:
        interested = User.objects.filter(
            pk__in=Follow.objects.filter(idea=comment.idea).values("user_id")
        )
    followers = interested.exclude(pk__in=[author.pk, replied_to.pk if replied_to else 0])
    notify(
        recipients=followers,
        kind=Notification.Kind.COMMENT,
        actor=author,
        url=url,
        excerpt=_excerpt(comment),
        **_on(comment),
    )


@transaction.atomic
def comment_update(*, actor: User, comment: Comment, body: str) -> Comment:
    """The author edits the text; the comment is marked edited, with the time."""
    _require_visible(actor, comment.subject)
    selectors.require_edit(actor, comment)
    if comment.deleted:
        raise ValidationError({"body": _("A deleted comment cannot be edited.")})
    text = _clean_body(body)
    if text != comment.body:
        comment.body = text
        comment.body_html = render_markdown(text, heading_base=3)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        transaction.on_commit(lambda: events.broadcast_comment(comment.pk, "comment.updated"))
    return comment


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> Comment:
    """The author or a moderator deletes a comment: the text goes, its place in the thread
    (and the replies under it) stays."""
    _require_visible(actor, comment.subject)
    selectors.require_delete(actor, comment)
    if comment.deleted:
        return comment
    comment.deleted_at = timezone.now()
    comment.deleted_by = actor
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "deleted_by", "body", "body_html"])
    close_flags(comment, actor, comment.deleted_at)
    refresh_comment_count(comment.subject)
    transaction.on_commit(lambda: events.broadcast_comment(comment.pk, "comment.deleted"))
    return comment

"""Reads about comments: threads, who may do what, the moderation queue.

Every read starts from the idea's visibility rule (`Idea.objects.visible_to`; for a
citizen proposal's thread `Proposal.objects.visible_to`): a comment on an idea you may not
see is a 404, like the idea itself. Roles on a visible comment are
answered by the `can_*` functions, which the pages use to decide which links to show; the
`require_*` functions refuse (403 with the reason) when the answer is no, for the services
and for the pages that must refuse before they show a form, with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.selectors import user_manages_organisation
from comments.models import Comment, Flag
from dialogues.models import Contribution
from dialogues.selectors import dialogues_visible_to
from hub.auth import is_signed_in
from ideas.models import Idea
from proposals.models import Proposal

if TYPE_CHECKING:
    from hub.auth import Viewer

AuthorRole = Literal["staff", "team", "member", "resident"]


@dataclass(frozen=True)
class AuthorStanding:
    """What a comment's author is to the idea, shown beside the name: platform staff, the
    idea's team (a member of the owning or a co-owning organisation), a member of another
    organisation, or a resident (no organisation). `membership` is the one shown."""

    role: AuthorRole
    membership: Membership | None = None


def with_author_standing(rows: QuerySet[Comment]) -> QuerySet[Comment]:
    """The comments with what `author_standing` reads, in the same few queries however
    many comments there are: the authors' memberships and the ideas' co-owners."""
    memberships = Membership.objects.select_related("organisation").order_by(
        "organisation__name", "pk"
    )
    return rows.prefetch_related(
        Prefetch("author__memberships", queryset=memberships),
        "idea__co_organisations",
    ).select_related("proposal")


def author_standing(comment: Comment) -> AuthorStanding | None:
    """What the comment's author is to its idea now (memberships change; the comment shows
    the present). None for a deleted account: its name is anonymised, so is its standing.
    Staff comes first; a member of several organisations shows the idea's owner, else the
    first co-owner by name, else the first other organisation by name."""
    author = comment.author
    if author.deleted_at is not None:
        return None
    if author.is_staff:
        return AuthorStanding("staff")
    memberships = list(author.memberships.all())
    if not memberships:
        return AuthorStanding("resident")
    idea = comment.idea
    if idea is None:  # a proposal's thread: its municipality is the team
        owners = [comment.subject.organisation_id]
    else:
        owners = [idea.organisation_id, *(o.pk for o in idea.co_organisations.all())]
    team = [m for m in memberships if m.organisation_id in owners]
    if team:
        return AuthorStanding("team", min(team, key=lambda m: owners.index(m.organisation_id)))
    return AuthorStanding("member", memberships[0])


def idea_comments(idea: Idea | int | Proposal, *, after: int | None = None) -> QuerySet[Comment]:
    """The idea's (or a proposal's) comments in the order they were written (ascending id),
    optionally only those after a given id (what `resume` and `?after=` return), with their
    authors' standing."""
    if isinstance(idea, Proposal):
        rows = Comment.objects.filter(proposal_id=idea.pk)
    else:
        rows = Comment.objects.filter(idea_id=idea if isinstance(idea, int) else idea.pk)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return with_author_standing(
        rows.select_related("author", "parent", "parent__author", "prototype").order_by("id")
    )


def idea_comment_ids(idea_id: int, *, after: int, limit: int) -> list[int]:
    """Ids of the idea's comments after `after`, ascending, at most `limit`: read from the
    (idea, id) index alone, without loading a comment (what `resume` checks first)."""
    rows = Comment.objects.filter(idea_id=idea_id, pk__gt=after).order_by("id")
    return list(rows.values_list("pk", flat=True)[:limit])


def proposal_comment_ids(proposal_id: int, *, after: int, limit: int) -> list[int]:
    """Ids of the proposal's comments after `after`, ascending, at most `limit`, from the
    (proposal, id) index alone (what a proposal thread's `resume` checks first)."""
    rows = Comment.objects.filter(proposal_id=proposal_id, pk__gt=after).order_by("id")
    return list(rows.values_list("pk", flat=True)[:limit])


def access_comment(user: Viewer, comment_id: int | str) -> Comment:
    """The comment if the user may see its idea (or proposal), else 404 (same answer for
    missing and hidden)."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    comment = with_author_standing(
        Comment.objects.filter(pk=pk)
        .filter(
            Q(idea__in=Idea.objects.visible_to(user))
            | Q(proposal__in=Proposal.objects.visible_to(user))
        )
        .select_related(
            "idea",
            "idea__organisation",
            "proposal__organisation",
            "author",
            "parent",
            "parent__author",
            "prototype",
        )
    ).first()
    if comment is None:
        raise Http404
    return comment


def can_post(user: Viewer) -> bool:
    """Any signed-in person who can see the idea may comment (citizens too, on public ideas)."""
    return is_signed_in(user) and user.is_active


def current_account(user: Viewer) -> User | None:
    """The signed-in user's account as the database has it now, if it still exists and is
    active (deleting an account deactivates it); None otherwise and for anonymous users.
    For long-lived connections, whose user was loaded when they opened."""
    if not is_signed_in(user):
        return None
    return User.objects.filter(pk=user.pk, is_active=True, deleted_at__isnull=True).first()


def can_moderate(user: Viewer, idea: Idea | Proposal) -> bool:
    """Platform staff and the owning organisation's coordinators and administrators (of a
    proposal: of the municipality it was sent to)."""
    if not is_signed_in(user):
        return False
    return user_manages_organisation(user, idea.organisation)


def is_author(user: Viewer, comment: Comment) -> bool:
    """Whether the user wrote the comment."""
    return is_signed_in(user) and comment.author_id == user.pk


def require_post(user: Viewer, message: str | None = None) -> None:
    """Refuse (403) unless the user may write in a thread (`can_post`); `message` says what
    (by default: comment)."""
    if not can_post(user):
        raise PermissionDenied(message or _("Sign in to comment."))


def require_edit(user: Viewer, comment: Comment) -> None:
    """Refuse (403, with the reason) unless the user may edit the comment: its author, while
    no moderator has hidden it. That a deleted one has no text to edit, the service says
    (a 400 on the form's field)."""
    if not is_author(user, comment):
        raise PermissionDenied(_("Only the person who wrote a comment can edit it."))
    if comment.hidden and not comment.deleted:
        raise PermissionDenied(_("A moderator hid this comment, so it cannot be edited."))


def require_delete(user: Viewer, comment: Comment) -> None:
    """Refuse (403, with the reason) unless the user wrote the comment or moderates it."""
    if not is_author(user, comment) and not can_moderate(user, comment.subject):
        raise PermissionDenied(
            _(
                "Only the person who wrote the comment, or a moderator of %(organisation)s, "
                "can delete it."
            )
            % {"organisation": comment.subject.organisation.name}
        )


def is_moderator_anywhere(user: Viewer) -> bool:
    """Whether the user moderates some threads (staff, or a coordinator or admin somewhere)."""
    if not is_signed_in(user):
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    ).exists()


def require_moderator_anywhere(user: Viewer) -> None:
    """Refuse (403, with the reason) unless the user moderates some threads: the moderation
    queue's rule, for its page and its API."""
    if not is_moderator_anywhere(user):
        raise PermissionDenied(
            _("Only platform staff and coordinators of an organisation moderate comments.")
        )


def moderated_ideas(user: Viewer) -> QuerySet[Idea]:
    """Ideas whose threads the user moderates, among those the user may see."""
    visible = Idea.objects.visible_to(user)
    if not is_signed_in(user):
        return visible.none()
    if user.is_staff:
        return visible
    managed = Membership.objects.filter(
        user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    ).values("organisation_id")
    return visible.filter(organisation_id__in=managed)


def moderated_proposals(user: Viewer) -> QuerySet[Proposal]:
    """Proposals the user moderates (staff: all; coordinators and administrators: those
    sent to their organisations), among those the user may see."""
    visible = Proposal.objects.visible_to(user)
    if not is_signed_in(user):
        return visible.none()
    if user.is_staff:
        return visible
    managed = Membership.objects.filter(
        user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    ).values("organisation_id")
    return visible.filter(organisation_id__in=managed)


def moderation_queue(user: Viewer) -> QuerySet[Comment]:
    """Comments with open flags on threads the user moderates, most flagged first."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("user")
    return with_author_standing(
        Comment.objects.filter(
            Q(idea__in=moderated_ideas(user)) | Q(proposal__in=moderated_proposals(user)),
            pk__in=Flag.objects.filter(resolved_at__isnull=True, comment__isnull=False).values(
                "comment_id"
            ),
        )
        .annotate(open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("idea", "proposal", "author", "parent", "parent__author", "prototype")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "id")
    )


@dataclass
class ThreadEntry:
    """A top-level comment and every reply under it, flattened to one level for pages."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def proposal_moderation_queue(user: Viewer) -> QuerySet[Proposal]:
    """Citizen proposals with open flags that the user moderates, most flagged first."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("user")
    return (
        moderated_proposals(user)
        .filter(
            pk__in=Flag.objects.filter(resolved_at__isnull=True, proposal__isnull=False).values(
                "proposal_id"
            )
        )
        .annotate(open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("organisation", "author")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "id")
    )


def thread(idea: Idea | Proposal) -> list[ThreadEntry]:
    """The idea's thread for pages: at most two levels. A reply to a reply is listed under
    its top-level comment and keeps `parent` so the page can say whom it answers."""
    entries: dict[int, ThreadEntry] = {}
    ordered: list[ThreadEntry] = []
    for comment in idea_comments(idea):
        if comment.root_id is None:
            entry = ThreadEntry(comment)
            entries[comment.pk] = entry
            ordered.append(entry)
        elif comment.root_id in entries:
            entries[comment.root_id].replies.append(comment)
    return ordered


def contribution_moderation_queue(user: Viewer) -> QuerySet[Contribution]:
    """Dialogue contributions with open flags that the user moderates (staff: all;
    coordinators and administrators: their municipality's dialogues), most flagged first."""
    if not is_signed_in(user):
        return Contribution.objects.none()
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("user")
    # From the dialogues the user may see (the one visibility rule), then what they moderate.
    rows = Contribution.objects.filter(
        dialogue__in=dialogues_visible_to(user),
        pk__in=Flag.objects.filter(resolved_at__isnull=True, contribution__isnull=False).values(
            "contribution_id"
        ),
    )
    if not user.is_staff:
        managed = Membership.objects.filter(
            user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
        ).values("organisation_id")
        rows = rows.filter(dialogue__organisation_id__in=managed)
    return (
        rows.annotate(open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("dialogue", "dialogue__organisation", "area")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "id")
    )

"""Reads about comments: threads, who may do what, the moderation queue.

Every read starts from the idea's visibility rule (`Idea.objects.visible_to`): a comment
on an idea you may not see is a 404, like the idea itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import Membership, User
from accounts.selectors import user_manages_organisation
from comments.models import Comment, Flag
from ideas.models import Idea

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
    )


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
    owners = [idea.organisation_id, *(o.pk for o in idea.co_organisations.all())]
    team = [m for m in memberships if m.organisation_id in owners]
    if team:
        return AuthorStanding("team", min(team, key=lambda m: owners.index(m.organisation_id)))
    return AuthorStanding("member", memberships[0])


def idea_comments(idea: Idea | int, *, after: int | None = None) -> QuerySet[Comment]:
    """The idea's comments in the order they were written (ascending id), optionally only
    those after a given id (what `resume` and `?after=` return), with their authors'
    standing."""
    idea_id = idea if isinstance(idea, int) else idea.pk
    rows = Comment.objects.filter(idea_id=idea_id)
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


def access_comment(user: Any, comment_id: int | str) -> Comment:
    """The comment if the user may see its idea, else 404 (same answer for missing and hidden)."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    comment = with_author_standing(
        Comment.objects.filter(pk=pk, idea__in=Idea.objects.visible_to(user)).select_related(
            "idea", "idea__organisation", "author", "parent", "parent__author", "prototype"
        )
    ).first()
    if comment is None:
        raise Http404
    return comment


def can_post(user: Any) -> bool:
    """Any signed-in person who can see the idea may comment (citizens too, on public ideas)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def current_account(user: Any) -> User | None:
    """The signed-in user's account as the database has it now, if it still exists and is
    active (deleting an account deactivates it); None otherwise and for anonymous users.
    For long-lived connections, whose user was loaded when they opened."""
    if not getattr(user, "is_authenticated", False):
        return None
    return User.objects.filter(pk=user.pk, is_active=True, deleted_at__isnull=True).first()


def can_moderate(user: Any, idea: Idea) -> bool:
    """Platform staff and the owning organisation's coordinators and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user_manages_organisation(user, idea.organisation)


def can_edit(user: Any, comment: Comment) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and comment.author_id == user.pk
        and comment.visible_text
    )


def can_delete(user: Any, comment: Comment) -> bool:
    if comment.deleted:
        return False
    if getattr(user, "is_authenticated", False) and comment.author_id == user.pk:
        return True
    return can_moderate(user, comment.idea)


def is_moderator_anywhere(user: Any) -> bool:
    """Whether the user moderates some threads (staff, or a coordinator or admin somewhere)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    ).exists()


def moderated_ideas(user: Any) -> QuerySet[Idea]:
    """Ideas whose threads the user moderates, among those the user may see."""
    visible = Idea.objects.visible_to(user)
    if getattr(user, "is_staff", False):
        return visible
    managed = Membership.objects.filter(
        user=user, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    ).values("organisation_id")
    return visible.filter(organisation_id__in=managed)


def moderation_queue(user: Any) -> QuerySet[Comment]:
    """Comments with open flags on threads the user moderates, most flagged first."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("user")
    return with_author_standing(
        Comment.objects.filter(
            idea__in=moderated_ideas(user),
            pk__in=Flag.objects.filter(resolved_at__isnull=True).values("comment_id"),
        )
        .annotate(open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("idea", "author", "parent", "parent__author", "prototype")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "id")
    )


@dataclass
class ThreadEntry:
    """A top-level comment and every reply under it, flattened to one level for pages."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def thread(idea: Idea) -> list[ThreadEntry]:
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

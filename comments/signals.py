"""Who may see a thread can change outside this app (an idea's visibility or co-owners, a
proposal withdrawn, hidden or shown again, a membership, an account deleted or
deactivated). These receivers only turn such a change into an `access.recheck` for the
live consumers, after commit; each consumer then looks again and closes if its user lost
access (or its account).

Receivers rather than calls in the ideas and accounts services, because memberships and
ideas also change through the admin and the ORM, and a socket must close in every case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from comments import events

if TYPE_CHECKING:
    from accounts.models import Membership, User
    from ideas.models import Idea
    from proposals.models import Proposal


def _recheck_threads(idea_ids: list[int]) -> None:
    """After commit, the sockets on these ideas' threads look again at who may read them."""

    def recheck() -> None:
        for idea_id in idea_ids:
            events.recheck_thread(idea_id)

    transaction.on_commit(recheck)


def _recheck_proposal_thread(proposal_id: int) -> None:
    """After commit, the sockets on the proposal's thread look again at who may read it."""
    transaction.on_commit(lambda: events.recheck_proposal_thread(proposal_id))


def _recheck_user(user_id: int) -> None:
    """After commit, the user's sockets look again at the account and its access."""
    transaction.on_commit(lambda: events.recheck_user(user_id))


def idea_saved(
    sender: Any, instance: Idea, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    # Counter updates (comments, followers, adoptions) name their fields; edits that may
    # change the visibility save the whole row.
    if not created and (update_fields is None or "visibility" in update_fields):
        _recheck_threads([instance.pk])


def idea_deleted(sender: Any, instance: Idea, **kwargs: Any) -> None:
    _recheck_threads([instance.pk])


# What `Proposal.objects.visible_to` reads of the row.
PROPOSAL_VISIBILITY_FIELDS = {"withdrawn_at", "hidden_at", "author", "organisation"}


def proposal_saved(
    sender: Any, instance: Proposal, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    # Withdrawn (proposals.services) or hidden and shown again (comments.moderation) name
    # their fields; the admin saves the whole row.
    if not created and (update_fields is None or PROPOSAL_VISIBILITY_FIELDS & set(update_fields)):
        _recheck_proposal_thread(instance.pk)


def proposal_deleted(sender: Any, instance: Proposal, **kwargs: Any) -> None:
    _recheck_proposal_thread(instance.pk)


def co_organisations_changed(
    sender: Any,
    instance: Any,  # the idea, or with `reverse` the organisation
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action not in ("post_remove", "post_clear", "pre_clear"):
        return
    if action == "pre_clear" and reverse:
        # An organisation losing all its co-owned ideas: remember which before they go.
        instance._comments_cleared_ideas = list(instance.co_ideas.values_list("pk", flat=True))
        return
    if action == "pre_clear":
        return
    if reverse:
        _recheck_threads(list(pk_set or getattr(instance, "_comments_cleared_ideas", [])))
    else:
        _recheck_threads([instance.pk])


def membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    _recheck_user(instance.user_id)


def user_saved(
    sender: Any, instance: User, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    # Deleted (accounts.services.user_delete) or deactivated (the admin's "active" box):
    # the user's open sockets close. Saves of an active account do not concern them.
    if created or (instance.is_active and instance.deleted_at is None):
        return
    if update_fields is None or {"is_active", "deleted_at"} & set(update_fields):
        _recheck_user(instance.pk)


def user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    _recheck_user(instance.pk)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts.models import Membership, User
    from ideas.models import Idea
    from proposals.models import Proposal

    post_save.connect(idea_saved, sender=Idea, dispatch_uid="comments-idea-saved")
    post_delete.connect(idea_deleted, sender=Idea, dispatch_uid="comments-idea-deleted")
    m2m_changed.connect(
        co_organisations_changed,
        sender=Idea.co_organisations.through,
        dispatch_uid="comments-co-organisations",
    )
    post_save.connect(proposal_saved, sender=Proposal, dispatch_uid="comments-proposal-saved")
    post_delete.connect(proposal_deleted, sender=Proposal, dispatch_uid="comments-proposal-deleted")
    post_delete.connect(
        membership_deleted, sender=Membership, dispatch_uid="comments-membership-deleted"
    )
    post_save.connect(user_saved, sender=User, dispatch_uid="comments-user-saved")
    post_delete.connect(user_deleted, sender=User, dispatch_uid="comments-user-deleted")

"""Reads about users, organisations and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts.models import Membership, Organisation, User
from hub.auth import is_signed_in

if TYPE_CHECKING:
    from hub.auth import Viewer

# Where user_organisation_ids keeps its answer on the user object.
_MEMBERSHIPS_CACHE = "_organisation_ids_cache"


def user_organisation_ids(user: Viewer) -> frozenset[int]:
    """Ids of the organisations the user is a member of (cached on the user object until
    `forget_memberships`)."""
    if not is_signed_in(user):
        return frozenset()
    cached = getattr(user, _MEMBERSHIPS_CACHE, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        setattr(user, _MEMBERSHIPS_CACHE, cached)
    return cached


def forget_memberships(user: Viewer) -> None:
    """Drop the memberships cached on the user object, so the next read asks the database:
    for a user object that outlives a change (a socket's, loaded when it opened)."""
    if hasattr(user, _MEMBERSHIPS_CACHE):
        delattr(user, _MEMBERSHIPS_CACHE)


def user_role(user: Viewer, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None."""
    if not is_signed_in(user):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def user_is_member(user: Viewer, organisation: Organisation) -> bool:
    """True if the user has any role in the organisation."""
    return organisation.pk in user_organisation_ids(user)


def user_manages_organisation(user: Viewer, organisation: Organisation) -> bool:
    """Coordinators, admins of the organisation and platform staff manage it."""
    if user.is_staff:
        return True
    return user_role(user, organisation) in (Membership.Role.COORDINATOR, Membership.Role.ADMIN)


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user")


def user_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "organisation", "organisation__county"
    )


def user_second_factor_types(user: User) -> frozenset[str]:
    """The kinds of second factor the user has set up: "totp", "webauthn", "recovery_codes"."""
    return frozenset(Authenticator.objects.filter(user=user).values_list("type", flat=True))

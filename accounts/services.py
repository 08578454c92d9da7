"""Writes for users, organisations and memberships."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts import personal_data
from accounts.display_names import tidy_display_name
from accounts.models import Membership, Organisation, User
from accounts.selectors import user_manages_organisation, user_memberships


def membership_create(
    *, actor: User, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """Add an existing user to an organisation (coordinators, admins and staff only)."""
    if not user_manages_organisation(actor, organisation):
        raise PermissionDenied(
            _("Only the organisation's coordinators and administrators can add members.")
        )
    if role not in Membership.Role.values:
        raise ValidationError(
            {
                "role": _("Unknown role. Choose one of: %(roles)s.")
                % {"roles": ", ".join(Membership.Role.values)}
            }
        )
    user = User.objects.filter(email__iexact=email.strip(), deleted_at__isnull=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("No account uses this e-mail address. Ask the person to sign up first.")}
        )
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError as exc:  # two admins adding the same person at once
        raise ValidationError(
            {"email": _("This person is already a member of the organisation.")}
        ) from exc


def token_obtain(*, email: str, password: str) -> Token:
    """Exchange e-mail and password for the user's API token."""
    user = authenticate(email=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise ValidationError({"detail": _("Wrong e-mail address or password.")})
    token, _created = Token.objects.get_or_create(user=user)
    return token


def user_update(
    *, user: User, display_name: str | None = None, language: str | None = None
) -> User:
    """Change the user's display name and language preference."""
    if display_name is not None:
        user.display_name = tidy_display_name(display_name)
    if language is not None:
        user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "language"])
    return user


def user_export(*, user: User) -> dict[str, Any]:
    """Every piece of personal data the platform holds about the user, JSON-ready."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {"organisation": m.organisation.slug, "role": m.role, "since": m.created_at.isoformat()}
            for m in user_memberships(user)
        ],
        "single_sign_on_accounts": [
            {"provider": a.provider, "uid": a.uid} for a in SocialAccount.objects.filter(user=user)
        ],
        "multi_factor": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user)
        ],
        "api_token_created": (
            Token.objects.filter(user=user).values_list("created", flat=True).first()
        ),
    }
    if data["api_token_created"] is not None:
        data["api_token_created"] = data["api_token_created"].isoformat()
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account: personal data goes, authored content stays under an anonymous name."""
    for eraser in personal_data.erasers().values():
        eraser(user)
    Token.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()

"""Writes for users, organisations and memberships."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.internal.ratelimit import get_rates
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.models import SocialAccount
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts import personal_data
from accounts.display_names import tidy_display_name
from accounts.models import Membership, Organisation, User
from accounts.selectors import (
    user_manages_organisation,
    user_memberships,
    user_second_factor_types,
)
from hub.rates import RateLimited


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
    if not user_email_confirmed(user):
        # Whoever typed the address at sign-up may not own it: membership opens the
        # organisation's internal ideas and test rounds, so the owner must confirm first.
        raise ValidationError(
            {
                "email": _(
                    "The address is not confirmed yet. Ask the person to open the link in the "
                    "confirmation e-mail we sent them (or to sign in and ask for a new one), "
                    "then add them again."
                )
            }
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


class SignInLimited(RateLimited):
    """Too many wrong passwords or codes for this account or address; `wait` in seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(_("Too many failed sign-in attempts. Try again in a few minutes."), wait)


def _sign_in_wait() -> int:
    # The longest window of the sign-in limits: after it, every counter has started over.
    rates = get_rates(app="allauth.account", action="login_failed")
    return int(max((rate.duration for rate in rates), default=300))


def user_email_confirmed(user: User) -> bool:
    """Whether the person has shown they own their address (or the site does not ask)."""
    if settings.ACCOUNT_EMAIL_VERIFICATION == "none":
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def password_check(*, request: HttpRequest, email: str, password: str) -> User | None:
    """The one password check outside allauth's own forms, under the same limits.

    allauth's adapter counts every failure per account and per address
    (ACCOUNT_RATE_LIMITS["login_failed"]); the sign-in page, and with it the admin, use
    the same adapter, so a guess anywhere counts everywhere.
    """
    try:
        with context.request_context(request):
            user = get_adapter(request).authenticate(
                request, email=email.strip().lower(), password=password
            )
    except forms.ValidationError as exc:  # allauth's "too_many_login_attempts"
        raise SignInLimited(_sign_in_wait()) from exc
    if user is None or not user.is_active:
        return None
    return user  # type: ignore[return-value]


def _second_factor_check(*, request: HttpRequest, user: User, code: str) -> None:
    # allauth's own form: a TOTP or an unused recovery code, with allauth's limit on
    # wrong codes per account; a used recovery code is spent.
    # atomic: a recovery code is locked (select_for_update) while it is checked and spent.
    with context.request_context(request), transaction.atomic():
        form = AuthenticateForm(user=user, data={"code": code})
        if form.is_valid():
            form.authenticator.record_usage()
            return
    if any(e.code == "too_many_login_attempts" for e in form.errors.as_data().get("code", [])):
        raise SignInLimited(_sign_in_wait())
    raise ValidationError({"code": _("The code is wrong or has expired.")})


def _second_factor_request(user: User) -> str:
    # What to send as "code": a program cannot use a security key, so an account whose
    # only other factor is a key signs in to the API with a recovery code.
    if Authenticator.Type.TOTP in user_second_factor_types(user):
        return _(
            "This account uses two-factor authentication: send the code from your "
            'authenticator app, or one of your recovery codes, as "code".'
        )
    return _(
        "This account uses a security key, which a program cannot use: send one of your "
        'recovery codes as "code". New codes are on the two-factor authentication page of '
        "the website."
    )


def token_obtain(
    *, request: HttpRequest, email: str, password: str, code: str = ""
) -> tuple[AuthToken, str]:
    """Exchange e-mail, password and (with two-factor sign-in) a code for a new API token.

    Returns the token row and its key, which is shown once and stored only as a hash.
    """
    user = password_check(request=request, email=email, password=password)
    if user is None:
        raise ValidationError({"detail": _("Wrong e-mail address or password.")})
    if is_mfa_enabled(user):
        if not code.strip():
            raise ValidationError({"code": _second_factor_request(user)})
        _second_factor_check(request=request, user=user, code=code.strip())
    if not user_email_confirmed(user):
        raise ValidationError(
            {
                "detail": _(
                    "Confirm your e-mail address first: open the link in the e-mail we sent "
                    "you, or sign in on the website to have a new one sent."
                )
            }
        )
    return api_token_create(user=user)


def api_token_create(*, user: User) -> tuple[AuthToken, str]:
    """A new API token for the user, ending after API_TOKEN_DAYS; the oldest beyond
    API_TOKENS_PER_USER are revoked."""
    with transaction.atomic():
        token, key = AuthToken.objects.create(user=user)
        keep = (
            AuthToken.objects.filter(user=user)
            .order_by("-created")
            .values_list("digest", flat=True)[: settings.API_TOKENS_PER_USER]
        )
        AuthToken.objects.filter(user=user).exclude(digest__in=list(keep)).delete()
    return token, key


def api_tokens_active(*, user: User) -> list[AuthToken]:
    """The user's tokens that still work, newest first."""
    return list(AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created"))


def api_token_revoke(*, user: User, token_key: str) -> bool:
    """Revoke one of the user's tokens, named by the start of its key (as listed)."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted > 0


def api_tokens_revoke(*, user: User) -> int:
    """Revoke every API token of the user (password changed, account deleted)."""
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return deleted


def user_update(
    *, user: User, display_name: str | None = None, language: str | None = None
) -> User:
    """Change the user's display name and language preference. Only what changes is
    checked: a name the rules refuse today (given before a word was reserved, or by staff)
    does not stop its owner from switching language."""
    changed = []
    if display_name is not None:
        user.display_name = tidy_display_name(display_name)
        changed.append("display_name")
    if language is not None:
        user.language = language
        changed.append("language")
    user.full_clean(exclude=[f.name for f in user._meta.fields if f.name not in changed])
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
        "api_tokens": [
            {
                "starts_with": t.token_key[:8],
                "created": t.created.isoformat(),
                "expires": t.expiry.isoformat() if t.expiry else None,
            }
            for t in api_tokens_active(user=user)
        ],
    }
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete(*, user: User, anonymise: Collection[str] = ()) -> None:
    """Delete the account: personal data goes, authored content stays under an anonymous name.

    `anonymise`: data the person chose to leave behind without their name instead of having
    it removed (names from `personal_data.anonymisers()`, such as dialogue contributions)."""
    anonymisers = personal_data.anonymisers()
    unknown = set(anonymise) - set(anonymisers)
    if unknown:
        raise ValidationError(
            {
                "anonymise": _("Only these can be kept anonymised: %(names)s.")
                % {"names": ", ".join(sorted(anonymisers))}
            }
        )
    for name in anonymise:
        anonymisers[name](user)
    for eraser in personal_data.erasers().values():
        eraser(user)
    api_tokens_revoke(user=user)
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

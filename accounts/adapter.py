"""allauth customisation through adapters, not copied views."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.display_names import tidy_display_name, validate_display_name
from accounts.models import User
from hub.links import absolute_url, mail_site
from hub.net import client_ip

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # Keep the page language the person signed up in as their preference.
        language = getattr(request, "LANGUAGE_CODE", "sv")
        user.language = "en" if language.startswith("en") else "sv"
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The sign-in limits per address count the same address as the API throttles.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-account limit on the site's domain, which without the sites
        # framework is the request's Host header: "localhost:1", "localhost:2" … would
        # each get five fresh guesses. The account alone is the key.
        login = credentials.get("email", credentials.get("username", ""))
        return f"account:{str(login).strip().lower()}"

    # Links in allauth's e-mails name the configured SITE_URL (hub/links.py); allauth builds
    # them from the request's Host header, which says nothing about the address people use
    # (a proxy, another port) and which the client chooses.

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # As allauth builds the path: one opaque key in place of its "UID-KEY" pair.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        links: dict[str, Any] = {"current_site": mail_site()}
        # The mails to an address with no account, or one that has one already, point at
        # the sign-up and password-reset pages; allauth passes them built from the request.
        if "signup_url" in context:
            links["signup_url"] = absolute_url(reverse("account_signup"))
        if template_prefix == "account/email/account_already_exists":
            links["password_reset_url"] = absolute_url(reverse("account_reset_password"))
        super().send_mail(template_prefix, email, {**context, **links})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> User:
        # Municipal single sign-on gives a name; show it instead of nothing.
        user: User = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        name = tidy_display_name(name or "")[:100]
        if not name or user.display_name:
            return user
        try:
            validate_display_name(name)
        except ValidationError:
            # The organisation's directory is not ours to correct, and the person did not
            # choose the name: signing in must still work. They appear as an anonymous
            # user until they choose a name on the my-account page, which tells them why.
            logger.warning(
                "Single sign-on from %s gave a reserved display name; it was left empty.",
                sociallogin.account.provider,
            )
            messages.info(
                request,
                _(
                    "The name your organisation's sign-in gave is reserved here, so you appear "
                    "as an anonymous user. Choose a display name under My account."
                ),
                fail_silently=True,
            )
            return user
        user.display_name = name
        return user


def user_display(user: User) -> str:
    """How allauth names a person in pages and e-mail: their display name, else their address."""
    return user.display_name or user.email

"""What happens when a password changes, whichever way it changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User


class RevokeApiTokensOnChange:
    """Revoke the person's API tokens when their password changes.

    Listed in AUTH_PASSWORD_VALIDATORS only for Django's `password_changed` hook, which
    runs after every save of a new password: the account page, a reset by e-mail, the
    admin and `manage.py changepassword` alike. It never refuses a password.
    """

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            from accounts.services import api_tokens_revoke

            api_tokens_revoke(user=user)

    def get_help_text(self) -> str:
        # Shown with the other password rules, so say what a change does.
        return _("Changing your password revokes your API tokens.")

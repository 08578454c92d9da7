"""Writes for notifications: notify people, mark what they have read.

Any capability may notify: `notify()` creates the in-app rows in the caller's transaction
and sends the e-mails after commit, in each recipient's language. Nobody is notified of
their own action, and nobody about an idea or a proposal they may not see.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from ideas.models import Idea
from ideas.selectors import users_who_may_see_idea
from notifications.models import Notification
from notifications.selectors import notifications_for
from proposals.models import Proposal
from proposals.selectors import users_who_may_see_proposal

logger = logging.getLogger(__name__)
MAX_READ_IDS = 500


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    actor: User | None = None,
    idea: Idea | None = None,
    proposal: Proposal | None = None,
    url: str = "",
    excerpt: str = "",
) -> list[Notification]:
    """Notify each recipient once (never the actor, never about an idea they cannot see):
    an in-app notification now, an e-mail after commit."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    wanted = {r.pk: r for r in recipients if actor is None or r.pk != actor.pk}
    if not wanted:
        return []
    # Who may be told, in one query for all of them: accounts that are active and, for a
    # notice about an idea, may see it now.
    if idea is not None:
        allowed = users_who_may_see_idea(idea, wanted)
    elif proposal is not None:
        allowed = users_who_may_see_proposal(proposal, wanted)
    else:
        allowed = User.objects.all()
    allowed_ids = set(
        allowed.filter(pk__in=list(wanted), is_active=True, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    created = [
        Notification(
            recipient=recipient,
            kind=kind,
            actor=actor,
            idea=idea,
            proposal=proposal,
            url=url[:500],
            excerpt=" ".join(excerpt.split())[:300],
        )
        for pk, recipient in wanted.items()
        if pk in allowed_ids
    ]
    Notification.objects.bulk_create(created)
    if created:
        transaction.on_commit(lambda: _send_emails(created))
    return created


def _send_emails(notifications: list[Notification]) -> None:
    base = settings.SITE_URL.rstrip("/")
    for notification in notifications:
        recipient = notification.recipient
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            message = notification.message()
            body = render_to_string(
                "notifications/email.txt",
                {
                    "notification": notification,
                    "message": message,
                    "link": base + notification.url if notification.url else base + "/",
                    "settings_link": base + "/mitt-konto/notiser/",
                },
            )
            subject = f"[Delahub] {message}"
        try:
            send_mail(subject[:200], body, None, [recipient.email])
        except Exception:  # a mail server hiccup must not undo what was already committed
            logger.exception("Could not e-mail notification %s", notification.pk)


def notifications_mark_read(*, user: User, ids: Iterable[Any] | None = None) -> int:
    """Mark the user's notifications read: the given ids, or all when ids is None.
    Returns how many changed. Only those the user's list shows: one about an idea they may no
    longer see is neither marked nor counted."""
    unread = notifications_for(user, unread=True)
    if ids is not None:
        try:
            wanted = {int(i) for i in ids}
        except (TypeError, ValueError):
            raise ValidationError(
                {"ids": _("Give the notification ids as a list of numbers.")}
            ) from None
        if len(wanted) > MAX_READ_IDS:
            raise ValidationError(
                {"ids": _("At most %(max)s ids at a time, please.") % {"max": MAX_READ_IDS}}
            )
        unread = unread.filter(pk__in=wanted)
    return unread.update(read_at=timezone.now())

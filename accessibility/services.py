"""Writes for reported accessibility problems: store the report, tell the platform staff."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accessibility.models import ProblemReport
from accounts.models import User
from hub.links import absolute_url
from hub.rates import RateLimited, rate_wait

logger = logging.getLogger(__name__)


class ProblemReportRateLimited(RateLimited):
    """Too many reports from one person or address in a short time."""

    def __init__(self, wait: int) -> None:
        minutes = max(1, (wait + 59) // 60)
        super().__init__(
            ngettext(
                "You have sent several reports in a short time. Wait %(minutes)s minute and "
                "send it again; nothing was saved this time.",
                "You have sent several reports in a short time. Wait %(minutes)s minutes and "
                "send it again; nothing was saved this time.",
                minutes,
            )
            % {"minutes": minutes},
            wait,
        )


def _check_rate(reporter: User | None, address: str) -> None:
    # Signed in: per person, wherever they are. Anonymous: per network address, hashed so
    # the cache holds no address in the clear.
    if reporter is not None:
        key = f"accessibility:report:user:{reporter.pk}"
    else:
        key = "accessibility:report:addr:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    wait = rate_wait(key, settings.ACCESSIBILITY_REPORT_RATE_LIMIT)
    if wait:
        raise ProblemReportRateLimited(wait)


def problem_report_create(
    *,
    description: str,
    page: str = "",
    reply_to: str = "",
    reporter: User | None,
    address: str,
    language: str = "sv",
) -> ProblemReport:
    """Store a reported accessibility problem and e-mail the platform staff after commit.
    Bad input is a ValidationError naming the field; too many reports a RateLimited."""
    reporter = reporter if reporter is not None and reporter.is_authenticated else None
    report = ProblemReport(
        description=str(description or "").strip(),
        page=" ".join(str(page or "").split()),
        reply_to=str(reply_to or "").strip(),
        reporter=reporter,
        language="en" if str(language).startswith("en") else "sv",
    )
    if not report.description:
        raise ValidationError({"description": _("Describe the problem, so we can fix it.")})
    report.full_clean()
    # Counted only for reports that would be stored: correcting a form costs nothing.
    _check_rate(reporter, address)
    report.save()
    transaction.on_commit(lambda: _mail_staff(report))
    return report


def _staff() -> list[User]:
    # The platform staff who may read reports in the admin (superusers, or staff given the
    # permission): a mail with a link they cannot open would help no one.
    readers = ModelBackend().with_perm("accessibility.view_problemreport", is_active=True)
    return list(readers.filter(is_staff=True, deleted_at__isnull=True).order_by("pk"))


def _mail_staff(report: ProblemReport) -> None:
    link = absolute_url(reverse("admin:accessibility_problemreport_change", args=[report.pk]))
    for person in _staff():
        with translation.override(person.language or settings.LANGUAGE_CODE):
            context: dict[str, Any] = {"report": report, "link": link}
            body = render_to_string("accessibility/report_email.txt", context)
            subject = _("[Delahub] An accessibility problem was reported")
        message = EmailMessage(
            subject,
            body,
            to=[person.email],
            reply_to=[report.reply_to] if report.reply_to else None,
        )
        try:
            message.send()
        except Exception:  # a mail server hiccup must not undo the stored report
            logger.exception("Could not e-mail problem report %s", report.pk)


def problem_reports_mark_handled(*, reports: Any) -> int:
    """Mark reports handled (the admin's action); returns how many changed."""
    return int(reports.filter(handled_at__isnull=True).update(handled_at=timezone.now()))

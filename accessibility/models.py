"""Problems with the site's accessibility that people report to the platform staff.

The accessibility statement (required by the Swedish act on accessibility to digital public
services) must offer a way to tell whoever runs the site what does not work. A report is
stored here, staff read and handle it in the admin, and they are told by e-mail
(accessibility/services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DESCRIPTION = 5000
MAX_PAGE = 500


class ProblemReport(models.Model):
    description = models.TextField(_("what does not work"), max_length=MAX_DESCRIPTION)
    page = models.CharField(_("where on the site"), max_length=MAX_PAGE, blank=True)
    reply_to = models.EmailField(_("e-mail address for an answer"), blank=True)
    # The signed-in person who sent it; reports can be sent without an account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_reports",
    )
    # The page language it was written in, so staff can answer in it.
    language = models.CharField(_("language"), max_length=2, default="sv")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    staff_note = models.TextField(_("staff note"), blank=True)

    class Meta:
        verbose_name = _("reported accessibility problem")
        verbose_name_plural = _("reported accessibility problems")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["handled_at", "created_at"], name="problemreport_queue_idx"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79] + "…"

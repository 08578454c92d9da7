"""Dialogue meetings: physical or digital meetings of a citizen dialogue (or one of its focus
groups), the people registered for them (with a waitlist), and the team's short report.

A registration is personal data given under consent: it records the version of the consent
text the person agreed to (every version is kept in MeetingConsentText, as test rounds do),
and, for an age-limited focus group, the birth year the person stated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.display_names import PARTICIPANT
from hub.consent import ConsentTextVersion

#: The years a meeting may fall in (a year such as 26 is a slip of the keyboard).
MEETING_YEARS = (2000, 2100)


class Meeting(models.Model):
    """A dialogue meeting: when, where (a place or a link), and how many people fit."""

    class Mode(models.TextChoices):
        PHYSICAL = "physical", _("Physical meeting")
        DIGITAL = "digital", _("Digital meeting")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue",
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    focus_group = models.ForeignKey(
        "dialogues.FocusGroup",
        verbose_name=_("focus group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("kind of meeting"), max_length=20, choices=Mode.choices)
    location = models.CharField(_("place"), max_length=300, blank=True)
    # Shown only to those registered (and to the team): a meeting room's link is an
    # invitation, and passing it to everyone would let anyone in without a place.
    link = models.URLField(_("link to the digital meeting"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    consent_text = models.TextField(_("consent text"), max_length=10_000)
    consent_version = models.PositiveIntegerField(_("consent text version"), default=1)
    # Handed out under the meeting's row lock: pseudonym numbers ("Deltagare 3") and the
    # queue order, which decides who moves up from the waitlist first.
    last_participant_number = models.PositiveIntegerField(default=0, editable=False)
    last_position = models.PositiveIntegerField(default=0, editable=False)
    # The iCalendar SEQUENCE: raised when the time or place changes and when the meeting is
    # called off, so a calendar that imports the file again takes the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Called off by the team: the row stays (the registrations and the calendar point at
    # it), new registrations are refused and the pages say "Cancelled" with the reason.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("why it was cancelled"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_created"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["dialogue", "starts_at"], name="meeting_dialogue_starts")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_digital(self) -> bool:
        return self.mode == self.Mode.DIGITAL

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("starts_at", "ends_at"):
            when = getattr(self, name)
            if when is not None and not MEETING_YEARS[0] <= when.year <= MEETING_YEARS[1]:
                errors[name] = _("Give a date between the years %(first)s and %(last)s.") % {
                    "first": MEETING_YEARS[0],
                    "last": MEETING_YEARS[1],
                }
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if self.mode == self.Mode.PHYSICAL and not self.location.strip():
            errors["location"] = _("Say where the meeting takes place.")
        if self.mode == self.Mode.DIGITAL and not self.link.strip():
            errors["link"] = _("Give the link people use to join the digital meeting.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("A meeting needs room for at least one person.")
        if errors:
            raise ValidationError(errors)


class MeetingConsentText(ConsentTextVersion):
    """Every version of a meeting's consent text, so a registration points at what was agreed."""

    owner_field = "meeting"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="consent_texts")

    class Meta(ConsentTextVersion.Meta):
        ordering = ["meeting_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="meetingconsent_unique_version"
            )
        ]


class Registration(models.Model):
    """A person's place at a meeting, or in its waitlist, with the consent they gave."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.REGISTERED, Status.WAITLISTED)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    number = models.PositiveIntegerField(_("participant number"))
    # The place in the queue: the waitlist moves up in this order.
    position = models.PositiveIntegerField(_("place in the queue"))
    consent_version = models.PositiveIntegerField(_("consent text version"))
    consented_at = models.DateTimeField(_("consent given"))
    # Only for a focus group with an age range: the year the person said they were born.
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["meeting_id", "position"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["meeting", "status", "position"], name="registration_queue")
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="registration_unique_user"),
            models.UniqueConstraint(
                fields=["meeting", "number"], name="registration_unique_number"
            ),
            models.UniqueConstraint(
                fields=["meeting", "position"], name="registration_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        """What the team sees instead of the person: "Deltagare 3"."""
        return str(PARTICIPANT % {"number": self.number})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class MeetingReport(models.Model):
    """What the team wrote after the meeting: how many came, and short notes."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    attendees = models.PositiveIntegerField(_("attendees"))
    notes = models.TextField(_("notes"), max_length=10_000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="meeting_reports_written",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting report")
        verbose_name_plural = _("meeting reports")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.attendees}"

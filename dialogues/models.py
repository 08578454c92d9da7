"""Citizen dialogues: a municipality asks its residents a few questions about their place.

A dialogue has prompts (1–5 questions), areas (bygder with their villages), focus groups and
contributions. A contribution's exact point is personal data (it is often a home): it is kept
for the municipality's team only; the public sees its area or its point snapped to a coarse
grid (`coarse_longitude`/`coarse_latitude`, set by dialogues.services, never by hand).
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

MAX_PROMPTS = 5
MAX_ANSWER = 5_000


class Dialogue(models.Model):
    """A municipality's citizen dialogue ("put your place on the map")."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        REPORTED = "reported", _("Reported")

    # The only moves: draft → open → closed → reported. `move_to` is the one check.
    TRANSITIONS: dict[str, str] = {
        Status.DRAFT: Status.OPEN,
        Status.OPEN: Status.CLOSED,
        Status.CLOSED: Status.REPORTED,
    }

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    # The questions, in order: a list of 1–5 strings. A contribution answers them by index.
    prompts = models.JSONField(_("questions"), default=list)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogues",
    )
    consent_text = models.TextField(_("consent text"), max_length=10_000)
    consent_version = models.PositiveIntegerField(_("consent text version"), default=1)
    # Pseudonym numbers ("Deltagare 3") are handed out from this counter under the
    # dialogue's row lock, as in test rounds.
    last_participant_number = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dialogues_created"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        indexes = [
            models.Index(fields=["organisation", "status"], name="dialogue_organisation_status")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:dialogue_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def move_to(self, status: str) -> None:
        """Change the status in memory after checking the one allowed move."""
        if status == self.status:
            return
        if status not in self.Status.values:
            raise ValidationError({"status": _("Choose draft, open, closed or reported.")})
        allowed = self.TRANSITIONS.get(self.status)
        if status != allowed:
            message: Any
            if allowed is None:
                message = _("The dialogue is reported; its status cannot change any more.")
            else:
                message = _(
                    "A %(current)s dialogue can only move to %(allowed)s (%(allowed_code)s)."
                ) % {
                    "current": self.Status(self.status).label.lower(),
                    "allowed": self.Status(allowed).label.lower(),
                    "allowed_code": allowed,
                }
            raise ValidationError({"status": message})
        self.status = status

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        prompts = self.prompts
        if (
            not isinstance(prompts, list)
            or not 1 <= len(prompts) <= MAX_PROMPTS
            or not all(isinstance(p, str) and p.strip() and len(p) <= 500 for p in prompts)
        ):
            errors["prompts"] = _("Give between 1 and %(max)s questions, each a short text.") % {
                "max": MAX_PROMPTS
            }
        if self.opens_at and self.closes_at and self.closes_at < self.opens_at:
            errors["closes_at"] = _("The dialogue cannot close before it opens.")
        if errors:
            raise ValidationError(errors)


class DialogueConsentText(ConsentTextVersion):
    """Every version of a dialogue's consent text, so a contribution points at what was agreed."""

    owner_field = "dialogue"
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="consent_texts")

    class Meta(ConsentTextVersion.Meta):
        ordering = ["dialogue_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "version"], name="dialogueconsent_unique_version"
            )
        ]


class Area(models.Model):
    """A part of the municipality (a bygd) with its villages, optionally with a polygon."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=100)
    villages = models.JSONField(_("villages"), default=list, blank=True)
    # A GeoJSON Polygon or MultiPolygon in WGS 84 inside the municipality, or null.
    polygon = models.JSONField(_("polygon (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["dialogue_id", "name", "id"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "name"], name="area_unique_dialogue_name")
        ]

    def __str__(self) -> str:
        return self.name


class FocusGroup(models.Model):
    """A group the dialogue seeks out (newcomers, young people 14–25, a bygd …)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="focus_groups")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("who it is for"), max_length=2_000, blank=True)
    min_size = models.PositiveIntegerField(_("smallest size"), null=True, blank=True)
    max_size = models.PositiveIntegerField(_("largest size"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)

    class Meta:
        ordering = ["dialogue_id", "id"]
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "name"], name="focusgroup_unique_dialogue_name"
            ),
            models.CheckConstraint(
                condition=Q(min_size__isnull=True)
                | Q(max_size__isnull=True)
                | Q(max_size__gte=models.F("min_size")),
                name="focusgroup_size_range",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="focusgroup_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """A resident's answers to a dialogue's prompts, placed on the map or in an area.

    `longitude`/`latitude` are exact (the team's); `coarse_*` are the centre of the ~250 m
    grid cell the point falls in (the public's). `number` is the author's pseudonym number in
    this dialogue ("Deltagare 3"); `author` is null once the person chose to be anonymised."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_contributions",
    )
    number = models.PositiveIntegerField(_("participant number"))
    answers = models.JSONField(_("answers"), default=list)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    village = models.CharField(_("village"), max_length=100, blank=True)
    longitude = models.FloatField(_("longitude (WGS 84)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude (WGS 84)"), null=True, blank=True)
    coarse_longitude = models.FloatField(null=True, blank=True, editable=False)
    coarse_latitude = models.FloatField(null=True, blank=True, editable=False)
    show_name = models.BooleanField(_("show my name"), default=False)
    focus_group = models.ForeignKey(
        FocusGroup,
        verbose_name=_("focus group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    consent_version = models.PositiveIntegerField(_("consent text version"))
    consented_at = models.DateTimeField(_("consent given"))
    is_gold = models.BooleanField(_("guldkorn"), default=False)
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_contributions",
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, max_length=2_000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["dialogue", "id"], name="contribution_dialogue_id")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(longitude__isnull=True) & Q(latitude__isnull=True))
                | (
                    Q(longitude__gte=-180, longitude__lte=180)
                    & Q(latitude__gte=-90, latitude__lte=90)
                ),
                name="contribution_point_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} in {self.dialogue_id}"

    @property
    def pseudonym(self) -> str:
        """What the team sees instead of the person: "Deltagare 3"."""
        return str(PARTICIPANT % {"number": self.number})

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

"""Prototypes of service concepts and the test rounds citizens take part in."""

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

# The ten statements of the System Usability Scale (John Brooke, 1986), in the standard
# order: odd items are positive, even items negative. The Swedish texts in the sv
# catalogue follow the established Swedish translation of SUS.
SUS_ITEMS: list[Any] = [
    _("I think that I would like to use this system frequently."),
    _("I found the system unnecessarily complex."),
    _("I thought the system was easy to use."),
    _("I think that I would need the support of a technical person to be able to use this system."),
    _("I found the various functions in this system were well integrated."),
    _("I thought there was too much inconsistency in this system."),
    _("I would imagine that most people would learn to use this system very quickly."),
    _("I found the system very cumbersome to use."),
    _("I felt very confident using the system."),
    _("I needed to learn a lot of things before I could get going with this system."),
]

MAX_TASKS = 20
MAX_TASK_SECONDS = 24 * 60 * 60


class Prototype(models.Model):
    """One version of a service concept: what citizens click through in a test."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        ARCHIVED = "archived", _("Archived")

    idea = models.ForeignKey(
        "ideas.Idea", verbose_name=_("idea"), on_delete=models.CASCADE, related_name="prototypes"
    )
    label = models.CharField(_("version label"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    link = models.URLField(_("link to the clickable prototype"), blank=True, max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prototypes_created"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["idea_id", "created_at", "id"]
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        constraints = [
            models.UniqueConstraint(fields=["idea", "label"], name="prototype_unique_idea_label")
        ]

    def __str__(self) -> str:
        return f"{self.idea} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("frontend:prototype_detail", kwargs={"pk": self.pk})


def prototype_image_upload_to(instance: PrototypeImage, filename: str) -> str:
    from ideas.files import storage_name

    # A random name with the checked extension: no user text reaches the file system.
    return f"prototypes/{instance.prototype_id}/{storage_name(filename)}"


class PrototypeImage(models.Model):
    """A screenshot or sketch of a prototype, with the text alternative it needs."""

    prototype = models.ForeignKey(Prototype, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("image"), upload_to=prototype_image_upload_to, max_length=300)
    alt_text = models.CharField(_("text alternative"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("prototype image")
        verbose_name_plural = _("prototype images")

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        """Served through a view that applies the prototype's visibility (never /media/)."""
        return reverse(
            "frontend:prototype_image", kwargs={"pk": self.prototype_id, "image_id": self.pk}
        )


def open_for_sign_up_q(round_path: str = "", prototype_path: str = "prototype__") -> Q:
    """The rule for a round open for sign-up, as one condition on the round's fields (reached
    through `round_path`) and its prototype's (through `prototype_path`), so it can be asked
    from a round or, in one filter() call, from an idea ("prototypes__rounds__",
    "prototypes__"): recruiting participants, or running and still taking them, on an open
    prototype. Such a round is published, so whoever sees its idea sees it."""
    return Q(
        **{
            f"{round_path}status__in": [TestRound.Status.RECRUITING, TestRound.Status.RUNNING],
            f"{prototype_path}status": Prototype.Status.OPEN,
        }
    )


class TestRoundQuerySet(models.QuerySet["TestRound"]):
    def open_for_sign_up(self) -> TestRoundQuerySet:
        """Rounds people can join: recruiting participants, or running and still taking
        them (lists show the two apart: prototypes.selectors.open_rounds)."""
        return self.filter(open_for_sign_up_q())


#: The years a test round's dates may fall in.
ROUND_YEARS = (2000, 2100)


class TestRound(models.Model):
    """A round of tests of one prototype with its target group."""

    __test__ = False  # not a pytest class, despite the name

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RECRUITING = "recruiting", _("Recruiting participants")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    # The only moves: planned → recruiting → running → closed.
    TRANSITIONS: dict[str, str] = {
        Status.PLANNED: Status.RECRUITING,
        Status.RECRUITING: Status.RUNNING,
        Status.RUNNING: Status.CLOSED,
    }

    prototype = models.ForeignKey(
        Prototype, verbose_name=_("prototype"), on_delete=models.CASCADE, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), max_length=5_000)
    target_group = models.ForeignKey(
        "ideas.TargetGroup",
        verbose_name=_("target group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_rounds",
    )
    tasks = models.JSONField(_("tasks"), default=list)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    remote = models.BooleanField(_("remote"), default=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    consent_text = models.TextField(_("consent text"), max_length=10_000)
    consent_version = models.PositiveIntegerField(_("consent text version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # Pseudonym numbers are handed out from this counter under the round's row lock, so
    # "Deltagare 3" stays "Deltagare 3" even when someone before them withdraws.
    last_participant_number = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="test_rounds_created"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TestRoundQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("test round")
        verbose_name_plural = _("test rounds")
        indexes = [models.Index(fields=["status", "starts_at"], name="testround_status_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="testround_capacity_positive",
                violation_error_message=_("A round needs room for at least one participant."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:round_detail", kwargs={"pk": self.pk})

    @property
    def idea(self) -> Any:
        return self.prototype.idea

    @property
    def is_open_for_sign_up(self) -> bool:
        return self.status in (self.Status.RECRUITING, self.Status.RUNNING)

    def move_to(self, status: str) -> None:
        """Change the status in memory after checking the one allowed move."""
        if status == self.status:
            return
        allowed = self.TRANSITIONS.get(self.status)
        if status != allowed:
            message: Any
            if allowed is None:
                message = _("The round is closed; its status cannot change any more.")
            else:
                message = _(
                    "A %(current)s round can only move to %(allowed)s (%(allowed_code)s)."
                ) % {
                    "current": self.Status(self.status).label.lower(),
                    "allowed": self.Status(allowed).label.lower(),
                    "allowed_code": allowed,
                }
            raise ValidationError({"status": message})
        self.status = status

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("starts_at", "ends_at"):
            # A round happens in this era: a year such as 86 is a slip of the keyboard (and
            # before 1900 the time zone had no whole-minute offset to write it with).
            when = getattr(self, name)
            if when is not None and not ROUND_YEARS[0] <= when.year <= ROUND_YEARS[1]:
                errors[name] = _("Give a date between the years %(first)s and %(last)s.") % {
                    "first": ROUND_YEARS[0],
                    "last": ROUND_YEARS[1],
                }
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The round cannot end before it starts.")
        if not self.remote and not self.place.strip():
            errors["place"] = _("Say where the test takes place, or mark the round as remote.")
        if errors:
            raise ValidationError(errors)


class ConsentText(ConsentTextVersion):
    """Every version of a round's consent text, so a participation points at what was agreed."""

    owner_field = "round"
    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="consent_texts")

    class Meta(ConsentTextVersion.Meta):
        ordering = ["round_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "version"], name="consenttext_unique_version")
        ]


class Participation(models.Model):
    """A citizen in a round, with the consent they gave (version and time)."""

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    number = models.PositiveIntegerField(_("participant number"))
    consent_version = models.PositiveIntegerField(_("consent text version"))
    consented_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_id", "number"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="participation_unique_user"),
            models.UniqueConstraint(fields=["round", "number"], name="participation_unique_number"),
        ]

    def __str__(self) -> str:
        return str(self.pseudonym)

    @property
    def pseudonym(self) -> str:
        """What the team sees instead of the person: "Deltagare 3"."""
        return str(PARTICIPANT % {"number": self.number})


class Feedback(models.Model):
    """One participant's answers: per task, the ten SUS items and free text."""

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="feedback"
    )
    # [{completed: bool, difficulty: 1–5, seconds: int|None, comment: str}, …], one per task.
    tasks = models.JSONField(default=list)
    # Ten answers 1–5 in the standard SUS item order.
    sus = models.JSONField(default=list)
    sus_score = models.FloatField(editable=False)
    text = models.TextField(blank=True, max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participation__number"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return str(self.participation)


class Finding(models.Model):
    """What the team concluded from a round."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")
        POSITIVE = "positive", _("Positive")

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="findings")
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    description = models.TextField(_("description"), max_length=10_000)
    feedback = models.ManyToManyField(
        Feedback, verbose_name=_("linked feedback"), related_name="findings", blank=True
    )
    addressed_in = models.ForeignKey(
        Prototype,
        verbose_name=_("addressed in version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings_addressed",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="findings_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEVERITY_ORDER = ["critical", "major", "minor", "positive"]

    class Meta:
        ordering = ["round_id", "created_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description[:60]}"

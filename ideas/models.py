"""Ideas: activities and service concepts moving through the customer-driven stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.auth import is_signed_in

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from hub.auth import Viewer


class Stage(models.TextChoices):
    """The customer-driven method (kunddriven verksamhetsutveckling), in order."""

    TARGET_GROUPS = "target_groups", _("Identify target groups")
    INSIGHTS = "insights", _("Understand the needs")
    ANALYSIS = "analysis", _("Analysis")
    CONCEPT = "concept", _("Concept")
    PROTOTYPE = "prototype", _("Prototype")
    USER_TEST = "user_test", _("Test with the target group")
    LAUNCH = "launch", _("Launch")
    FOLLOW_UP = "follow_up", _("Follow-up")
    DISCONTINUED = "discontinued", _("Discontinued")


STAGE_ORDER: list[str] = [s.value for s in Stage if s != Stage.DISCONTINUED]


def allowed_next_stages(current: str, resumed_from: str | None = None) -> list[str]:
    """The stages an idea at `current` may move to: one forward, any earlier, or discontinued.

    A discontinued idea may be resumed at the stage it left (`resumed_from`) or any earlier one.
    This is the one place the transition rule lives.
    """
    if current == Stage.DISCONTINUED:
        if resumed_from in STAGE_ORDER:
            return STAGE_ORDER[: STAGE_ORDER.index(resumed_from) + 1]
        return list(STAGE_ORDER)
    index = STAGE_ORDER.index(current)
    allowed = STAGE_ORDER[:index]
    if index + 1 < len(STAGE_ORDER):
        allowed.append(STAGE_ORDER[index + 1])
    allowed.append(Stage.DISCONTINUED.value)
    return allowed


class Category(models.TextChoices):
    CARE = "care", _("Health and social care")
    EDUCATION = "education", _("Education and schools")
    ENVIRONMENT = "environment", _("Environment, waste and energy")
    SAFETY = "safety", _("Safety and preparedness")
    DEMOCRACY = "democracy", _("Democracy and citizen dialogue")
    CULTURE = "culture", _("Culture and leisure")
    PLANNING = "planning", _("Planning and building")
    BUSINESS = "business", _("Business and work")
    ADMINISTRATION = "administration", _("Administration and internal services")
    DIGITAL = "digital", _("Digital infrastructure")
    OTHER = "other", _("Other")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class IdeaQuerySet(models.QuerySet["Idea"]):
    def visible_to(self, user: Viewer) -> QuerySet[Idea]:
        """The one visibility rule: public to all, organisation to members of the owning
        or co-owning organisations, draft to its author. Everything else is 404."""
        public = Q(visibility=Idea.Visibility.PUBLIC)
        if not is_signed_in(user):
            return self.filter(public)
        from accounts.selectors import user_organisation_ids

        org_ids = user_organisation_ids(user)
        members = Q(visibility=Idea.Visibility.ORGANISATION) & (
            Q(organisation_id__in=org_ids)
            | Q(
                pk__in=Idea.co_organisations.through.objects.filter(
                    organisation_id__in=org_ids
                ).values("idea_id")
            )
        )
        author = Q(visibility=Idea.Visibility.DRAFT, created_by=user)
        return self.filter(public | members | author)


class Idea(models.Model):
    """An activity or a service concept shared by an organisation."""

    class Kind(models.TextChoices):
        SERVICE_CONCEPT = "service_concept", _("Service concept")
        ACTIVITY = "activity", _("Activity")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        ORGANISATION = "organisation", _("Members of the organisations")
        DRAFT = "draft", _("Draft (only me)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("description (Markdown)"), blank=True, max_length=50_000)
    body_html = models.TextField(editable=False, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    co_organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("co-owning organisations"),
        related_name="co_ideas",
        blank=True,
    )
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="ideas", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="ideas", blank=True
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.TARGET_GROUPS
    )
    # The stage left when discontinued, so a resumed idea knows where it may come back to.
    stage_before_discontinued = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    results = models.TextField(_("results"), blank=True, max_length=20_000)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, max_length=20_000)
    links = models.JSONField(_("links"), default=list, blank=True)
    repository_url = models.URLField(_("software repository"), blank=True)
    software_licence = models.CharField(
        _("software licence"),
        max_length=100,
        blank=True,
        help_text=_("SPDX identifier of the software's licence, such as EUPL-1.2 or MIT."),
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas_created"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Denormalised counters, kept by the services that change them, for sorting lists.
    adoption_count = models.PositiveIntegerField(default=0, editable=False)
    follower_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            # The default list order (newest first, id breaking ties) read straight off the
            # index, without sorting the visible rows.
            models.Index(
                fields=["visibility", "-created_at", "-id"], name="idea_visibility_newest"
            ),
            models.Index(fields=["stage"], name="idea_stage"),
            models.Index(fields=["-adoption_count"], name="idea_adoption_count"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:idea_detail", kwargs={"pk": self.pk})

    def allowed_next_stages(self) -> list[str]:
        return allowed_next_stages(self.stage, self.stage_before_discontinued or None)

    def move_to(self, stage: str) -> str:
        """Change the stage in memory after checking the rule; returns the stage left."""
        allowed = self.allowed_next_stages()
        if stage not in allowed:
            labels = ", ".join(str(Stage(s).label) + f" ({s})" for s in allowed)
            raise ValidationError(
                {
                    "stage": _(
                        "%(current)s cannot move to %(stage)s. Allowed next stages: %(allowed)s."
                    )
                    % {
                        "current": Stage(self.stage).label,
                        "stage": Stage(stage).label if stage in Stage.values else stage,
                        "allowed": labels,
                    }
                }
            )
        previous = self.stage
        if stage == Stage.DISCONTINUED:
            self.stage_before_discontinued = previous
        elif previous == Stage.DISCONTINUED:
            self.stage_before_discontinued = ""
        self.stage = stage
        return previous


class StageChange(models.Model):
    """One recorded stage change: who, when, from, to and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True, max_length=5_000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stage_changes"
    )
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_stage or '-'} -> {self.to_stage}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name is chosen by the service (random, safe); the person's own file name
    # is kept in `file_name` for the download.
    return f"evidence/{instance.idea_id}/{filename}"


class Evidence(models.Model):
    """What an idea learned at a stage: text, a link, a file or a cited fact, shown on the
    timeline."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="evidence")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, max_length=20_000)
    link = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    # A cited fact counts as the evidence's content. Removing the fact keeps the evidence
    # (its title says what it was).
    fact = models.ForeignKey(
        "facts.Fact",
        verbose_name=_("fact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """Another organisation reuses the idea: the reuse signal coordinators look for."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        EVALUATING = "evaluating", _("Evaluating")
        ADOPTED = "adopted", _("Adopted")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="adoptions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=5_000)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adoptions_recorded"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "organisation"], name="adoption_unique_idea_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.status} {self.idea_id}"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "idea"], name="follow_unique_user_idea")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.idea_id}"

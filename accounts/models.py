from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.display_names import ANONYMOUS_USER, DELETED_USER, validate_display_name

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from hub.auth import Viewer


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail is the login; a user without memberships is a citizen."""

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True, max_length=254)
    display_name = models.CharField(
        _("display name"), max_length=100, blank=True, validators=[validate_display_name]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    is_staff = models.BooleanField(_("platform staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # noqa: RUF012 - Django reads it as a class attribute

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown next to what the user wrote; never the e-mail address."""
        if self.deleted_at:
            return str(DELETED_USER)
        return self.display_name or str(ANONYMOUS_USER)

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class County(models.Model):
    """A Swedish county (län), keyed by its two-digit länskod."""

    code = models.CharField(_("county code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region_name = models.CharField(_("regional authority"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_member(self, user: Viewer) -> QuerySet[Organisation]:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    """A municipality, region, agency or other public organisation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        AGENCY = "agency", _("Agency")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(_("official code"), max_length=20, blank=True)
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~Q(code=""),
                name="organisation_unique_kind_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("frontend:organisation_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"

    @property
    def manages(self) -> bool:
        return self.role in (self.Role.COORDINATOR, self.Role.ADMIN)

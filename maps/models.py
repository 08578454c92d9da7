"""Places on the map (service points, safety points, shops, meeting places) and the support
rules that depend on the distance between shops."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """A municipality's place: a village shop with a service agreement (service point), an
    information or safety point, a meeting place. Its point is kept as given (WGS 84) and in
    SWEREF 99 TM metres, where distances are measured (set by maps.services, never by hand)."""

    class Kind(models.TextChoices):
        SERVICE_POINT = "service_point", _("Service point")
        INFO_POINT = "info_point", _("Information point")
        SAFETY_POINT = "safety_point", _("Safety point")
        SHOP = "shop", _("Shop")
        MEETING_PLACE = "meeting_place", _("Meeting place")
        OTHER = "other", _("Other")

    class Function(models.TextChoices):
        # The first six are what a safety point (trygghetspunkt) should offer.
        BACKUP_POWER = "backup_power", _("Backup power")
        INFORMATION_CHANNEL = "information_channel", _("Information channel")
        CRISIS_CONTACT = "crisis_contact", _("Local crisis contact")
        HEATING = "heating", _("Heating")
        WATER = "water", _("Drinking water")
        CHARGING = "charging", _("Charging of phones")
        PARCELS = "parcels", _("Parcel pick-up")
        PHARMACY = "pharmacy", _("Pharmacy agent")
        CASH = "cash", _("Cash withdrawal")
        FUEL = "fuel", _("Fuel")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        ORGANISATION = "organisation", _("Members of the organisation")

    #: What a safety point should offer: its page lists what is missing.
    SAFETY_FUNCTIONS = (
        Function.BACKUP_POWER,
        Function.INFORMATION_CHANNEL,
        Function.CRISIS_CONTACT,
        Function.HEATING,
        Function.WATER,
        Function.CHARGING,
    )
    #: Shops and the service points they carry (a service point that became an information
    #: or safety point is still the village shop): what nearest distances and support rules
    #: are about.
    SHOP_KINDS = (Kind.SHOP, Kind.SERVICE_POINT, Kind.INFO_POINT, Kind.SAFETY_POINT)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="places",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area (bygd)"), max_length=100, blank=True)
    village = models.CharField(_("village"), max_length=100, blank=True)
    longitude = models.FloatField(_("longitude (WGS 84)"))
    latitude = models.FloatField(_("latitude (WGS 84)"))
    easting = models.FloatField(_("easting (SWEREF 99 TM)"), editable=False)
    northing = models.FloatField(_("northing (SWEREF 99 TM)"), editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=5_000, blank=True)
    functions = models.JSONField(_("functions"), default=list, blank=True)
    agreement_from = models.DateField(_("service agreement from"), null=True, blank=True)
    agreement_to = models.DateField(_("service agreement to"), null=True, blank=True)
    ideas = models.ManyToManyField(
        "ideas.Idea", verbose_name=_("ideas"), related_name="places", blank=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="places_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            models.Index(fields=["organisation", "kind"], name="place_organisation_kind"),
            models.Index(fields=["easting", "northing"], name="place_sweref"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180)
                & Q(latitude__gte=-90, latitude__lte=90),
                name="place_point_in_range",
            ),
            models.CheckConstraint(
                condition=Q(agreement_from__isnull=True)
                | Q(agreement_to__isnull=True)
                | Q(agreement_to__gte=models.F("agreement_from")),
                name="place_agreement_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("frontend:place_detail", kwargs={"pk": self.pk})

    @property
    def is_shop(self) -> bool:
        return self.kind in self.SHOP_KINDS

    def missing_safety_functions(self) -> list[str]:
        """What a safety point lacks of SAFETY_FUNCTIONS (nothing for other kinds)."""
        if self.kind != self.Kind.SAFETY_POINT:
            return []
        return [f for f in self.SAFETY_FUNCTIONS if f not in self.functions]


class SupportRuleQuerySet(models.QuerySet["SupportRule"]):
    def in_force(self, day: datetime.date) -> SupportRuleQuerySet:
        """The rules valid on `day`."""
        return self.filter(
            Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        )


class SupportRule(models.Model):
    """A rule for state support to a village shop: the shop qualifies when the nearest other
    shop is farther than `threshold_km`. Data, edited by platform staff in the admin, with
    the dates it applies and its source."""

    name = models.CharField(_("name"), max_length=200)
    threshold_km = models.DecimalField(
        _("distance to the nearest other shop (km)"), max_digits=6, decimal_places=2
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), max_length=2_000)
    source_url = models.URLField(_("source link"), blank=True)

    objects = SupportRuleQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "name"]
        verbose_name = _("support rule")
        verbose_name_plural = _("support rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_km__gt=0), name="support_rule_threshold_positive"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="support_rule_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

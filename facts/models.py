"""Shared facts: an organisation's fact sheet per year (its knowledge base), with sections of
text and figures, some of them imported from Kolada; the evidence behind ideas."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: What imported figures are marked with: pages show "Källa: Kolada".
KOLADA = "Kolada"


class FactSheet(models.Model):
    """An organisation's facts for one year: sections of text and figures. Public, or for
    the organisation's members only (like a place's visibility: one rule, facts.selectors)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        ORGANISATION = "organisation", _("Members of the organisation")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="fact_sheets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("fact sheet")
        verbose_name_plural = _("fact sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="fact_sheet_unique_organisation_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100), name="fact_sheet_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def get_absolute_url(self) -> str:
        url = reverse("frontend:fact_sheet", kwargs={"slug": self.organisation.slug})
        return f"{url}?year={self.year}"


class FactSection(models.Model):
    """A section of a fact sheet: a title and Markdown text (a theme such as public health)."""

    sheet = models.ForeignKey(FactSheet, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text (Markdown)"), blank=True, max_length=20_000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Fact(models.Model):
    """One figure: a label, a value with its unit, the year it describes and its source.
    `value` is empty in a new year's edition until it is given (or imported)."""

    class SourceKind(models.TextChoices):
        MANUAL = "manual", _("Entered by the organisation")
        KOLADA = "kolada", _("Imported from Kolada")

    sheet = models.ForeignKey(FactSheet, on_delete=models.CASCADE, related_name="facts")
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year of the figure"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    kpi = models.CharField(
        _("Kolada key figure"),
        max_length=20,
        blank=True,
        help_text=_("The id of a Kolada key figure, such as N00005, to compare over the years."),
    )
    source_kind = models.CharField(
        _("kind of source"), max_length=10, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            # One figure per key figure in a sheet: what makes the Kolada import idempotent.
            models.UniqueConstraint(
                fields=["sheet", "kpi"], condition=~Q(kpi=""), name="fact_unique_sheet_kpi"
            ),
        ]
        indexes = [models.Index(fields=["kpi", "year"], name="fact_kpi_year")]

    def __str__(self) -> str:
        return self.label


class NationalFigure(models.Model):
    """A Kolada key figure for Sweden as a whole (Kolada's "Riket", id 0000), to compare
    against. Sweden is no organisation of the hub, so these figures have a table of their own;
    they are public, as Kolada's data is."""

    kpi = models.CharField(_("Kolada key figure"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["kpi", "year"]
        verbose_name = _("figure for Sweden")
        verbose_name_plural = _("figures for Sweden")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="national_figure_unique_kpi_year")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.year}: {self.value}"

"""Facts in the API. A sheet is `{id, organisation, year, visibility, sections: [{id, title,
text, text_html, order}], facts: [fact, …], url}`; a fact is `{id, label, value, unit, year,
source, source_url, kpi, ideas, sheet, edition, source_kind}`, where `year` is the year the
figure describes, `edition` its sheet's year, and `ideas` the ideas the caller may see whose
evidence cites it. Serializers that read need `ideas` (fact id -> idea ids) in their context."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from facts.models import Fact, FactSection, FactSheet
from hub.markdown import render_markdown


class FactSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="The figure, a number (null until given in a new year's edition).",
    )
    kpi = serializers.SerializerMethodField(help_text="The Kolada key figure id, or null.")
    ideas = serializers.SerializerMethodField()
    edition = serializers.IntegerField(source="sheet.year", help_text="The sheet's year.")
    organisation = serializers.CharField(source="sheet.organisation.slug")

    class Meta:
        model = Fact
        fields = [
            "id",
            "label",
            "value",
            "unit",
            "year",
            "source",
            "source_url",
            "kpi",
            "ideas",
            "sheet",
            "edition",
            "organisation",
            "source_kind",
            "order",
        ]
        read_only_fields = fields

    def get_kpi(self, obj: Fact) -> str | None:
        return obj.kpi or None

    def get_ideas(self, obj: Fact) -> list[int]:
        """The ideas the caller may see whose evidence cites this fact."""
        return list(self.context["ideas"].get(obj.pk, []))


class SectionSerializer(serializers.ModelSerializer):
    text_html = serializers.SerializerMethodField()

    class Meta:
        model = FactSection
        fields = ["id", "title", "text", "text_html", "order"]
        read_only_fields = fields

    def get_text_html(self, obj: FactSection) -> str:
        return render_markdown(obj.text, heading_base=3)


class SheetSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.slug")
    sections = SectionSerializer(source="loaded_sections", many=True)
    facts = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = FactSheet
        fields = ["id", "organisation", "year", "visibility", "sections", "facts", "url"]
        read_only_fields = fields

    @extend_schema_field(FactSerializer(many=True))
    def get_facts(self, obj: FactSheet) -> Any:
        facts = obj.loaded_facts  # type: ignore[attr-defined]
        return FactSerializer(facts, many=True, context=self.context).data

    def get_url(self, obj: FactSheet) -> str:
        return obj.get_absolute_url()


class FactWriteSerializer(serializers.Serializer):
    """A figure to add or change (PATCH: any of these fields)."""

    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    value = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True, required=False, coerce_to_string=False
    )
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True)
    year = serializers.IntegerField(
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("The year the figure describes (the sheet's year if left out)."),
    )
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=300, required=False, allow_blank=True
    )
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    kpi = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("A Kolada key figure id, such as N00005."),
    )


class SectionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=20_000, required=False, allow_blank=True)


class SheetWriteSerializer(serializers.Serializer):
    """Sections and figures to add to the year's sheet, which is started if there is none."""

    year = serializers.IntegerField(min_value=1900, max_value=2100)
    visibility = serializers.ChoiceField(choices=FactSheet.Visibility.choices, required=False)
    copy_from_previous = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "When the sheet is started: take the previous year's sections and figures "
            "(without their values)."
        ),
    )
    sections = serializers.ListField(child=SectionWriteSerializer(), required=False, max_length=100)
    facts = serializers.ListField(child=FactWriteSerializer(), required=False, max_length=500)


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100, required=False)

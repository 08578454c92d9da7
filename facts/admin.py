from django.contrib import admin

from facts.models import Fact, FactSection, FactSheet, NationalFigure


class FactSectionInline(admin.StackedInline):
    model = FactSection
    extra = 0


class FactInline(admin.TabularInline):
    model = Fact
    extra = 0


@admin.register(FactSheet)
class FactSheetAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "visibility"]
    list_filter = ["visibility", "year"]
    search_fields = ["organisation__name"]
    inlines = [FactSectionInline, FactInline]


@admin.register(NationalFigure)
class NationalFigureAdmin(admin.ModelAdmin):
    list_display = ["kpi", "year", "value"]
    search_fields = ["kpi"]

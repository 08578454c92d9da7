"""Platform staff edit the support rules here. Places are read here and managed by the
members of their municipality (pages and API), whose point checks live in maps.services."""

from django.contrib import admin

from maps.models import Place, SupportRule


@admin.register(SupportRule)
class SupportRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "threshold_km", "valid_from", "valid_to"]
    list_filter = ["valid_from"]
    search_fields = ["name", "source"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "village", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = ["name", "village", "area", "organisation__name"]
    # Read-only: a point is checked against the municipality's boundary by the service.
    readonly_fields = [f.name for f in Place._meta.fields] + ["ideas"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    name = "accessibility"
    verbose_name = _("Accessibility")

    def ready(self) -> None:
        from accessibility import personal_data as reports_data
        from accounts import personal_data

        personal_data.register_exporter("accessibility_reports", reports_data.export)
        personal_data.register_eraser("accessibility_reports", reports_data.erase)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts import personal_data
        from notifications import personal_data as notifications_data

        personal_data.register_exporter("notifications", notifications_data.export)
        personal_data.register_eraser("notifications", notifications_data.erase)

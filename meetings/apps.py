from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Dialogue meetings")

    def ready(self) -> None:
        from accounts import personal_data
        from meetings import personal_data as meetings_data

        personal_data.register_exporter("meeting_registrations", meetings_data.export)
        personal_data.register_eraser("meeting_registrations", meetings_data.erase)

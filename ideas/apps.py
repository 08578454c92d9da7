from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from accounts import personal_data
        from ideas import personal_data as ideas_data

        personal_data.register_exporter("ideas", ideas_data.export)
        personal_data.register_eraser("ideas", ideas_data.erase)

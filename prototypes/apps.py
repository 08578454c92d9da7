from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrototypesConfig(AppConfig):
    name = "prototypes"
    verbose_name = _("Prototypes and test rounds")

    def ready(self) -> None:
        from accounts.personal_data import register_eraser, register_exporter
        from prototypes import personal_data

        register_exporter("test_rounds", personal_data.export)
        register_eraser("prototypes", personal_data.erase)

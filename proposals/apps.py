from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Citizen proposals")

    def ready(self) -> None:
        from accounts import personal_data
        from proposals import personal_data as proposals_data

        personal_data.register_exporter("proposals", proposals_data.export)
        personal_data.register_eraser("proposals", proposals_data.erase)

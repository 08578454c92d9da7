from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Citizen dialogues")

    def ready(self) -> None:
        from accounts import personal_data
        from dialogues import personal_data as dialogues_data

        personal_data.register_exporter("dialogue_contributions", dialogues_data.export)
        personal_data.register_eraser(
            "dialogue_contributions", dialogues_data.erase, anonymiser=dialogues_data.anonymise
        )

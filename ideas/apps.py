from typing import Any

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
        self._name_api_enums()

    @staticmethod
    def _name_api_enums() -> None:
        # Idea `kind`, `stage` and adoption `status` share field names with the choice sets
        # of organisations and prototypes; naming them here keeps the OpenAPI schema free of
        # hashed enum names and generator warnings, without a list in the shared settings.
        from django.conf import settings

        spectacular: dict[str, Any] = settings.SPECTACULAR_SETTINGS
        overrides = spectacular.setdefault("ENUM_NAME_OVERRIDES", {})
        overrides.setdefault("IdeaKindEnum", "ideas.models.Idea.Kind")
        overrides.setdefault("IdeaStageEnum", "ideas.models.Stage")
        overrides.setdefault("AdoptionStatusEnum", "ideas.models.Adoption.Status")

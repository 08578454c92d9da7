from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrototypesConfig(AppConfig):
    name = "prototypes"
    verbose_name = _("Prototypes and test rounds")

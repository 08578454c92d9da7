from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from search import labels, signals

        signals.connect()
        post_migrate.connect(labels.names_changed_after_migrate, sender=self)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from accounts import personal_data
        from comments import personal_data as comments_data
        from comments import signals

        personal_data.register_exporter("comments", comments_data.export)
        personal_data.register_eraser("comments", comments_data.erase)
        signals.connect()

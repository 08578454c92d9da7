"""Load reference data and each app's demo data. Idempotent: a second run changes nothing."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts import reference_data
from accounts.models import County, Organisation


class Command(BaseCommand):
    help = "Load Sweden's counties, regions and municipalities and the demo content of every app."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reference-only", action="store_true", help="Skip demo content.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            reference_data.load(County, Organisation)
        self.stdout.write(f"Reference data: {Organisation.objects.count()} organisations.")
        if options["reference_only"]:
            return
        # Each app may ship a `demo` module with `load(stdout)`; order follows INSTALLED_APPS
        # so ideas exist before their prototypes. Demo content goes through the services, so
        # its comments notify the demo people as real ones would: the in-app notifications
        # are kept (the demo accounts have some to read), the e-mails are not sent. They
        # would fill the console of every first `make run`, and with SMTP configured they
        # would go to made-up addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._load_demo_content()

    def _load_demo_content(self) -> None:
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)

"""E-mail the day-before reminders of dialogue meetings. Run it from cron (daily, or hourly:
it is idempotent, a person is reminded once per registration)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from meetings import services


class Command(BaseCommand):
    help = (
        "E-mail everyone with a place at a meeting that starts tomorrow (Swedish time), once, "
        "in their own language. Safe to run as often as you like."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.reminders_send()
        self.stdout.write(f"Meeting reminders sent: {sent}")

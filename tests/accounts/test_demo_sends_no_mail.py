"""Loading the demo (`make run`'s load step) mails no one: the demo comments still notify
the demo people in the app, but the console of a first `make run` is not filled with mail."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification


@pytest.mark.django_db(transaction=True)  # the notifications' e-mails go after a real commit
def test_loading_the_demo_mails_no_one_and_keeps_the_in_app_notifications() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo comments" in out.getvalue()
    assert Notification.objects.exists()
    assert mail.outbox == []

"""What a notification reads like: plain text (no Markdown marks), the sentence, the excerpt
and the actions each in its own place, and the excerpt in the recipient's quotation marks."""

from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client

from accounts.models import User
from comments import services
from ideas.models import Follow, Idea
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    "Se **viktigt**:\n\n- punkt ett\n- [länken](https://example.se/las-mer)\n\n`kod` och ~~bort~~"
)
PLAIN = "Se viktigt: punkt ett länken kod och bort"


@pytest.fixture
def idea(owner: User, skelleftea) -> Idea:  # type: ignore[no-untyped-def]
    return factories.idea(organisation=skelleftea, created_by=owner, title="Ledighetsansökan")


@pytest.fixture
def notified(idea: Idea, owner: User, citizen: User, django_capture_on_commit_callbacks) -> User:  # type: ignore[no-untyped-def]
    """The citizen follows the idea; the owner comments in Markdown."""
    Follow.objects.create(user=citizen, idea=idea)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=owner, idea=idea, body=BODY)
    return citizen


def test_the_excerpt_is_the_comment_as_plain_text(notified: User) -> None:
    assert Notification.objects.get(recipient=notified).excerpt == PLAIN


def test_the_list_shows_no_markdown_marks(client: Client, notified: User) -> None:
    client.force_login(notified)
    html = client.get("/mitt-konto/notiser/").content.decode()
    assert PLAIN in html
    for mark in ("**", "](", "~~", "`"):
        assert mark not in html


def test_the_email_and_the_api_are_plain_text_too(client: Client, notified: User) -> None:
    (message,) = mail.outbox
    assert PLAIN in message.body
    assert "**" not in message.body and "**" not in message.subject
    client.force_login(notified)
    (row,) = client.get("/api/v1/me/notifications/").json()["results"]
    assert row["excerpt"] == PLAIN


class Item(HTMLParser):
    """The parts of the first notification in the list: sentence, excerpt, actions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.path: list[tuple[str, str]] = []
        self.parts: dict[str, str] = {}
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("input", "br"):
            self.path.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        while self.path and self.path.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        classes = " ".join(c for _t, c in self.path)
        for part in ("notification-message", "notification-excerpt"):
            if part in classes:
                self.parts[part] = self.parts.get(part, "") + data
        if "notification-actions" in classes and self.path[-1][0] == "button":
            self.actions.append(" ".join(data.split()))


def test_the_sentence_the_excerpt_and_the_actions_stand_apart(
    client: Client, notified: User
) -> None:
    client.force_login(notified)
    html = client.get("/mitt-konto/notiser/").content.decode()
    item = Item()
    item.feed(html)
    message = " ".join(item.parts["notification-message"].split())
    assert message == "Oläst Olga Owner kommenterade ”Ledighetsansökan”"
    # The excerpt in Swedish quotation marks; the buttons in a list of their own, not in the text.
    assert item.parts["notification-excerpt"].strip() == f"”{PLAIN}”"
    assert item.actions == ["Öppna notisen", "Markera som läst"]
    actions = re.search(r'<ul class="notification-actions">(.*?)</ul>', html, re.S)
    assert actions and actions.group(1).count("<li>") == 2


def test_english_pages_quote_the_excerpt_in_english(client: Client, notified: User) -> None:
    notified.language = "en"
    notified.save(update_fields=["language"])
    client.force_login(notified)
    html = client.get("/mitt-konto/notiser/").content.decode()
    assert f'“<span lang="sv">{PLAIN}</span>”' in html
    assert 'commented on “<span lang="sv">Ledighetsansökan</span>”' in html


def test_older_notifications_are_turned_into_plain_text_by_the_migration(
    notified: User,
) -> None:
    # As they were stored before: the raw Markdown on one line.
    Notification.objects.filter(recipient=notified).update(excerpt=" ".join(BODY.split())[:200])
    migration = importlib.import_module("notifications.migrations.0002_excerpts_as_plain_text")
    migration.excerpts_as_plain_text(apps, None)
    assert Notification.objects.get(recipient=notified).excerpt == (
        "Se viktigt: - punkt ett - länken kod och bort"
    )

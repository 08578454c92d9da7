"""In the English interface, what people wrote (in Swedish unless known otherwise) is marked
lang="sv" wherever a page shows it (WCAG 3.1.2, language of parts): a screen reader reads a
Swedish title with Swedish sounds. Every piece of content below carries the marker "Älg", and
every text on the pages that holds it must sit inside an element whose nearest lang is "sv"."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from comments import services as comment_services
from ideas import services as idea_services
from prototypes import services as prototype_services

pytestmark = pytest.mark.django_db

MARKER = "Älg"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Text that cannot carry a lang of its own: the window title, and options of a form's select
# (a choice's label is shown by the browser's own widget).
SKIPPED = {"title", "option", "script", "style"}


class LanguageOfText(HTMLParser):
    """Collects (text, nearest lang) for every text node that contains the marker."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang if lang is not None else self.lang()))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if MARKER in data and not any(tag in SKIPPED for tag, _ in self.stack):
            self.found.append((" ".join(data.split()), self.lang()))

    def lang(self) -> str | None:
        return self.stack[-1][1] if self.stack else None


def texts_with_marker(html: str) -> list[tuple[str, str | None]]:
    parser = LanguageOfText()
    parser.feed(html)
    return parser.found


@pytest.fixture
def world(
    owner, outsider, citizen, skelleftea, django_capture_on_commit_callbacks
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):  # indexed for search
        return _world(owner, outsider, citizen, skelleftea)


def _world(owner, outsider, citizen, skelleftea) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    idea = idea_services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind="service_concept",
        title="Älgvarning i appen",
        summary="Älgsammanfattning: varna bilister.",
        body="## Älgbakgrund\n\nÄlgtext med **fetstil**.",
        results="Älgresultat från kommunen.",
        lessons_learned="Älglärdom om kartor.",
        links=[{"title": "Älglänk", "url": "https://example.se/alg"}],
        stage="concept",
    )
    idea_services.evidence_add(
        actor=owner, idea=idea, stage="concept", title="Älgspår", text="Älgunderlag i text."
    )
    idea_services.idea_change_stage(
        actor=owner, idea=idea, stage="prototype", note="Älgnotering om steget."
    )
    idea_services.adoption_record(
        actor=outsider, idea=idea, status="adopted", note="Älgåteranvändning i Krokom."
    )
    idea_services.follow_add(user=owner, idea=idea)
    prototype = prototype_services.prototype_create(
        actor=owner,
        idea=idea,
        label="Älgversion",
        description="Älgprototyp med karta.",
        status="open",
    )
    test_round = prototype_services.test_round_create(
        actor=owner,
        prototype=prototype,
        title="Älgtest med bilister",
        goal="Älgmål: hitta varningen.",
        tasks=["Älguppgift ett"],
        capacity=5,
        consent_text="Älgsamtycke till testet.",
        remote=False,
        place="Älgstugan, Skellefteå",
    )
    prototype_services.test_round_update(actor=owner, test_round=test_round, status="recruiting")
    prototype_services.finding_create(
        actor=owner, test_round=test_round, severity="minor", description="Älgslutsats om knappen."
    )
    comment_services.comment_create(author=citizen, idea=idea, body="Älgkommentar med **fetstil**.")
    return {"idea": idea, "prototype": prototype, "round": test_round}


def english(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def pages(world: dict[str, Any]) -> list[str]:
    idea, prototype, test_round = world["idea"], world["prototype"], world["round"]
    return [
        "/",
        "/ideer/",
        f"/ideer/{idea.pk}/",
        "/organisationer/skelleftea/",
        "/organisationer/krokom/",
        "/sok/?q=älgvarning",
        f"/prototyper/ide/{idea.pk}/",
        f"/prototyper/{prototype.pk}/",
        "/testa/",
        f"/testomgangar/{test_round.pk}/",
        f"/testomgangar/{test_round.pk}/resultat/",
        "/mitt-konto/",
        "/mitt-konto/notiser/",
    ]


def test_what_people_wrote_is_marked_swedish_on_english_pages(world, owner) -> None:
    client = english(owner)
    unmarked: dict[str, list[str]] = {}
    seen = 0
    for path in pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="en"' in html, path
        found = texts_with_marker(html)
        seen += len(found)
        wrong = [text for text, lang in found if lang != "sv"]
        if wrong:
            unmarked[path] = wrong
    assert seen > 40  # the pages did show the content
    assert unmarked == {}


def test_a_citizen_sees_the_round_and_the_comments_marked_too(world, citizen) -> None:
    client = english(citizen)
    for path in (f"/ideer/{world['idea'].pk}/", f"/testomgangar/{world['round'].pk}/", "/testa/"):
        found = texts_with_marker(client.get(path).content.decode())
        assert found, path
        assert [text for text, lang in found if lang != "sv"] == [], path


def test_swedish_pages_need_no_marks(world, owner) -> None:
    client = Client()
    client.force_login(owner)
    html = client.get(f"/ideer/{world['idea'].pk}/").content.decode()
    assert '<html lang="sv"' in html
    assert ' lang="sv"' not in html.replace('<html lang="sv"', "")
    assert all(lang == "sv" for _text, lang in texts_with_marker(html))


def test_the_live_thread_knows_the_content_language(world, owner) -> None:
    html = english(owner).get(f"/ideer/{world['idea'].pk}/").content.decode()
    assert 'data-content-lang="sv"' in html

"""After a failed submit, every form page says so first (the GOV.UK pattern): the page title
starts with "Fel:" ("Error:" in English) without any JavaScript, and the error summary, which
lists the non-field errors and links to each field with an error, takes the focus by itself
(autofocus). Shared by the site layout and the summary include, so every form page has it;
tests/browser/test_failed_submit.py checks the focus in Chromium."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from tests import factories
from tests.html_page import HtmlPage

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_failed_sign_in_title_starts_with_fel_and_the_summary_takes_the_focus(owner) -> None:
    response = Client().post(
        "/accounts/login/", {"login": owner.email, "password": "fel-losenord-123"}
    )
    assert response.status_code == 200
    page = HtmlPage(response.content.decode())
    assert page.title.startswith("Fel: Logga in")
    summary = page.by_id("error-summary")
    assert "autofocus" in summary.attrs
    assert summary.attrs["tabindex"] == "-1"
    assert "E-postadressen eller lösenordet stämmer inte" in summary.text


def test_failed_idea_form_title_starts_with_fel(owner) -> None:
    response = signed_in(owner).post("/ideer/ny/", {"kind": "activity", "title": ""})
    assert response.status_code == 200
    page = HtmlPage(response.content.decode())
    assert page.title.startswith("Fel: ")
    summary = page.by_id("error-summary")
    assert "autofocus" in summary.attrs
    assert [a.attrs["href"] for a in summary.find_all("a")][:1] == ["#id_title"]


def test_failed_form_title_starts_with_error_in_english(owner) -> None:
    owner.language = "en"
    owner.save(update_fields=["language"])
    response = signed_in(owner).post("/ideer/ny/", {"kind": "activity", "title": ""})
    assert HtmlPage(response.content.decode()).title.startswith("Error: ")


def test_form_page_before_a_submit_has_its_plain_title(owner) -> None:
    page = HtmlPage(signed_in(owner).get("/ideer/ny/").content.decode())
    assert not page.title.startswith("Fel")
    assert page.by_class("error-summary") == []


def test_failed_reply_to_a_comment_title_starts_with_fel(owner, skelleftea) -> None:
    from comments import services as comment_services

    idea = factories.idea(organisation=skelleftea, created_by=owner)
    comment = comment_services.comment_create(author=owner, idea=idea, body="Bra idé")
    response = signed_in(owner).post(
        f"/ideer/{idea.pk}/kommentarer/{comment.pk}/svara/", {"body": "   "}
    )
    page = HtmlPage(response.content.decode())
    assert page.title.startswith("Fel: ")
    assert "autofocus" in page.by_id("error-summary").attrs

"""Removing evidence asks first, without JavaScript: the idea page links to a page that shows
what would be removed, with a button that removes it and a way back; only that form's POST
removes it. Who may remove it is unchanged (members; outsiders 403 or 404)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from ideas import services
from ideas.models import Evidence
from tests import factories
from tests.html_page import HtmlPage

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def evidence(owner, skelleftea):  # type: ignore[no-untyped-def]
    idea = factories.idea(organisation=skelleftea, created_by=owner, visibility="public")
    return services.evidence_add(
        actor=owner,
        idea=idea,
        stage="insights",
        title="Intervjuer med äldre",
        text="Åtta intervjuer",
    )


def remove_url(evidence: Evidence) -> str:
    return f"/ideer/{evidence.idea_id}/underlag/{evidence.pk}/ta-bort/"


def test_the_idea_page_links_to_the_question_instead_of_removing_at_once(owner, evidence) -> None:
    page = HtmlPage(signed_in(owner).get(f"/ideer/{evidence.idea_id}/").content.decode())
    posting_here = [
        f for f in page.find_all("form") if f.attrs.get("action") == remove_url(evidence)
    ]
    assert posting_here == []
    (link,) = [a for a in page.find_all("a") if a.attrs.get("href") == remove_url(evidence)]
    assert "Ta bort" in link.text and "Intervjuer med äldre" in link.text


def test_the_question_shows_what_would_be_removed_and_removes_nothing(owner, evidence) -> None:
    response = signed_in(owner).get(remove_url(evidence))
    assert response.status_code == 200
    page = HtmlPage(response.content.decode())
    assert "Ta bort underlaget ”Intervjuer med äldre”?" in page.title
    assert "Åtta intervjuer" in page.text
    (form,) = [
        f
        for f in page.find_all("form")
        if any(b.text.strip() == "Ta bort underlaget" for b in f.find_all("button"))
    ]
    assert form.attrs["method"] == "post" and form.attrs.get("action", "") == ""
    back = [a.attrs["href"] for a in page.find_all("a") if a.text.strip() == "Avbryt"]
    assert back == [f"/ideer/{evidence.idea_id}/#evidence-{evidence.pk}"]
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_questions_button_removes_the_evidence(owner, evidence) -> None:
    response = signed_in(owner).post(remove_url(evidence), follow=True)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert "Underlaget har tagits bort." in HtmlPage(response.content.decode()).text


def test_an_outsider_is_not_asked(outsider, evidence) -> None:
    assert signed_in(outsider).get(remove_url(evidence)).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()

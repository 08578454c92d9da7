"""Facts as evidence: evidence on an idea may cite a fact the author may see (it counts as
the content); the timeline shows it with its value, year and source; the fact lists the
ideas the caller may see that cite it ("N idéer bygger på detta")."""

from __future__ import annotations

import pytest

from ideas.models import Evidence
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(owner, skelleftea):
    return factories.idea(organisation=skelleftea, created_by=owner, title="Seniorguiden")


def cite(client, idea, fact_id):
    return client.post(
        f"/api/v1/ideas/{idea.pk}/evidence/",
        {"stage": "insights", "title": "Många äldre", "fact": fact_id},
        format="json",
    )


def test_evidence_may_cite_a_fact_as_its_only_content(api_as, owner, idea, public_sheet):
    fact = public_sheet.facts.get()
    response = cite(api_as(owner), idea, fact.pk)
    assert response.status_code == 201, response.json()
    assert response.json()["fact"] == fact.pk
    assert Evidence.objects.get(idea=idea).fact == fact
    assert api_as(None).get(f"/api/v1/ideas/{idea.pk}/evidence/").json()[0]["fact"] == fact.pk


def test_evidence_without_text_link_file_or_fact_is_refused(api_as, owner, idea):
    response = api_as(owner).post(
        f"/api/v1/ideas/{idea.pk}/evidence/", {"stage": "insights", "title": "Tom"}, format="json"
    )
    assert response.status_code == 400
    assert "en faktauppgift" in response.json()["text"][0]


def test_citing_a_fact_one_may_not_see_is_answered_like_a_missing_one(
    api_as, owner, outsider, krokom, hidden_sheet
):
    other = factories.idea(organisation=krokom, created_by=outsider, title="Krokoms idé")
    client = api_as(outsider)
    hidden = cite(client, other, hidden_sheet.facts.get().pk)
    missing = cite(client, other, 987654321)
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["fact"][0].replace(
        str(hidden_sheet.facts.get().pk), "<id>"
    ) == missing.json()["fact"][0].replace("987654321", "<id>")
    assert not Evidence.objects.exists()


def test_a_fact_lists_only_the_citing_ideas_the_caller_may_see(
    api_as, browser_as, owner, outsider, skelleftea, public_sheet
):
    fact = public_sheet.facts.get()
    public = factories.idea(organisation=skelleftea, created_by=owner, title="Öppen idé")
    internal = factories.idea(
        organisation=skelleftea, created_by=owner, title="Intern idé", visibility="organisation"
    )
    for idea in (public, internal):
        assert cite(api_as(owner), idea, fact.pk).status_code == 201
    assert api_as(owner).get(f"/api/v1/facts/{fact.pk}/").json()["ideas"] == sorted(
        [public.pk, internal.pk]
    )
    assert api_as(outsider).get(f"/api/v1/facts/{fact.pk}/").json()["ideas"] == [public.pk]
    page = browser_as(outsider).get("/organisationer/skelleftea/fakta/").content.decode()
    assert "1 idé bygger på detta" in page
    assert "Öppen idé" in page and "Intern idé" not in page
    owners_page = browser_as(owner).get("/organisationer/skelleftea/fakta/").content.decode()
    assert "2 idéer bygger på detta" in owners_page


def test_the_timeline_shows_the_cited_fact_with_value_year_and_source(
    api_as, owner, idea, public_sheet
):
    fact = public_sheet.facts.get()
    cite(api_as(owner), idea, fact.pk)
    page = api_as(None).get(f"/ideer/{idea.pk}/").content.decode()
    assert "Andel 65 år och äldre" in page
    assert "23,9 %" in page and "(2023, Skellefteå)" in page and "Källa: SCB" in page


def test_the_timeline_hides_a_cited_fact_the_viewer_may_not_see(
    api_as, browser_as, owner, idea, hidden_sheet
):
    cite(api_as(owner), idea, hidden_sheet.facts.get().pk)
    assert "Intern siffra Hemlig" in browser_as(owner).get(f"/ideer/{idea.pk}/").content.decode()
    assert "Intern siffra Hemlig" not in api_as(None).get(f"/ideer/{idea.pk}/").content.decode()
    assert api_as(None).get(f"/api/v1/ideas/{idea.pk}/evidence/").json()[0]["fact"] is None

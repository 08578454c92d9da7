"""Idea pages over HTTP: list, detail with timeline, create/edit with preview, stage form,
evidence, "we reuse this", follow, delete, and the sections on home, organisation and my account."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from ideas import services
from ideas.models import Adoption, Evidence, Follow, Idea

pytestmark = pytest.mark.django_db


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def idea(owner, skelleftea) -> Idea:  # type: ignore[no-untyped-def]
    return services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind="service_concept",
        title="Ledighetsansökan",
        summary="Ansök om ledighet i mobilen.",
        body="## Bakgrund\n\nPapper kom bort.",
        stage="concept",
        tags=["skola"],
        target_groups=["Vårdnadshavare"],
    )


@pytest.fixture
def hidden(owner, skelleftea) -> Idea:  # type: ignore[no-untyped-def]
    return services.idea_create(
        actor=owner,
        organisation=skelleftea,
        kind="activity",
        title="Intern simhallsidé",
        visibility="organisation",
    )


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- List -------------------------------------------------------------------------------


def test_list_shows_visible_ideas_with_filters(idea, hidden):
    page = as_user(None).get("/ideer/")
    assert page.status_code == 200
    assert "Ledighetsansökan" in text(page)
    assert "Intern simhallsidé" not in text(page)
    assert 'name="stage"' in text(page) and 'name="ordering"' in text(page)


def test_members_see_their_organisations_ideas_in_the_list(idea, hidden, colleague, outsider):
    assert "Intern simhallsidé" in text(as_user(colleague).get("/ideer/"))
    assert "Intern simhallsidé" not in text(as_user(outsider).get("/ideer/"))


def test_list_filters_and_sorts(idea, owner, skelleftea):
    services.idea_create(actor=owner, organisation=skelleftea, kind="activity", title="Social Club")
    page = text(as_user(None).get("/ideer/?kind=activity&ordering=adoptions"))
    assert "Social Club" in page and "Ledighetsansökan" not in page


def test_a_bad_filter_value_shows_an_error_not_a_crash(idea):
    page = as_user(None).get("/ideer/?stage=nonsense&ordering=popular")
    assert page.status_code == 200
    assert "form-error" in text(page)


# --- Detail -----------------------------------------------------------------------------


def test_detail_shows_timeline_history_and_rendered_body(idea, owner):
    services.evidence_add(
        actor=owner, idea=idea, stage="insights", title="Intervjuer", text="**Tolv** intervjuer"
    )
    page = as_user(None).get(f"/ideer/{idea.pk}/")
    assert page.status_code == 200
    html = text(page)
    assert "<h3>Bakgrund</h3>" in html
    assert "Förstå behoven" in html and "Koncept" in html
    assert "<strong>Tolv</strong> intervjuer" in html
    assert 'aria-current="step"' in html
    assert "Började i Koncept" in html


def test_detail_of_a_hidden_idea_is_404(hidden, outsider, citizen):
    for user in (outsider, citizen, None):
        assert as_user(user).get(f"/ideer/{hidden.pk}/").status_code == 404
    assert as_user(None).get("/ideer/999999/").status_code == 404


def test_detail_offers_edit_and_stage_to_members_and_reuse_to_other_municipalities(
    idea, colleague, outsider, citizen
):
    member_page = text(as_user(colleague).get(f"/ideer/{idea.pk}/"))
    assert f"/ideer/{idea.pk}/redigera/" in member_page
    assert f"/ideer/{idea.pk}/steg/" in member_page
    assert 'id="reuse"' not in member_page
    outsider_page = text(as_user(outsider).get(f"/ideer/{idea.pk}/"))
    assert 'id="reuse"' in outsider_page
    assert f"/ideer/{idea.pk}/redigera/" not in outsider_page
    citizen_page = text(as_user(citizen).get(f"/ideer/{idea.pk}/"))
    assert 'id="reuse"' not in citizen_page
    assert "Följ" in citizen_page


def test_adopters_are_listed_with_contacts_for_the_team_only(idea, outsider, owner, citizen):
    services.adoption_record(
        actor=outsider, idea=idea, status="adopted", contact_email="olle@krokom.example"
    )
    assert "olle@krokom.example" in text(as_user(owner).get(f"/ideer/{idea.pk}/"))
    public = text(as_user(citizen).get(f"/ideer/{idea.pk}/"))
    assert "Krokom" in public and "Har infört" in public
    assert "olle@krokom.example" not in public


def test_deleted_author_is_shown_anonymised(idea, owner):
    from accounts.services import user_delete

    email = owner.email
    user_delete(user=owner)
    page = text(as_user(None).get(f"/ideer/{idea.pk}/"))
    assert email not in page
    assert "Borttagen användare" in page


# --- Create and edit --------------------------------------------------------------------


def test_create_needs_sign_in_and_membership(citizen):
    assert as_user(None).get("/ideer/ny/").status_code == 302
    assert as_user(citizen).get("/ideer/ny/").status_code == 403


def test_create_form_has_the_similar_hint_right_after_the_title(owner):
    html = text(as_user(owner).get("/ideer/ny/"))
    assert 'name="title"' in html
    assert html.index('name="title"') < html.index('name="summary"')


def test_member_creates_a_service_concept(owner):
    response = as_user(owner).post(
        "/ideer/ny/",
        {
            "kind": "service_concept",
            "title": "Avfallsaffär'n",
            "summary": "Ändra abonnemang",
            "body": "Hej",
            "organisation": "skelleftea",
            "stage": "insights",
            "visibility": "public",
            "category": "environment",
            "tags": "avfall, e-tjänst",
            "target_groups": "Villaägare",
            "links": "Prototyp | https://example.se/p",
        },
    )
    idea = Idea.objects.get(title="Avfallsaffär'n")
    assert response.status_code == 302
    assert response["Location"] == f"/ideer/{idea.pk}/"
    assert idea.stage == "insights"
    assert sorted(t.name for t in idea.tags.all()) == ["avfall", "e-tjänst"]
    assert idea.links == [{"title": "Prototyp", "url": "https://example.se/p"}]


def test_preview_renders_sanitised_markdown_without_saving(owner):
    response = as_user(owner).post(
        "/ideer/ny/",
        {
            "kind": "activity",
            "title": "Förhandsvisning",
            "body": "**Fet** <script>alert(1)</script> [x](javascript:alert(1))",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    html = text(response)
    assert "<strong>Fet</strong>" in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert not Idea.objects.filter(title="Förhandsvisning").exists()


def test_preview_endpoint_for_the_script(owner):
    response = as_user(owner).post("/ideer/forhandsgranska/", {"body": "# Rubrik"})
    assert response.status_code == 200
    assert text(response).startswith("<h3>Rubrik</h3>")
    assert as_user(None).post("/ideer/forhandsgranska/", {"body": "x"}).status_code == 302


def test_create_form_shows_errors_in_place(owner):
    response = as_user(owner).post("/ideer/ny/", {"kind": "activity", "title": ""})
    assert response.status_code == 200
    assert "error-summary" in text(response)


def test_colleague_edits_an_idea(idea, colleague):
    response = as_user(colleague).post(
        f"/ideer/{idea.pk}/redigera/",
        {
            "kind": "service_concept",
            "title": "Ledighetsansökan för elever",
            "summary": "Ny sammanfattning",
            "body": "",
            "visibility": "public",
            "category": "education",
            "tags": "skola",
            "target_groups": "Vårdnadshavare, Rektorer",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Ledighetsansökan för elever"
    assert idea.target_groups.count() == 2


def test_outsider_cannot_edit_and_hidden_edit_is_404(idea, hidden, outsider):
    assert as_user(outsider).get(f"/ideer/{idea.pk}/redigera/").status_code == 403
    assert as_user(outsider).get(f"/ideer/{hidden.pk}/redigera/").status_code == 404


# --- Stage ------------------------------------------------------------------------------


def test_member_moves_the_idea_forward(idea, owner):
    response = as_user(owner).post(
        f"/ideer/{idea.pk}/steg/", {"stage": "prototype", "note": "Godkänt"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.stage == "prototype"


def test_invalid_jump_is_refused_with_a_readable_message(idea, owner):
    response = as_user(owner).post(f"/ideer/{idea.pk}/steg/", {"stage": "launch"})
    assert response.status_code == 200
    html = text(response)
    assert "Tillåtna nästa steg" in html
    assert "Prototyp" in html
    idea.refresh_from_db()
    assert idea.stage == "concept"


def test_outsider_cannot_change_the_stage(idea, outsider):
    assert (
        as_user(outsider).post(f"/ideer/{idea.pk}/steg/", {"stage": "prototype"}).status_code == 403
    )


# --- Evidence ---------------------------------------------------------------------------


def test_member_adds_a_file_as_evidence_and_removes_it(idea, owner):
    client = as_user(owner)
    response = client.post(
        f"/ideer/{idea.pk}/underlag/",
        {
            "stage": "analysis",
            "title": "Analys",
            "file": SimpleUploadedFile("analys.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(idea=idea)
    page = text(client.get(f"/ideer/{idea.pk}/"))
    assert f"/api/v1/ideas/{idea.pk}/evidence/{evidence.pk}/file/" in page
    assert client.post(f"/ideer/{idea.pk}/underlag/{evidence.pk}/ta-bort/").status_code == 302
    assert not Evidence.objects.exists()


def test_a_wrong_file_is_refused_on_the_form(idea, owner):
    response = as_user(owner).post(
        f"/ideer/{idea.pk}/underlag/",
        {"stage": "analysis", "title": "X", "file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "Tillåtna" in text(response)


def test_outsider_cannot_add_or_remove_evidence(idea, owner, outsider):
    evidence = services.evidence_add(actor=owner, idea=idea, stage="insights", title="T", text="x")
    client = as_user(outsider)
    assert client.get(f"/ideer/{idea.pk}/underlag/").status_code == 403
    assert client.post(f"/ideer/{idea.pk}/underlag/{evidence.pk}/ta-bort/").status_code == 403


# --- Reuse, follow, delete --------------------------------------------------------------


def test_other_municipality_records_reuse(idea, outsider):
    response = as_user(outsider).post(
        f"/ideer/{idea.pk}/ateranvandning/",
        {"organisation": "krokom", "status": "evaluating", "note": "Vi testar"},
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get(idea=idea)
    assert (adoption.organisation.slug, adoption.status) == ("krokom", "evaluating")
    as_user(outsider).post(
        f"/ideer/{idea.pk}/ateranvandning/", {"organisation": "krokom", "withdraw": "1"}
    )
    assert not Adoption.objects.exists()


def test_owner_and_citizen_cannot_record_reuse(idea, colleague, citizen):
    for user in (colleague, citizen):
        response = as_user(user).post(f"/ideer/{idea.pk}/ateranvandning/", {"status": "adopted"})
        assert response.status_code == 403


def test_follow_and_unfollow(idea, citizen):
    client = as_user(citizen)
    client.post(f"/ideer/{idea.pk}/folj/", {"follow": "1"})
    assert Follow.objects.filter(user=citizen, idea=idea).exists()
    assert "Sluta följa" in text(client.get(f"/ideer/{idea.pk}/"))
    client.post(f"/ideer/{idea.pk}/folj/", {"follow": "0"})
    assert not Follow.objects.exists()
    assert as_user(None).post(f"/ideer/{idea.pk}/folj/").status_code == 302


def test_coordinator_deletes_member_may_not(idea, owner, coordinator):
    assert as_user(owner).get(f"/ideer/{idea.pk}/radera/").status_code == 403
    assert as_user(coordinator).post(f"/ideer/{idea.pk}/radera/", {}).status_code == 200
    response = as_user(coordinator).post(f"/ideer/{idea.pk}/radera/", {"confirm": "on"})
    assert response.status_code == 302
    assert not Idea.objects.filter(pk=idea.pk).exists()


# --- Sections on shared pages -----------------------------------------------------------


def test_home_lists_latest_and_most_reused_ideas(idea, outsider):
    services.adoption_record(actor=outsider, idea=idea, status="adopted")
    html = text(as_user(None).get("/"))
    assert "Senaste idéerna" in html and "Mest återanvända" in html
    assert "Ledighetsansökan" in html
    assert 'href="/ideer/"' in html


def test_organisation_page_lists_its_ideas_and_what_it_adopts(idea, outsider, hidden):
    services.adoption_record(actor=outsider, idea=idea, status="adopted")
    skelleftea = text(as_user(None).get("/organisationer/skelleftea/"))
    assert "Ledighetsansökan" in skelleftea and "Intern simhallsidé" not in skelleftea
    krokom = text(as_user(None).get("/organisationer/krokom/"))
    assert "Ledighetsansökan" in krokom and "Har infört" in krokom


def test_my_account_lists_my_ideas_and_followed_ones(idea, owner, citizen):
    services.follow_add(user=citizen, idea=idea)
    assert "Ledighetsansökan" in text(as_user(owner).get("/mitt-konto/"))
    citizen_page = text(as_user(citizen).get("/mitt-konto/"))
    assert "Idéer jag följer" in citizen_page and "Ledighetsansökan" in citizen_page


def test_pages_are_in_english_too(idea):
    client = as_user(None)
    client.cookies["django_language"] = "en"
    html = text(client.get(f"/ideer/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Stage timeline" in html
    assert "Understand the needs" in html

"""What the idea forms offer: the category starts empty ("Välj kategori") and a missing one is
a clear error, not a silent "Other"; the stage form offers exactly the moves the stage rule
(ideas.models.allowed_next_stages) allows from where the idea is, by their names, and refuses
another stage with the rule's explanation in names, never the internal codes."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from ideas import services
from ideas.models import Idea, Stage
from tests.html_page import Element, HtmlPage

pytestmark = pytest.mark.django_db

CODES = [stage.value for stage in Stage]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def options(page: HtmlPage, select_id: str) -> list[Element]:
    return page.by_id(select_id).find_all("option")


def new_idea(owner: User, skelleftea, stage: str = "concept") -> Idea:  # type: ignore[no-untyped-def]
    return services.idea_create(
        actor=owner, organisation=skelleftea, kind="activity", title="Skolskjuts", stage=stage
    )


# --- Category ---------------------------------------------------------------------------


def test_the_category_starts_empty_and_asks_to_be_chosen(owner) -> None:
    page = HtmlPage(signed_in(owner).get("/ideer/ny/").content.decode())
    first, *rest = options(page, "id_category")
    assert (first.attrs["value"], first.text.strip()) == ("", "Välj kategori")
    assert [o for o in [first, *rest] if "selected" in o.attrs] in ([], [first])
    assert "Vård och omsorg" in [o.text.strip() for o in rest]


def test_an_idea_without_a_category_is_refused_by_the_field(owner, skelleftea) -> None:
    response = signed_in(owner).post(
        "/ideer/ny/",
        {
            "kind": "activity",
            "title": "Skolskjuts",
            "organisation": skelleftea.slug,
            "stage": "concept",
            "visibility": "public",
            "category": "",
        },
    )
    assert response.status_code == 200
    page = HtmlPage(response.content.decode())
    assert page.by_id("id_category_error").text.strip() == "Välj en kategori."
    assert "Kategori: Välj en kategori." in page.by_id("error-summary").text
    assert not Idea.objects.filter(title="Skolskjuts").exists()


def test_editing_an_idea_keeps_its_category_chosen(owner, skelleftea) -> None:
    idea = new_idea(owner, skelleftea)
    Idea.objects.filter(pk=idea.pk).update(category="education")
    page = HtmlPage(signed_in(owner).get(f"/ideer/{idea.pk}/redigera/").content.decode())
    chosen = [o.attrs["value"] for o in options(page, "id_category") if "selected" in o.attrs]
    assert chosen == ["education"]


# --- Stage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage",
    ["target_groups", "concept", "follow_up"],
)
def test_the_stage_form_offers_exactly_the_moves_the_rule_allows(owner, skelleftea, stage) -> None:
    idea = new_idea(owner, skelleftea, stage=stage)
    page = HtmlPage(signed_in(owner).get(f"/ideer/{idea.pk}/steg/").content.decode())
    offered = options(page, "id_stage")
    assert sorted(o.attrs["value"] for o in offered) == sorted(idea.allowed_next_stages())
    assert [o.text.strip() for o in offered] == [
        str(Stage(o.attrs["value"]).label) for o in offered
    ]
    assert stage not in [o.attrs["value"] for o in offered]


def test_the_stage_form_names_its_groups_of_moves(owner, skelleftea) -> None:
    idea = new_idea(owner, skelleftea, stage="concept")
    page = HtmlPage(signed_in(owner).get(f"/ideer/{idea.pk}/steg/").content.decode())
    groups = {
        group.attrs["label"]: [o.text.strip() for o in group.find_all("option")]
        for group in page.by_id("id_stage").find_all("optgroup")
    }
    assert groups == {
        "Nästa steg": ["Prototyp"],
        "Tillbaka till ett tidigare steg": ["Identifiera målgrupper", "Förstå behoven", "Analys"],
        "Avbryt arbetet": ["Avbruten"],
    }
    chosen = [o.attrs["value"] for o in options(page, "id_stage") if "selected" in o.attrs]
    assert chosen == ["prototype"]


def test_a_discontinued_idea_is_offered_where_it_may_resume(owner, skelleftea) -> None:
    idea = new_idea(owner, skelleftea, stage="analysis")
    services.idea_change_stage(actor=owner, idea=idea, stage="discontinued")
    page = HtmlPage(signed_in(owner).get(f"/ideer/{idea.pk}/steg/").content.decode())
    (group,) = page.by_id("id_stage").find_all("optgroup")
    assert group.attrs["label"] == "Återuppta arbetet vid"
    assert [o.text.strip() for o in group.find_all("option")] == [
        "Identifiera målgrupper",
        "Förstå behoven",
        "Analys",
    ]


def test_a_stage_the_rule_does_not_allow_is_refused_in_names_not_codes(owner, skelleftea) -> None:
    idea = new_idea(owner, skelleftea, stage="concept")
    response = signed_in(owner).post(f"/ideer/{idea.pk}/steg/", {"stage": "launch"})
    assert response.status_code == 200
    page = HtmlPage(response.content.decode())
    message = page.by_id("id_stage_error").text
    assert "Koncept kan inte gå till Införande." in message
    assert "Prototyp" in message and "Avbruten" in message
    words = page.text.replace("id_stage", "")
    assert [code for code in CODES if code in words] == []
    idea.refresh_from_db()
    assert idea.stage == "concept"


def test_the_stage_page_shows_no_internal_codes(owner, skelleftea) -> None:
    idea = new_idea(owner, skelleftea, stage="concept")
    text = HtmlPage(signed_in(owner).get(f"/ideer/{idea.pk}/steg/").content.decode()).text
    assert [code for code in CODES if code in text] == []

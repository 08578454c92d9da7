"""The test-round pages over HTTP: list and filters, sign-up with consent, the feedback form
without JavaScript, withdrawal, my test rounds, the results dashboard and its chart."""

from __future__ import annotations

import re

import pytest

from ideas.models import TargetGroup
from prototypes import services
from prototypes.models import Feedback, Finding, Participation, TestRound
from tests import factories

pytestmark = pytest.mark.django_db

SUS_80 = [4, 2, 4, 1, 4, 2, 5, 2, 4, 2]


@pytest.fixture
def idea(owner, skelleftea):  # type: ignore[no-untyped-def]
    return factories.idea(
        organisation=skelleftea, created_by=owner, title="Ledighetsansökan", visibility="public"
    )


@pytest.fixture
def prototype(idea, owner):  # type: ignore[no-untyped-def]
    return factories.prototype(idea=idea, created_by=owner)


@pytest.fixture
def recruiting(prototype, owner):  # type: ignore[no-untyped-def]
    seniors = TargetGroup.objects.create(name="Seniorer", slug="seniorer")
    return factories.test_round(
        prototype=prototype, created_by=owner, title="Omgång för seniorer", target_group=seniors
    )


@pytest.fixture
def running(prototype, owner):  # type: ignore[no-untyped-def]
    return factories.test_round(
        prototype=prototype, created_by=owner, status="running", title="Pågående omgång"
    )


def feedback_form(test_round, **overrides: str) -> dict[str, str]:
    data = {"text": "Bra!"}
    for i in range(1, len(test_round.tasks) + 1):
        data |= {
            f"task_{i}_completed": "yes",
            f"task_{i}_difficulty": "2",
            f"task_{i}_minutes": "1.5",
            f"task_{i}_comment": "",
        }
    for n, answer in enumerate(SUS_80, start=1):
        data[f"sus_{n}"] = str(answer)
    data.update(overrides)
    return data


def test_test_new_e_services_lists_open_rounds_and_filters(
    client, recruiting, running, krokom
) -> None:
    page = client.get("/testa/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Testa nya e-tjänster" in text
    assert "Omgång för seniorer" in text and "Pågående omgång" in text
    filtered = client.get("/testa/", {"target_group": "seniorer"}).content.decode()
    assert "Omgång för seniorer" in filtered and "Pågående omgång" not in filtered
    assert (
        "Omgång för seniorer"
        in client.get("/testa/", {"organisation": "skelleftea", "county": "24"}).content.decode()
    )
    assert "Omgång för seniorer" not in client.get("/testa/", {"county": "23"}).content.decode()


def test_bad_filter_values_show_an_error_not_a_500(client, recruiting) -> None:
    response = client.get("/testa/", {"county": "99"})
    assert response.status_code == 200
    assert "form-error" in response.content.decode()


def test_nav_and_home_link_to_test_rounds(client, recruiting) -> None:
    text = client.get("/").content.decode()
    assert 'href="/testa/"' in text
    assert "Omgång för seniorer" in text


def test_round_page_shows_tasks_consent_and_asks_anonymous_visitors_to_sign_in(
    client, recruiting
) -> None:
    text = client.get(f"/testomgangar/{recruiting.pk}/").content.decode()
    assert "Logga in" in text and "Skicka ansökan" in text
    assert recruiting.consent_text in text
    assert "Logga in för att anmäla dig" in text


def test_citizen_signs_up_with_consent_on_the_page(client, citizen, recruiting) -> None:
    client.force_login(citizen)
    page = client.get(f"/testomgangar/{recruiting.pk}/").content.decode()
    assert "Anmäl mig till testet" in page
    response = client.post(
        f"/testomgangar/{recruiting.pk}/anmalan/",
        {"consent": "on", "consent_version": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Deltagare 1" in response.content.decode()
    assert Participation.objects.filter(user=citizen, consent_version=1).exists()


def test_sign_up_without_ticking_consent_is_refused_with_a_message(
    client, citizen, recruiting
) -> None:
    client.force_login(citizen)
    response = client.post(f"/testomgangar/{recruiting.pk}/anmalan/", {"consent_version": "1"})
    assert response.status_code == 400
    assert "Kryssa i rutan för att godkänna samtyckestexten" in response.content.decode()
    assert not Participation.objects.exists()


def test_sign_up_after_the_consent_text_changed_asks_to_read_it_again(
    client, owner, citizen, recruiting
) -> None:
    services.test_round_update(
        actor=owner, test_round=recruiting, consent_text="Ny version av texten."
    )
    client.force_login(citizen)
    response = client.post(
        f"/testomgangar/{recruiting.pk}/anmalan/", {"consent": "on", "consent_version": "1"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "har ändrats sedan du läste den" in text
    assert "Ny version av texten." in text


def test_full_round_shows_that_it_is_full(client, owner, citizen, citizen_b, prototype) -> None:
    full = factories.test_round(prototype=prototype, created_by=owner, capacity=1)
    services.participation_create(user=citizen_b, test_round=full, consent=True)
    client.force_login(citizen)
    assert "Omgången är full" in client.get(f"/testomgangar/{full.pk}/").content.decode()
    response = client.post(
        f"/testomgangar/{full.pk}/anmalan/", {"consent": "on", "consent_version": "1"}
    )
    assert response.status_code == 400
    assert Participation.objects.count() == 1


@pytest.fixture
def citizen_b(db):  # type: ignore[no-untyped-def]
    return factories.user(email="b@example.org")


def test_feedback_form_has_labelled_groups_for_every_task_and_all_ten_sus_statements(
    client, citizen, running
) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    text = client.get(f"/testomgangar/{running.pk}/aterkoppling/").content.decode()
    assert text.count("<fieldset") == 2 * 3 + 10  # per task: group, completed, difficulty; 10 SUS
    assert "Jag tror att jag skulle vilja använda det här systemet ofta." in text
    assert "Jag behövde lära mig mycket innan jag kunde komma igång med systemet." in text
    assert "<script" not in text


def test_feedback_form_saves_and_the_participant_sees_their_answers(
    client, citizen, running
) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    response = client.post(
        f"/testomgangar/{running.pk}/aterkoppling/", feedback_form(running), follow=True
    )
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.sus_score == 80.0
    assert feedback.tasks[0] == {"completed": True, "difficulty": 2, "seconds": 90, "comment": ""}
    text = response.content.decode()
    assert "Din återkoppling" in text and "80,0" in text
    # Editing keeps one feedback.
    client.post(f"/testomgangar/{running.pk}/aterkoppling/", feedback_form(running, sus_1="1"))
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().sus_score == 72.5


def test_feedback_form_with_a_missing_sus_answer_shows_the_error_and_stores_nothing(
    client, citizen, running
) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    data = feedback_form(running)
    del data["sus_4"]
    response = client.post(f"/testomgangar/{running.pk}/aterkoppling/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Svara på påstående 4 (1–5)." in text
    assert 'href="#id_sus_4_0"' in text
    assert not Feedback.objects.exists()


def test_difficulty_outside_1_to_5_on_the_page_is_refused(client, citizen, running) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    response = client.post(
        f"/testomgangar/{running.pk}/aterkoppling/", feedback_form(running, task_1_difficulty="7")
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_feedback_page_for_a_round_not_running_redirects_with_a_message(
    client, citizen, recruiting
) -> None:
    services.participation_create(user=citizen, test_round=recruiting, consent=True)
    client.force_login(citizen)
    response = client.post(
        f"/testomgangar/{recruiting.pk}/aterkoppling/", feedback_form(recruiting), follow=True
    )
    assert "när omgången pågår" in response.content.decode()
    assert not Feedback.objects.exists()


def test_withdrawal_on_the_page_deletes_the_answers(client, citizen, running) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    services.feedback_create(
        user=citizen,
        test_round=running,
        tasks=[{"completed": True, "difficulty": 1, "seconds": 5, "comment": ""}] * 2,
        sus=SUS_80,
    )
    client.force_login(citizen)
    assert (
        client.post(f"/testomgangar/{running.pk}/avanmalan/", {}).status_code == 200
    )  # not confirmed
    assert Participation.objects.exists()
    response = client.post(f"/testomgangar/{running.pk}/avanmalan/", {"confirm": "on"}, follow=True)
    assert "Dina svar har raderats" in response.content.decode()
    assert not Participation.objects.exists() and not Feedback.objects.exists()


def test_my_test_rounds_lists_my_rounds(client, citizen, running, recruiting) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    text = client.get("/mina-testomgangar/").content.decode()
    assert "Pågående omgång" in text and "Deltagare 1" in text
    assert "Omgång för seniorer" not in text
    assert "Pågående omgång" in client.get("/mitt-konto/").content.decode()


def test_my_test_rounds_leave_out_a_round_whose_idea_was_hidden_from_me(
    client, citizen, running
) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    client.force_login(citizen)
    assert "Pågående omgång" in client.get("/mina-testomgangar/").content.decode()
    idea = running.prototype.idea
    idea.visibility = "organisation"
    idea.save(update_fields=["visibility"])
    # Hidden everywhere, as any idea the citizen may not see: the list, the account page
    # and the round itself; the participation stays in the citizen's own export.
    assert "Pågående omgång" not in client.get("/mina-testomgangar/").content.decode()
    assert "Pågående omgång" not in client.get("/mitt-konto/").content.decode()
    assert client.get(f"/testomgangar/{running.pk}/").status_code == 404
    assert Participation.objects.filter(user=citizen, round=running).exists()


def test_my_test_rounds_needs_sign_in(client) -> None:
    assert client.get("/mina-testomgangar/").status_code == 302


def test_team_dashboard_has_the_chart_its_text_alternative_and_findings(
    client, owner, citizen, running
) -> None:
    services.participation_create(user=citizen, test_round=running, consent=True)
    feedback = services.feedback_create(
        user=citizen,
        test_round=running,
        tasks=[
            {"completed": True, "difficulty": 2, "seconds": 60, "comment": "Lätt"},
            {"completed": False, "difficulty": 5, "seconds": 300, "comment": ""},
        ],
        sus=SUS_80,
    )
    client.force_login(owner)
    text = client.get(f"/testomgangar/{running.pk}/resultat/").content.decode()
    assert (
        '<svg role="img"' in text
        and '<title id="chart-title">' in text
        and '<desc id="chart-desc">' in text
    )
    assert "style=" not in text  # the CSP allows no inline styles
    assert "Uppgift 1: 100 % klarade den (1 av 1)." in text
    assert "<caption>Uppgifter</caption>" in text
    assert "Deltagare 1" in text and citizen.email not in text
    response = client.post(
        f"/testomgangar/{running.pk}/fynd/",
        {
            "severity": "major",
            "description": "Skicka-knappen syns inte",
            "feedback": [str(feedback.pk)],
        },
        follow=True,
    )
    assert "Skicka-knappen syns inte" in response.content.decode()
    assert Finding.objects.get().feedback.get() == feedback


def test_a_finding_without_description_on_the_page_is_refused(client, owner, running) -> None:
    client.force_login(owner)
    response = client.post(
        f"/testomgangar/{running.pk}/fynd/", {"severity": "major", "description": ""}
    )
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_team_moves_the_round_forward_on_the_dashboard(client, owner, recruiting) -> None:
    client.force_login(owner)
    client.post(f"/testomgangar/{recruiting.pk}/status/", {"status": "running"})
    assert TestRound.objects.get(pk=recruiting.pk).status == "running"
    response = client.post(
        f"/testomgangar/{recruiting.pk}/status/", {"status": "planned"}, follow=True
    )
    assert TestRound.objects.get(pk=recruiting.pk).status == "running"
    assert "kan bara gå vidare" in response.content.decode()


def test_results_page_is_for_the_team_until_the_round_closes(
    client, owner, citizen, outsider, running
) -> None:
    url = f"/testomgangar/{running.pk}/resultat/"
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    services.test_round_update(actor=owner, test_round=running, status="closed")
    assert client.get(url).status_code == 200
    client.logout()
    text = client.get(url).content.decode()
    assert "Sammanfattning" in text and "Registrera en slutsats" not in text


def test_pages_of_a_members_only_idea_are_404_for_outsiders(
    client, owner, outsider, colleague, skelleftea
) -> None:
    hidden_idea = factories.idea(
        organisation=skelleftea, created_by=owner, visibility="organisation"
    )
    hidden_proto = factories.prototype(idea=hidden_idea, created_by=owner)
    hidden = factories.test_round(prototype=hidden_proto, created_by=owner, status="closed")
    client.force_login(outsider)
    for url in (
        f"/testomgangar/{hidden.pk}/",
        f"/testomgangar/{hidden.pk}/resultat/",
        f"/testomgangar/{hidden.pk}/aterkoppling/",
        f"/prototyper/{hidden_proto.pk}/",
        f"/prototyper/ide/{hidden_idea.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(colleague)
    assert client.get(f"/testomgangar/{hidden.pk}/resultat/").status_code == 200


def test_team_adds_a_prototype_and_plans_a_round_on_the_pages(client, owner, idea) -> None:
    client.force_login(owner)
    response = client.post(
        f"/prototyper/ide/{idea.pk}/",
        {
            "label": "v2",
            "description": "Andra versionen",
            "link": "https://example.se/v2",
            "status": "open",
        },
        follow=True,
    )
    assert response.status_code == 200
    prototype = idea.prototypes.get(label="v2")
    response = client.post(
        f"/prototyper/{prototype.pk}/ny-testomgang/",
        {
            "title": "Ny omgång",
            "goal": "Mål",
            "target_group": "Föräldrar",
            "tasks": "Första\n\nAndra\n",
            "remote": "on",
            "capacity": "6",
            "consent_text": "Jag samtycker.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = TestRound.objects.get(title="Ny omgång")
    assert created.tasks == ["Första", "Andra"] and created.status == "planned"
    assert created.target_group is not None and created.target_group.name == "Föräldrar"


def test_outsider_cannot_use_the_team_pages(client, outsider, prototype, running) -> None:
    client.force_login(outsider)
    assert client.get(f"/prototyper/{prototype.pk}/ny-testomgang/").status_code == 403
    assert client.get(f"/prototyper/{prototype.pk}/redigera/").status_code == 403
    assert client.get(f"/testomgangar/{running.pk}/redigera/").status_code == 403
    assert (
        client.post(f"/testomgangar/{running.pk}/status/", {"status": "closed"}).status_code == 403
    )
    assert (
        client.post(
            f"/testomgangar/{running.pk}/fynd/", {"severity": "minor", "description": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/prototyper/ide/{prototype.idea_id}/", {"label": "v9"}).status_code == 403


def test_round_form_errors_are_shown_on_the_fields(client, owner, prototype) -> None:
    client.force_login(owner)
    response = client.post(
        f"/prototyper/{prototype.pk}/ny-testomgang/",
        {"title": "x", "goal": "y", "tasks": "a", "capacity": "3", "consent_text": "z"},
    )
    assert response.status_code == 200
    assert re.search(r"Ange var testet äger rum", response.content.decode())
    assert not TestRound.objects.filter(title="x").exists()


def test_organisation_page_lists_its_test_rounds(client, recruiting) -> None:
    text = client.get("/organisationer/skelleftea/").content.decode()
    assert "Testomgångar" in text and "Omgång för seniorer" in text
    assert "Omgång för seniorer" not in client.get("/organisationer/krokom/").content.decode()


def test_idea_section_tag_lists_prototypes_and_rounds_the_viewer_may_see(
    rf, owner, citizen, idea, prototype, recruiting
) -> None:
    from django.template import Context, Template

    draft = factories.prototype(idea=idea, created_by=owner, label="v2-utkast", status="draft")
    template = Template("{% load prototypes_tags %}{% idea_prototypes_section idea %}")
    request = rf.get("/")
    request.user = citizen
    public = template.render(Context({"idea": idea, "request": request}))
    assert "Prototyp v1" in public and "Omgång för seniorer" in public
    assert draft.label not in public and "Lägg till en prototypversion" not in public
    request.user = owner
    team = template.render(Context({"idea": idea, "request": request}))
    assert draft.label in team and "Lägg till en prototypversion" in team

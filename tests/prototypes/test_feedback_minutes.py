"""The feedback form's time per task: asked in minutes, "1,5" and "1.5" are both a minute and
a half in Swedish and in English, stored as seconds as before (the API's contract), and shown
back in minutes wherever the pages show it. The field is a text field with a decimal keypad:
Chromium's number field in an English browser reads "1,5" as 15."""

from __future__ import annotations

import pytest

from prototypes import services
from prototypes.models import Feedback
from tests.html_page import HtmlPage
from tests.prototypes.test_pages import SUS_80, feedback_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking_part(citizen, running_round):  # type: ignore[no-untyped-def]
    services.participation_create(user=citizen, test_round=running_round, consent=True)
    return running_round


def send(client, user, test_round, minutes: str, language: str = "sv") -> None:  # type: ignore[no-untyped-def]
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.post(
        f"/testomgangar/{test_round.pk}/aterkoppling/",
        feedback_form(test_round, task_1_minutes=minutes, task_2_minutes="2"),
    )
    assert response.status_code == 302, response.content.decode()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("minutes", ["1,5", "1.5", " 1,5 "])
def test_a_minute_and_a_half_is_stored_as_90_seconds(
    client, citizen, taking_part, minutes: str, language: str
) -> None:
    send(client, citizen, taking_part, minutes, language)
    tasks = Feedback.objects.get().tasks
    assert [task["seconds"] for task in tasks] == [90, 120]


@pytest.mark.parametrize("minutes", ["1,5,0", "1.5,0", "en och en halv", "-1", "1441"])
def test_a_time_that_is_no_number_of_minutes_is_refused_by_its_field(
    client, citizen, taking_part, minutes: str
) -> None:
    client.force_login(citizen)
    response = client.post(
        f"/testomgangar/{taking_part.pk}/aterkoppling/",
        feedback_form(taking_part, task_1_minutes=minutes),
    )
    assert response.status_code == 400
    page = HtmlPage(response.content.decode())
    assert page.by_id("id_task_1_minutes_error").text.strip()
    assert not Feedback.objects.exists()


def test_the_time_field_asks_for_minutes_with_a_decimal_keypad(
    client, citizen, taking_part
) -> None:
    client.force_login(citizen)
    page = HtmlPage(client.get(f"/testomgangar/{taking_part.pk}/aterkoppling/").content.decode())
    field = page.by_id("id_task_1_minutes")
    assert field.attrs["type"] == "text"
    assert field.attrs["inputmode"] == "decimal"
    (label,) = [
        label for label in page.find_all("label") if label.attrs.get("for") == "id_task_1_minutes"
    ]
    assert "minuter" in label.text
    assert "1,5" in page.by_id("id_task_1_minutes_helptext").text


def test_the_form_shows_a_stored_time_back_in_minutes_with_a_comma_in_swedish(
    client, citizen, taking_part
) -> None:
    send(client, citizen, taking_part, "1,5")
    page = HtmlPage(client.get(f"/testomgangar/{taking_part.pk}/aterkoppling/").content.decode())
    assert page.by_id("id_task_1_minutes").attrs["value"] == "1,5"
    assert page.by_id("id_task_2_minutes").attrs["value"] == "2"


def test_the_form_shows_a_stored_time_back_with_a_point_in_english(
    client, citizen, taking_part
) -> None:
    send(client, citizen, taking_part, "1,5", language="en")
    page = HtmlPage(client.get(f"/testomgangar/{taking_part.pk}/aterkoppling/").content.decode())
    assert page.by_id("id_task_1_minutes").attrs["value"] == "1.5"


def test_the_participants_answers_show_the_time_in_minutes(client, citizen, taking_part) -> None:
    send(client, citizen, taking_part, "1,5")
    text = HtmlPage(client.get(f"/testomgangar/{taking_part.pk}/").content.decode()).text
    assert "1,5 min" in text and "2 min" in text
    assert "90 s" not in text


def test_the_team_sees_times_in_minutes(client, owner, citizen, taking_part) -> None:
    services.feedback_create(
        user=citizen,
        test_round=taking_part,
        tasks=[
            {"completed": True, "difficulty": 2, "seconds": 90, "comment": ""},
            {"completed": True, "difficulty": 2, "seconds": 125, "comment": ""},
        ],
        sus=SUS_80,
    )
    client.force_login(owner)
    text = HtmlPage(client.get(f"/testomgangar/{taking_part.pk}/resultat/").content.decode()).text
    assert "1,5 min" in text and "2,1 min" in text
    assert "90 s" not in text and "125 s" not in text

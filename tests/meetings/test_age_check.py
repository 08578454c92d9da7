"""An age-limited focus group's meeting asks for the birth year, checks it and records it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from meetings.models import Registration
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_meeting(dialogue, owner, youth_group):  # type: ignore[no-untyped-def]
    return make_meeting(dialogue=dialogue, actor=owner, focus_group=youth_group, capacity=10)


def _register(api_as, user, meeting, **body):  # type: ignore[no-untyped-def]
    return api_as(user).post(
        f"/api/v1/meetings/{meeting.pk}/registration/", {"consent": True, **body}, format="json"
    )


def test_without_a_birth_year_the_answer_says_what_is_needed(api_as, youth_meeting, citizen):
    response = _register(api_as, citizen, youth_meeting)
    assert response.status_code == 400
    assert "14–25" in response.json()["birth_year"][0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(12, False), (13, False), (14, True), (25, True), (26, True), (27, False)],
)
def test_a_birth_year_is_accepted_when_the_age_may_be_in_the_range(
    api_as, youth_meeting, citizen, age, accepted
):
    # Born in (meeting year - age): at the meeting the person is `age` or `age - 1` years
    # old (before their birthday), so 26 may still be 25, while 13 cannot yet be 14 and 27
    # cannot be 25 any more.
    year = timezone.localtime(youth_meeting.starts_at).year - age
    response = _register(api_as, citizen, youth_meeting, birth_year=year)
    assert response.status_code == (201 if accepted else 400), response.content
    if accepted:
        assert Registration.objects.get(user=citizen).birth_year == year
    else:
        assert "birth_year" in response.json()


def test_a_meeting_without_an_age_limit_records_no_birth_year(api_as, meeting, citizen):
    response = _register(api_as, citizen, meeting, birth_year=1950)
    assert response.status_code == 201
    assert Registration.objects.get(user=citizen).birth_year is None


def test_a_nonsense_birth_year_is_a_400(api_as, youth_meeting, citizen):
    for value in (20, 3000, "tjugo"):
        response = _register(api_as, citizen, youth_meeting, birth_year=value)
        assert response.status_code == 400
        assert "birth_year" in response.json()

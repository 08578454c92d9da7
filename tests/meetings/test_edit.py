"""Changing a meeting: the team changes what it planned, checked exactly as a new meeting is;
more places move the waitlist up in queue order (with the moved-up e-mail), fewer places
than people registered is refused with nothing changed, and a new time or place is e-mailed
to the people registered and waiting, each in their language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from dialogues.models import FocusGroup
from meetings import services
from meetings.models import Meeting, MeetingConsentText, Registration
from tests.meetings.conftest import LINK, make_dialogue

pytestmark = pytest.mark.django_db


def _status(meeting, people):  # type: ignore[no-untyped-def]
    rows = {r.user_id: r.status for r in Registration.objects.filter(meeting=meeting)}
    return [rows.get(p.pk) for p in people]


def _register(meeting, people) -> None:  # type: ignore[no-untyped-def]
    for person in people:
        services.meeting_register(user=person, meeting=meeting, consent=True)


def _url(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/"


def test_the_team_changes_a_meeting_and_the_rest_stays(api_as, meeting, owner):
    response = api_as(owner).patch(
        _url(meeting), {"title": "Kvällsmöte om skolskjutsen", "capacity": 25}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["capacity"], body["link"]) == (
        "Kvällsmöte om skolskjutsen",
        25,
        LINK,
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity, meeting.mode) == (
        "Kvällsmöte om skolskjutsen",
        25,
        "digital",
    )


def test_more_places_move_the_waitlist_up_in_queue_order_with_an_email(
    meeting, owner, people, django_capture_on_commit_callbacks
):
    _register(meeting, people[:5])  # two places: two registered, three waiting
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=owner, meeting=meeting, capacity=4)
    assert _status(meeting, people[:5]) == ["registered"] * 4 + ["waitlisted"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[3].email])
    # The moved-up e-mail: they now have a place, so the link is theirs.
    assert all(LINK in m.body and meeting.title in m.subject for m in mail.outbox)


def test_more_places_through_the_api_move_the_first_ones_waiting_up(api_as, meeting, owner, people):
    _register(meeting, people[:4])
    response = api_as(owner).patch(_url(meeting), {"capacity": 3}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["registered"], response.json()["waitlisted"]) == (3, 1)
    assert _status(meeting, people[:4]) == ["registered"] * 3 + ["waitlisted"]


def test_fewer_places_than_people_registered_is_refused_and_nothing_changes(
    api_as, meeting, owner, people
):
    _register(meeting, people[:3])  # two registered, one waiting
    response = api_as(owner).patch(
        _url(meeting), {"capacity": 1, "title": "Nytt namn"}, format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["capacity"]
    assert message.startswith("2 personer har redan en plats") and "ställ in det" in message
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.title) == (2, "Digitalt dialogmöte")
    assert _status(meeting, people[:3]) == ["registered", "registered", "waitlisted"]


def test_places_may_go_down_to_the_number_already_registered(api_as, meeting, owner, people):
    services.meeting_update(actor=owner, meeting=meeting, capacity=5)
    _register(meeting, people[:3])
    response = api_as(owner).patch(_url(meeting), {"capacity": 3}, format="json")
    assert response.status_code == 200, response.content
    assert _status(meeting, people[:3]) == ["registered"] * 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"ends_at": "2020-01-01T10:00:00+01:00"}, "ends_at"),
        ({"starts_at": "0026-03-10T18:00:00+01:00", "ends_at": "0026-03-10T19:00:00+01:00"}, None),
        ({"mode": "physical"}, "location"),  # a physical meeting needs a place
        ({"mode": "digital", "link": ""}, "link"),
        ({"mode": "by pigeon"}, "mode"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"link": "not a link"}, "link"),
        ({"focus_group": 999_999}, "focus_group"),
    ],
)
def test_a_change_is_checked_as_a_new_meeting_is(api_as, meeting, owner, change, field):
    before = Meeting.objects.filter(pk=meeting.pk).values().get()
    response = api_as(owner).patch(_url(meeting), change, format="json")
    assert response.status_code == 400, response.content
    if field is not None:
        assert field in response.json(), response.json()
    assert Meeting.objects.filter(pk=meeting.pk).values().get() == before


def test_a_focus_group_of_another_dialogue_is_refused(api_as, meeting, owner, skelleftea):
    other = make_dialogue(organisation=skelleftea, created_by=owner, title="Annan dialog")
    group = FocusGroup.objects.create(dialogue=other, name="Nyinflyttade")
    response = api_as(owner).patch(_url(meeting), {"focus_group": group.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"focus_group": ["Välj en av dialogens fokusgrupper."]}
    with pytest.raises(services.ValidationError):
        services.meeting_update(actor=owner, meeting=meeting, focus_group=group)


def test_the_focus_group_cannot_change_once_people_have_registered(
    api_as, meeting, owner, people, youth_group
):
    moved = api_as(owner).patch(_url(meeting), {"focus_group": youth_group.pk}, format="json")
    assert moved.status_code == 200, moved.content
    services.meeting_register(user=people[0], meeting=meeting, consent=True, birth_year=2008)
    response = api_as(owner).patch(_url(meeting), {"focus_group": None}, format="json")
    assert response.status_code == 400
    assert "focus_group" in response.json()
    meeting.refresh_from_db()
    assert meeting.focus_group_id == youth_group.pk


def test_switching_to_a_physical_meeting_drops_the_link(api_as, meeting, owner):
    response = api_as(owner).patch(
        _url(meeting), {"mode": "physical", "location": "Folkets hus, Föllinge"}, format="json"
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.mode, meeting.location, meeting.link) == (
        "physical",
        "Folkets hus, Föllinge",
        "",
    )


def test_a_new_time_is_emailed_to_everyone_registered_and_waiting_in_their_language(
    meeting, owner, people, django_capture_on_commit_callbacks
):
    people[0].language = "en"
    people[0].save()
    _register(meeting, people[:3])  # two registered, one waiting
    later = datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=owner,
            meeting=meeting,
            starts_at=meeting.starts_at + later,
            ends_at=meeting.ends_at + later,
        )
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == sorted(p.email for p in people[:3])
    assert by_person[people[0].email].subject == "[Delahub] Changed: “Digitalt dialogmöte”"
    assert by_person[people[1].email].subject == "[Delahub] Ändrat: ”Digitalt dialogmöte”"
    # The link reaches those with a place, never the waitlist.
    assert LINK in by_person[people[0].email].body
    assert LINK in by_person[people[1].email].body
    assert LINK not in by_person[people[2].email].body
    assert "kön" in by_person[people[2].email].body
    meeting.refresh_from_db()
    assert meeting.sequence == 1  # calendars take the new time


def test_a_new_link_is_emailed_only_to_those_with_a_place(
    meeting, owner, people, django_capture_on_commit_callbacks
):
    _register(meeting, people[:3])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=owner, meeting=meeting, link="https://möte.example/nytt-rum")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[0].email, people[1].email])
    assert all("https://möte.example/nytt-rum" in m.body for m in mail.outbox)


def test_a_new_title_alone_emails_nobody(
    meeting, owner, people, django_capture_on_commit_callbacks
):
    _register(meeting, people[:3])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=owner, meeting=meeting, title="Samtal om byn")
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_a_new_consent_text_is_a_new_version_and_those_registered_keep_theirs(
    meeting, owner, people
):
    services.meeting_register(user=people[0], meeting=meeting, consent=True)
    services.meeting_update(actor=owner, meeting=meeting, consent_text="Ny text om samtycke.")
    meeting.refresh_from_db()
    assert meeting.consent_version == 2
    assert list(MeetingConsentText.objects.filter(meeting=meeting).values_list("version", "text"))[
        -1
    ] == (2, "Ny text om samtycke.")
    assert Registration.objects.get(user=people[0]).consent_version == 1
    with pytest.raises(services.ValidationError):  # read the old text: asked to read again
        services.meeting_register(user=people[1], meeting=meeting, consent=True, consent_version=1)


def test_people_outside_the_team_cannot_change_a_meeting(meeting, citizen, outsider):
    for person in (citizen, outsider):
        with pytest.raises(PermissionDenied):
            services.meeting_update(actor=person, meeting=meeting, capacity=50)
    meeting.refresh_from_db()
    assert meeting.capacity == 2


def test_a_patch_by_someone_outside_the_team_is_403_and_changes_nothing(
    api_as, meeting, citizen, outsider
):
    for person in (citizen, outsider):
        response = api_as(person).patch(_url(meeting), {"capacity": 50}, format="json")
        assert response.status_code == 403
        assert "Skellefteå" in response.json()["detail"]
    assert api_as(None).patch(_url(meeting), {"capacity": 50}, format="json").status_code == 401
    meeting.refresh_from_db()
    assert meeting.capacity == 2

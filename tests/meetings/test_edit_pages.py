"""The team's pages to change and to cancel a meeting work without JavaScript: plain forms,
errors on the page with a 400 and nothing changed; the meeting page links them for the team
only; others get 403 (they see the meeting) or 404 (they do not)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Registration
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def _form(meeting: Meeting, **change: str) -> dict[str, str]:
    data = {
        "title": meeting.title,
        "starts_at": "2031-03-10T18:00",
        "ends_at": "2031-03-10T19:30",
        "mode": meeting.mode,
        "location": meeting.location,
        "link": meeting.link,
        "capacity": str(meeting.capacity),
        "consent_text": meeting.consent_text,
        "focus_group": "",
    }
    data.update(change)
    return data


def test_the_edit_form_is_filled_in_with_the_meeting(client, meeting, owner):
    client.force_login(owner)
    page = client.get(f"/moten/{meeting.pk}/redigera/").content.decode()
    assert f'value="{meeting.title}"' in page
    assert 'value="2"' in page  # the places
    assert 'value="18:00"' not in page and "T18:00" in page  # Swedish time, as typed


def test_the_team_changes_a_meeting_with_the_form(
    client, meeting, owner, people, django_capture_on_commit_callbacks
):
    for person in people[:3]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moten/{meeting.pk}/redigera/", _form(meeting, title="Nytt namn", capacity="3")
        )
    assert response.status_code == 302
    assert response["Location"] == f"/moten/{meeting.pk}/"
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity, meeting.starts_at.year) == ("Nytt namn", 3, 2031)
    assert Registration.objects.get(user=people[2]).status == "registered"
    # A new time: everyone is told (the one moved up by the moved-up e-mail).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:3])


def test_the_edit_form_shows_errors_with_a_400_and_changes_nothing(client, meeting, owner, people):
    for person in people[:2]:
        services.meeting_register(user=person, meeting=meeting, consent=True)
    before = Meeting.objects.filter(pk=meeting.pk).values().get()
    client.force_login(owner)
    for bad in (_form(meeting, capacity="1"), _form(meeting, ends_at="2031-03-10T17:00")):
        response = client.post(f"/moten/{meeting.pk}/redigera/", bad)
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).values().get() == before


def test_the_team_cancels_a_meeting_with_the_form(
    client, meeting, owner, people, django_capture_on_commit_callbacks
):
    services.meeting_register(user=people[0], meeting=meeting, consent=True)
    client.force_login(owner)
    page = client.get(f"/moten/{meeting.pk}/installa/").content.decode()
    assert "1 person som har anmält sig eller står i kö" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moten/{meeting.pk}/installa/", {"reason": "Ledaren är sjuk."}, follow=True
        )
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancellation_reason == "Ledaren är sjuk."
    assert "Ledaren är sjuk." in response.content.decode()
    [email] = mail.outbox
    assert email.to == [people[0].email]


def test_the_cancel_form_without_a_reason_is_a_400_and_cancels_nothing(client, meeting, owner):
    client.force_login(owner)
    response = client.post(f"/moten/{meeting.pk}/installa/", {"reason": "  "})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_the_meeting_page_links_change_and_cancel_for_the_team_only(
    client, meeting, owner, citizen, colleague
):
    edit, call_off = f"/moten/{meeting.pk}/redigera/", f"/moten/{meeting.pk}/installa/"
    for person in (owner, colleague):
        client.force_login(person)
        page = client.get(f"/moten/{meeting.pk}/").content.decode()
        assert edit in page and call_off in page
    client.force_login(citizen)
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert edit not in page and call_off not in page
    client.logout()
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert edit not in page and call_off not in page


def test_a_held_or_cancelled_meeting_offers_no_cancel_link(client, dialogue, meeting, owner):
    held = make_meeting(dialogue=dialogue, actor=owner, days=-2)
    client.force_login(owner)
    page = client.get(f"/moten/{held.pk}/").content.decode()
    assert f"/moten/{held.pk}/redigera/" in page
    assert f"/moten/{held.pk}/installa/" not in page
    services.meeting_cancel(actor=owner, meeting=meeting, reason="Inställt.")
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert f"/moten/{meeting.pk}/redigera/" not in page
    assert f"/moten/{meeting.pk}/installa/" not in page


def test_others_get_403_for_a_meeting_they_see_and_404_for_one_they_do_not(
    client, meeting, draft_dialogue, owner, citizen, outsider, staff
):
    hidden = make_meeting(dialogue=draft_dialogue, actor=owner)
    for person in (citizen, outsider, staff):
        client.force_login(person)
        for page in ("redigera", "installa"):
            assert client.get(f"/moten/{meeting.pk}/{page}/").status_code == 403
            assert client.get(f"/moten/{hidden.pk}/{page}/").status_code == 404
        assert client.post(f"/moten/{meeting.pk}/installa/", {"reason": "x"}).status_code == 403
        assert client.post(f"/moten/{hidden.pk}/installa/", {"reason": "x"}).status_code == 404
        assert (
            client.post(f"/moten/{meeting.pk}/redigera/", _form(meeting, capacity="9")).status_code
            == 403
        )
    client.logout()
    for page in ("redigera", "installa"):
        response = client.get(f"/moten/{meeting.pk}/{page}/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.is_cancelled) == (2, False)

"""The accessibility statement's form reports a problem to the platform staff: it works
without JavaScript, signed in or not; a report is stored, shown to staff in the admin and
mailed to them; bad input gets a message and stores nothing; reports are rate-limited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accessibility.models import ProblemReport
from accounts.services import user_delete, user_export

pytestmark = pytest.mark.django_db
URL = "/tillganglighet/"
PROBLEM = "Sökrutan går inte att nå med tabb-tangenten."


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://delahub.example.se"


@pytest.fixture
def staff(staff):  # type: ignore[no-untyped-def]
    """Platform staff who handle reports: the admin's permissions on them."""
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accessibility",
            codename__in=["view_problemreport", "change_problemreport"],
        )
    )
    return staff


def report(client, address: str = "127.0.0.1", **fields: str):  # type: ignore[no-untyped-def]
    return client.post(URL, {"description": PROBLEM, **fields}, REMOTE_ADDR=address)


def test_the_statement_names_the_law_the_standard_it_is_tested_against_and_its_status(
    client,
) -> None:
    """The law's standard (EN 301 549, WCAG 2.1 AA), what the site is tested against (WCAG
    2.2 AA, as tests/browser/test_every_page.py runs axe), how, and that it is partial."""
    page = client.get(URL).content.decode()
    assert "EN 301 549" in page and "WCAG) 2.1 nivå AA" in page
    assert "WCAG 2.2 nivå AA" in page
    assert "uppfyller kraven delvis" in page
    assert "320 CSS-pixlar" in page
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "tested against WCAG 2.2 level AA" in english


def test_the_statement_offers_a_form_that_needs_no_javascript(client) -> None:
    page = client.get(URL).content.decode()
    form = page.split('aria-labelledby="report-heading"', 1)[1].split("</form>", 1)[0]
    assert 'method="post"' in page.split('aria-labelledby="report-heading"', 1)[0][-200:]
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="description"' in form
    assert 'name="reply_to"' in form
    assert 'type="submit"' in form
    assert "<script" not in form


def test_an_anonymous_visitor_reports_a_problem_that_reaches_the_staff(
    client, staff, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, page="/sok/", reply_to="besokare@example.org")
    assert response.status_code == 302
    assert response["Location"] == URL
    stored = ProblemReport.objects.get()
    assert (stored.description, stored.page, stored.reply_to) == (
        PROBLEM,
        "/sok/",
        "besokare@example.org",
    )
    assert stored.reporter is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert message.reply_to == ["besokare@example.org"]
    assert PROBLEM in message.body
    assert f"https://delahub.example.se/admin/accessibility/problemreport/{stored.pk}/change/" in (
        message.body
    )
    thanks = client.get(URL).content.decode()
    assert "Tack. Din rapport har kommit fram till plattformens personal" in thanks


def test_a_signed_in_person_reports_with_their_address_filled_in(client, citizen) -> None:
    client.force_login(citizen)
    page = client.get(URL).content.decode()
    assert f'value="{citizen.email}"' in page
    assert report(client, reply_to=citizen.email).status_code == 302
    assert ProblemReport.objects.get().reporter == citizen


def test_a_report_without_a_description_is_refused_with_a_message(client, staff) -> None:
    response = client.post(URL, {"description": "   ", "reply_to": "a@example.org"})
    assert response.status_code == 400
    assert "Beskriv problemet, så att vi kan rätta det." in response.content.decode()
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


def test_a_wrong_email_address_is_refused_with_a_message(client) -> None:
    response = report(client, reply_to="inte en adress")
    assert response.status_code == 400
    assert "Skriv e-postadressen som namn@exempel.se" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_description_that_is_too_long_is_refused_with_a_message(client) -> None:
    response = client.post(URL, {"description": "x" * 5001})
    assert response.status_code == 400
    assert "Håll beskrivningen under 5 000 tecken." in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_the_form_speaks_english_in_the_english_interface(client) -> None:
    response = client.post(URL, {"description": ""}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Describe the problem, so we can fix it." in body


def test_reports_are_limited_per_address(client, settings) -> None:
    settings.ACCESSIBILITY_REPORT_RATE_LIMIT = "2/h"
    assert report(client).status_code == 302
    assert report(client).status_code == 302
    refused = report(client)
    assert refused.status_code == 400
    assert "Vänta" in refused.content.decode()
    assert "inget sparades" in refused.content.decode()
    assert ProblemReport.objects.count() == 2
    # Another address is not affected.
    assert report(client, address="192.0.2.7").status_code == 302
    assert ProblemReport.objects.count() == 3


def test_reports_are_limited_per_person_when_signed_in(client, citizen, settings) -> None:
    settings.ACCESSIBILITY_REPORT_RATE_LIMIT = "1/h"
    client.force_login(citizen)
    assert report(client).status_code == 302
    assert report(client, address="192.0.2.8").status_code == 400
    assert ProblemReport.objects.count() == 1


def test_a_refused_form_does_not_count_against_the_limit(client, settings) -> None:
    settings.ACCESSIBILITY_REPORT_RATE_LIMIT = "1/h"
    assert client.post(URL, {"description": ""}).status_code == 400
    assert report(client).status_code == 302


def test_staff_read_and_handle_reports_in_the_admin(client, staff) -> None:
    stored = ProblemReport.objects.create(description=PROBLEM, reply_to="b@example.org")
    client.force_login(staff)
    listing = client.get("/admin/accessibility/problemreport/")
    assert listing.status_code == 200
    assert PROBLEM in listing.content.decode()
    assert client.get(f"/admin/accessibility/problemreport/{stored.pk}/change/").status_code == 200
    response = client.post(
        "/admin/accessibility/problemreport/",
        {"action": "mark_handled", "_selected_action": [stored.pk]},
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.handled_at is not None


def test_only_staff_who_may_read_reports_are_mailed(
    client, staff, django_capture_on_commit_callbacks
) -> None:
    from accounts.models import User

    User.objects.create_user("annan.personal@delahub.example", "x", is_staff=True)
    chief = User.objects.create_superuser("chef@delahub.example", "x")
    with django_capture_on_commit_callbacks(execute=True):
        report(client)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, chief.email])


def test_people_who_are_not_staff_never_see_reports(client, citizen) -> None:
    ProblemReport.objects.create(description=PROBLEM)
    client.force_login(citizen)
    response = client.get("/admin/accessibility/problemreport/")
    assert response.status_code == 302
    assert PROBLEM not in response.content.decode()


def test_a_report_is_in_the_export_and_its_address_goes_with_the_account(client, citizen) -> None:
    client.force_login(citizen)
    report(client, reply_to=citizen.email)
    other = ProblemReport.objects.create(description="Annan", reply_to="annan@example.org")
    exported = user_export(user=citizen)["accessibility_reports"]
    assert [r["description"] for r in exported] == [PROBLEM]
    user_delete(user=citizen)
    mine = ProblemReport.objects.get(description=PROBLEM)
    assert mine.description == PROBLEM  # staff can still fix what it describes
    assert mine.reply_to == ""
    other.refresh_from_db()
    assert other.reply_to == "annan@example.org"

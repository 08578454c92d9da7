"""Pages for dialogue meetings: a dialogue's meetings with sign-up and cancel forms (the
same section the dialogue page includes), one meeting, and the team's forms to plan, change
and cancel a meeting and write its report.

Views fetch with meetings.selectors (404 for what you may not see, 403 for what only the
team may do) and write through meetings.services, like the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.models import Dialogue
from frontend.errors import errors_on
from frontend.forms_meetings import CallOffForm, MeetingForm, RegisterForm, ReportForm
from hub.auth import signed_in_user
from meetings import selectors, services
from meetings.models import Meeting, Registration


def section_context(
    request: HttpRequest, dialogue: Dialogue, *, bound: RegisterForm | None = None
) -> dict[str, Any]:
    """What the meetings section needs: each meeting with the person's status, whether they
    see its link, and its sign-up form (`bound`: a form sent with errors, shown again)."""
    user = request.user
    meetings = list(selectors.meetings_of_dialogue(dialogue))
    own = selectors.registrations_by_meeting(user, meetings)
    return {
        "dialogue": dialogue,
        "is_team": selectors.is_team(user, dialogue),
        "meetings": [_row(user, m, own.get(m.pk), bound) for m in meetings],
    }


def _row(
    user: Any, meeting: Meeting, own: Registration | None, bound: RegisterForm | None
) -> dict[str, Any]:
    active = own if own is not None and own.is_active else None
    form = bound if bound is not None and bound.prefix == f"meeting-{meeting.pk}" else None
    return {
        "meeting": meeting,
        "registration": active,
        "shows_link": meeting.is_digital and selectors.may_see_link(user, meeting, own),
        "form": form or RegisterForm(meeting=meeting),
        "full": meeting.registered_count >= meeting.capacity,  # type: ignore[attr-defined]
        "report": meeting.report if selectors.has_report(meeting) else None,
    }


def dialogue_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """A dialogue's meetings: sign up, cancel, calendar files; the team plans and reports."""
    dialogue = selectors.access_dialogue(request.user, pk)
    return render(
        request, "frontend/meetings/dialogue_meetings.html", section_context(request, dialogue)
    )


def _meeting_page(
    request: HttpRequest, meeting: Meeting, *, form: RegisterForm | None = None, status: int = 200
) -> HttpResponse:
    context = section_context(request, meeting.dialogue, bound=form)
    context["row"] = next(r for r in context["meetings"] if r["meeting"].pk == meeting.pk)
    context["meeting"] = context["row"]["meeting"]
    if context["is_team"]:
        context["registrants"] = selectors.registrants_for_team(meeting)
        context["upcoming"] = meeting.starts_at > timezone.now()
    return render(request, "frontend/meetings/meeting_detail.html", context, status=status)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting: when and where, places, the sign-up form; for the team its registrants
    (as pseudonyms) and the report."""
    return _meeting_page(request, selectors.access_meeting(request.user, pk))


@login_required
@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.access_meeting(user, pk)
    form = RegisterForm(request.POST, meeting=meeting)
    if form.is_valid():
        with errors_on(form):
            registration = services.meeting_register(
                user=user,
                meeting=meeting,
                consent=form.cleaned_data["consent"],
                consent_version=form.cleaned_data["consent_version"],
                birth_year=form.cleaned_data.get("birth_year"),
            )
            if registration.status == Registration.Status.REGISTERED:
                messages.success(request, _("You have a place at the meeting."))
            else:
                messages.success(
                    request,
                    _(
                        "The meeting is full, so you are on the waitlist. We e-mail you if a "
                        "place becomes free."
                    ),
                )
            return redirect(meeting)
    return _meeting_page(request, meeting, form=form, status=400)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.access_meeting(user, pk)
    try:
        services.meeting_cancel_registration(user=user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    dialogue = selectors.access_dialogue(user, pk)
    selectors.require_team(user, dialogue)
    form = MeetingForm(request.POST or None, dialogue=dialogue)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            meeting = services.meeting_create(actor=user, dialogue=dialogue, **form.cleaned_data)
            messages.success(request, _("The meeting was added."))
            return redirect(meeting)
    return render(
        request,
        "frontend/meetings/meeting_form.html",
        {"dialogue": dialogue, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The team changes a meeting: the form of a new one, filled in."""
    user = signed_in_user(request)
    meeting = selectors.access_meeting(user, pk, manage=True)
    form = MeetingForm(
        request.POST or None, dialogue=meeting.dialogue, initial=MeetingForm.initial_of(meeting)
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.meeting_update(actor=user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The meeting was changed."))
            return redirect(meeting)
    return render(
        request,
        "frontend/meetings/meeting_form.html",
        {"dialogue": meeting.dialogue, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_call_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The team cancels a meeting, after saying why (the people registered are told)."""
    user = signed_in_user(request)
    meeting = selectors.access_meeting(user, pk, manage=True)
    form = CallOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.meeting_cancel(actor=user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The meeting was cancelled."))
            return redirect(meeting)
    return render(
        request,
        "frontend/meetings/meeting_call_off.html",
        {"dialogue": meeting.dialogue, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.access_meeting(user, pk, manage=True)
    report = selectors.report_of(meeting)
    initial = {"attendees": report.attendees, "notes": report.notes} if report else None
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.meeting_report_save(actor=user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The report was saved."))
            return redirect(meeting)
    return render(
        request,
        "frontend/meetings/meeting_report.html",
        {"meeting": meeting, "dialogue": meeting.dialogue, "form": form},
        status=400 if form.errors else 200,
    )

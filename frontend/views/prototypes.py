"""Pages for prototypes and citizen test rounds: "Testa nya e-tjänster", a round with sign-up
and consent, the feedback form, my test rounds, and the team's results dashboard.

Views fetch with the access_* selectors (404 for what you may not see, 403 for what you
may see but not do) and write through prototypes.services, like the API.
"""

from __future__ import annotations

import os
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.charts import chart_geometry
from frontend.errors import errors_on
from frontend.forms_prototypes import (
    FeedbackForm,
    FindingForm,
    OpenRoundListFilter,
    PrototypeForm,
    PrototypeImageForm,
    RoundForm,
    RoundStatusForm,
    SignUpForm,
    WithdrawForm,
)
from hub.auth import signed_in_user
from ideas.files import IMAGE_TYPES
from ideas.selectors import access_idea
from prototypes import selectors, services
from prototypes.models import ConsentText, Finding, PrototypeImage, TestRound


def round_list(request: HttpRequest) -> HttpResponse:
    """ "Testa nya e-tjänster": rounds open for sign-up across Sweden."""
    rounds = selectors.open_rounds(request.user)
    filterset = OpenRoundListFilter(request.GET, queryset=rounds, request=request)
    page = filterset.page(request.GET.get("page"))
    # Open for sign-up and under way are told apart, never counted as one.
    rows = cast("QuerySet[TestRound]", page.paginator.object_list)
    under_way = rows.filter(status=TestRound.Status.RUNNING).count()
    return render(
        request,
        "frontend/prototypes/round_list.html",
        {
            "form": filterset.form,
            "page": page,
            "open_count": page.paginator.count - under_way,
            "under_way_count": under_way,
        },
    )


def idea_prototypes(request: HttpRequest, idea_pk: int) -> HttpResponse:
    """An idea's prototype versions; the team adds new ones here."""
    idea = access_idea(request.user, idea_pk)
    if request.method == "POST":
        selectors.require_team(request.user, idea)
    is_team = selectors.is_team(request.user, idea)
    form = PrototypeForm(request.POST or None) if is_team else None
    if form is not None and form.is_valid():
        with errors_on(form):
            prototype = services.prototype_create(
                actor=signed_in_user(request), idea=idea, **form.cleaned_data
            )
            messages.success(request, _("The prototype was added."))
            return redirect(prototype)
    prototypes = selectors.prototypes_visible_to(request.user).filter(idea=idea)
    return render(
        request,
        "frontend/prototypes/idea_prototypes.html",
        {"idea": idea, "prototypes": prototypes, "form": form, "is_team": is_team},
    )


def prototype_image(request: HttpRequest, pk: int, image_id: int) -> HttpResponseBase:
    """A prototype's screenshot, for whoever may see the prototype (else 404)."""
    prototype = selectors.access_prototype(request.user, pk)
    image = get_object_or_404(PrototypeImage, pk=image_id, prototype=prototype)
    extension = os.path.splitext(image.image.name)[1].lower()
    if extension not in IMAGE_TYPES:  # stored before images were checked by content
        raise Http404
    response = FileResponse(
        image.image.open("rb"), content_type=IMAGE_TYPES[extension].content_type
    )
    # Served from our origin: never let a browser guess a riskier type or run anything.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def prototype_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prototype = selectors.access_prototype(request.user, pk)
    is_team = selectors.is_team(request.user, prototype.idea)
    rounds = selectors.rounds_visible_to(request.user).filter(prototype=prototype)
    return render(
        request,
        "frontend/prototypes/prototype_detail.html",
        {
            "prototype": prototype,
            "idea": prototype.idea,
            "rounds": rounds,
            "is_team": is_team,
            # Only findings the visitor may read: a round's findings are published when it closes.
            "findings_addressed": selectors.findings_visible_to(request.user).filter(
                addressed_in=prototype
            ),
        },
    )


@login_required
def prototype_edit(request: HttpRequest, pk: int) -> HttpResponse:
    prototype = selectors.access_prototype(request.user, pk, manage=True)
    user = signed_in_user(request)
    form = PrototypeForm(
        request.POST if "save" in request.POST else None, instance=prototype, prefix="p"
    )
    image_form = PrototypeImageForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
        prefix="img",
    )
    if form.is_bound and form.is_valid():
        with errors_on(form):
            services.prototype_update(actor=user, prototype=prototype, **form.cleaned_data)
            messages.success(request, _("The prototype was saved."))
            return redirect(prototype)
    if image_form.is_bound and image_form.is_valid():
        with errors_on(image_form):
            services.prototype_image_add(actor=user, prototype=prototype, **image_form.cleaned_data)
            messages.success(request, _("The image was added."))
            return redirect(prototype)
    return render(
        request,
        "frontend/prototypes/prototype_edit.html",
        {"prototype": prototype, "form": form, "image_form": image_form},
    )


@login_required
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    prototype = selectors.access_prototype(request.user, pk, manage=True)
    form = RoundForm(request.POST or None, initial={"remote": True, "capacity": 8})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            test_round = services.test_round_create(
                actor=signed_in_user(request), prototype=prototype, **form.service_fields()
            )
            messages.success(request, _("The test round was planned."))
            return redirect("frontend:round_results", pk=test_round.pk)
    return render(
        request,
        "frontend/prototypes/round_form.html",
        {"prototype": prototype, "form": form, "test_round": None},
    )


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.access_round(request.user, pk, manage=True)
    form = RoundForm(request.POST or None, initial=RoundForm.initial_for(test_round))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.test_round_update(
                actor=signed_in_user(request), test_round=test_round, **form.service_fields()
            )
            messages.success(request, _("The test round was saved."))
            return redirect("frontend:round_results", pk=test_round.pk)
    return render(
        request,
        "frontend/prototypes/round_form.html",
        {"prototype": test_round.prototype, "form": form, "test_round": test_round},
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round: goal, tasks, where and when, consent text and sign-up."""
    test_round = selectors.access_round(request.user, pk)
    participation = selectors.participation_of(request.user, test_round)
    return render(
        request,
        "frontend/prototypes/round_detail.html",
        _round_context(request, test_round, participation=participation),
    )


def _round_context(request: HttpRequest, test_round: TestRound, **extra: Any) -> dict[str, Any]:
    participation = extra.get("participation")
    context = {
        "test_round": test_round,
        "prototype": test_round.prototype,
        "idea": test_round.idea,
        "is_team": selectors.is_team(request.user, test_round.idea),
        "places_left": selectors.places_left(test_round),
        "feedback": selectors.feedback_of(participation),
        "can_see_summary": selectors.can_see_summary(request.user, test_round),
        "sign_up_form": SignUpForm(initial={"consent_version": test_round.consent_version}),
    }
    if participation is not None:
        context["agreed_consent"] = ConsentText.objects.filter(
            round=test_round, version=participation.consent_version
        ).first()
    context.update(extra)
    return context


@login_required
@require_POST
def round_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.access_round(request.user, pk)
    form = SignUpForm(request.POST)
    if form.is_valid():
        with errors_on(form):
            participation = services.participation_create(
                user=signed_in_user(request),
                test_round=test_round,
                consent=form.cleaned_data["consent"],
                consent_version=form.cleaned_data["consent_version"],
            )
            messages.success(
                request,
                _("You are signed up. The team sees you as “%(pseudonym)s”.")
                % {"pseudonym": participation.pseudonym},
            )
            return redirect(test_round)
    test_round.refresh_from_db()
    context = _round_context(request, test_round, participation=None)
    context["sign_up_form"] = form
    return render(request, "frontend/prototypes/round_detail.html", context, status=400)


@login_required
def round_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.access_round(request.user, pk)
    user = signed_in_user(request)
    participation = selectors.participation_of(user, test_round)
    if participation is None:
        messages.info(request, _("You are not signed up for this round."))
        return redirect(test_round)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.participation_withdraw(user=user, test_round=test_round)
        messages.success(
            request, _("You have withdrawn from the round. Your answers have been deleted.")
        )
        return redirect("frontend:my_rounds")
    return render(
        request,
        "frontend/prototypes/round_withdraw.html",
        {"test_round": test_round, "form": form, "participation": participation},
    )


@login_required
def round_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The feedback form: one group per task, the ten SUS statements, free text."""
    test_round = selectors.access_round(request.user, pk)
    user = signed_in_user(request)
    participation = selectors.participation_of(user, test_round)
    if participation is None:
        messages.info(request, _("Sign up for the round before giving feedback."))
        return redirect(test_round)
    existing = selectors.feedback_of(participation)
    if test_round.status != TestRound.Status.RUNNING:
        if test_round.status == TestRound.Status.CLOSED:
            messages.info(request, _("The round is closed; feedback can no longer be changed."))
        else:
            messages.info(request, _("You can give feedback when the round is running."))
        return redirect(test_round)
    initial = FeedbackForm.initial_for(existing) if existing else None
    form = FeedbackForm(request.POST or None, tasks=test_round.tasks, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.feedback_save(user=user, test_round=test_round, **form.service_fields())
            messages.success(request, _("Thank you! Your feedback was saved."))
            return redirect(test_round)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "frontend/prototypes/round_feedback.html",
        {"test_round": test_round, "form": form, "existing": existing},
        status=status,
    )


def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary with its chart and findings; for the team also the dashboard tools."""
    test_round = selectors.access_summary_round(request.user, pk)
    return render(
        request, "frontend/prototypes/round_results.html", _results_context(request, test_round)
    )


def _results_context(
    request: HttpRequest, test_round: TestRound, finding_form: FindingForm | None = None
) -> dict[str, Any]:
    is_team = selectors.is_team(request.user, test_round.idea)
    summary = selectors.round_summary_for(request.user, test_round)
    context: dict[str, Any] = {
        "test_round": test_round,
        "prototype": test_round.prototype,
        "idea": test_round.idea,
        "is_team": is_team,
        "summary": summary,
        "chart": chart_geometry(summary),
        "findings": selectors.round_findings(test_round),
        "severities": Finding.Severity,
    }
    if is_team:
        next_status = TestRound.TRANSITIONS.get(test_round.status)
        context |= {
            "participations": selectors.round_participations(test_round),
            "finding_form": finding_form or FindingForm(test_round=test_round),
            "next_status": TestRound.Status(next_status) if next_status else None,
            "show_identity": request.user.is_staff,
        }
    return context


@login_required
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.access_round(request.user, pk, manage=True)
    form = RoundStatusForm(request.POST)
    if form.is_valid():
        try:
            services.test_round_update(
                actor=signed_in_user(request),
                test_round=test_round,
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The round's status was changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("frontend:round_results", pk=test_round.pk)


@login_required
@require_POST
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.access_round(request.user, pk, manage=True)
    form = FindingForm(request.POST, test_round=test_round)
    if form.is_valid():
        with errors_on(form):
            services.finding_create(
                actor=signed_in_user(request), test_round=test_round, **form.service_fields()
            )
            messages.success(request, _("The finding was recorded."))
            return redirect("frontend:round_results", pk=test_round.pk)
    return render(
        request,
        "frontend/prototypes/round_results.html",
        _results_context(request, test_round, finding_form=form),
        status=400,
    )


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, pk, manage=True)
    test_round = finding.round
    form = FindingForm(
        request.POST or None, test_round=test_round, initial=FindingForm.initial_for(finding)
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.finding_update(
                actor=signed_in_user(request), finding=finding, **form.service_fields()
            )
            messages.success(request, _("The finding was saved."))
            return redirect("frontend:round_results", pk=test_round.pk)
    return render(
        request,
        "frontend/prototypes/finding_edit.html",
        {"finding": finding, "test_round": test_round, "form": form},
    )


@login_required
def my_rounds(request: HttpRequest) -> HttpResponse:
    """ "My test rounds": the rounds I take part in, my feedback and the published summaries."""
    participations = selectors.rounds_of_user(signed_in_user(request))
    return render(request, "frontend/prototypes/my_rounds.html", {"participations": participations})

"""The shell's pages: home, organisations, my account, accessibility statement, privacy notice."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from accessibility.services import problem_report_create
from accounts import services
from accounts.models import Organisation
from accounts.selectors import (
    organisation_members,
    user_is_member,
    user_manages_organisation,
    user_memberships,
)
from frontend.errors import errors_on
from frontend.forms import DeleteAccountForm, OrganisationFilterForm, ProfileForm
from frontend.forms_accessibility import ProblemReportForm
from hub.auth import signed_in_user
from hub.net import client_ip


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/home.html")


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.select_related("county").order_by("name")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            organisations = organisations.filter(Q(name__icontains=q) | Q(code=q))
        if kind := form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=kind)
        if county := form.cleaned_data["county"]:
            organisations = organisations.filter(county=county)
    elif form.is_bound:
        organisations = organisations.none()
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frontend/organisation_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("county"), slug=slug)
    is_member = user_is_member(request.user, organisation)
    members = organisation_members(organisation) if is_member else None
    return render(
        request,
        "frontend/organisation_detail.html",
        {
            "organisation": organisation,
            "is_member": is_member,
            "can_manage": user_manages_organisation(request.user, organisation),
            "members": members,
        },
    )


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update(user=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        response = redirect("frontend:my_account")
        response.delete_cookie("django_language")
        return response
    return render(
        request,
        "frontend/my_account.html",
        {
            "form": form,
            "delete_form": DeleteAccountForm(),
            "memberships": user_memberships(signed_in_user(request)),
            "tokens": services.api_tokens_active(user=signed_in_user(request)),
            "token_days": settings.API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def my_token_revoke(request: HttpRequest) -> HttpResponse:
    revoked = services.api_token_revoke(
        user=signed_in_user(request), token_key=request.POST.get("token_key", "")[:25]
    )
    if revoked:
        messages.success(request, _("The API token was revoked. Programs using it are signed out."))
    else:
        messages.error(request, _("That token does not exist or was already revoked."))
    return redirect("frontend:my_account")


@login_required
def my_export(request: HttpRequest) -> HttpResponse:
    data = services.user_export(user=signed_in_user(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="delahub-personal-data.json"'
    return response


@login_required
@require_POST
def my_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to delete your account."))
        return redirect("frontend:my_account")
    services.user_delete(user=signed_in_user(request), anonymise=form.anonymise())
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("frontend:home")


def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch: Django's set_language (the cookie, the way back to the page) and,
    for a signed-in person, their profile's language, which their pages follow
    (accounts.middleware.UserLanguageMiddleware)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_update(user=signed_in_user(request), language=language)
    return response


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, with the form that reports a problem to the staff."""
    reporter = signed_in_user(request) if request.user.is_authenticated else None
    form = ProblemReportForm(
        request.POST or None, initial={"reply_to": reporter.email} if reporter else {}
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            problem_report_create(
                **form.cleaned_data,
                reporter=reporter,
                address=client_ip(request),
                language=request.LANGUAGE_CODE,
            )
            if form.cleaned_data["reply_to"]:
                thanks = _(
                    "Thank you. Your report has reached the platform staff, who will answer "
                    "you by e-mail."
                )
            else:
                thanks = _("Thank you. Your report has reached the platform staff.")
            messages.success(request, thanks)
            return redirect("frontend:accessibility")
    return render(
        request,
        "frontend/accessibility.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what personal data the hub keeps, why, how long, who sees it."""
    return render(
        request,
        "frontend/privacy.html",
        {
            "token_days": settings.API_TOKEN_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "min_group": settings.ROUND_SUMMARY_MIN_PARTICIPANTS,
        },
    )

"""Pages for ideas: the list with filters, the idea with its stage timeline, evidence and
adopters, the create/edit forms with a Markdown preview, the stage form, reuse and follow.

Views fetch with ideas.selectors (404 for what you may not see) and write through
ideas.services (403 with a reason for what you may see but not do), like the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_manages_organisation
from frontend.forms_ideas import (
    AdoptionForm,
    ConfirmDeleteForm,
    EvidenceForm,
    IdeaFilterForm,
    IdeaForm,
    StageForm,
    idea_initial,
)
from hub.auth import signed_in_user
from hub.markdown import render_markdown
from ideas import selectors, services
from ideas.api.filters import IdeaFilter
from ideas.models import Idea, Stage


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas you may see, filtered and sorted like the API's ?kind=&stage=&…&ordering=."""
    visible = selectors.ideas_visible_to(request.user)
    form = IdeaFilterForm(request.GET or None, ideas=visible)
    filterset = IdeaFilter(request.GET, queryset=visible, request=request)
    if filterset.is_valid():
        ideas = filterset.qs
        if "ordering" not in request.GET:
            ideas = ideas.order_by("-created_at", "-id")
    else:
        ideas = visible.none()
        form.is_valid()  # shows the same complaints on the form's fields
    page = Paginator(ideas, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/ideas/idea_list.html",
        {"form": form, "page": page, "filtered": bool(request.GET.dict().keys() - {"page"})},
    )


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, pk)
    adopting = selectors.adopting_organisations(request.user, idea)
    can_edit = selectors.can_edit(request.user, idea)
    adoptions = list(selectors.idea_adoptions(idea))
    own_org_ids = {o.pk for o in adopting}
    own_adoptions = [a for a in adoptions if a.organisation_id in own_org_ids]
    adoption_form = None
    if adopting:
        initial: dict[str, Any] = {}
        if len(own_adoptions) == 1 and len(adopting) == 1:
            initial = {
                "status": own_adoptions[0].status,
                "note": own_adoptions[0].note,
                "contact_name": own_adoptions[0].contact_name,
                "contact_email": own_adoptions[0].contact_email,
            }
        adoption_form = AdoptionForm(organisations=adopting, initial=initial)
    return render(
        request,
        "frontend/ideas/idea_detail.html",
        {
            "idea": idea,
            "timeline": selectors.timeline(idea),
            "history": list(selectors.stage_history(idea)),
            "adoptions": adoptions,
            "own_adoptions": own_adoptions,
            "adoption_form": adoption_form,
            "show_adoption_contacts": can_edit,
            "can_edit": can_edit,
            "can_manage": selectors.can_manage(request.user, idea),
            "is_following": selectors.is_following(request.user, idea),
            "discontinued": idea.stage == Stage.DISCONTINUED,
        },
    )


def _render_form(
    request: HttpRequest, form: IdeaForm, *, idea: Idea | None, preview: str | None = None
) -> HttpResponse:
    return render(
        request,
        "frontend/ideas/idea_form.html",
        {"form": form, "idea": idea, "preview": preview},
    )


def _preview_of(form: IdeaForm) -> str:
    form.is_valid()
    return render_markdown(form.data.get("body", ""))


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisations = selectors.member_organisations(user)
    if not organisations.exists():
        raise PermissionDenied(
            _("Only members of an organisation can share ideas. Ask its coordinator to add you.")
        )
    managed = [o for o in organisations if user_manages_organisation(user, o)]
    form = IdeaForm(
        request.POST or None, organisations=organisations, may_choose_co_owners=bool(managed)
    )
    if request.method == "POST":
        if "preview" in request.POST:
            return _render_form(request, form, idea=None, preview=_preview_of(form))
        if form.is_valid():
            data = form.service_data()
            organisation = data.pop("organisation")
            try:
                idea = services.idea_create(actor=user, organisation=organisation, **data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The idea was shared."))
                return redirect(idea)
    return _render_form(request, form, idea=None)


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    if not selectors.can_edit(user, idea):
        raise PermissionDenied(
            _("Only members of %(organisation)s can change this idea.")
            % {"organisation": idea.organisation.name}
        )
    form = IdeaForm(
        request.POST or None,
        initial=idea_initial(idea),
        organisations=selectors.member_organisations(user),
        editing=True,
        may_choose_co_owners=selectors.can_manage(user, idea),
    )
    if request.method == "POST":
        if "preview" in request.POST:
            return _render_form(request, form, idea=idea, preview=_preview_of(form))
        if form.is_valid():
            try:
                services.idea_update(actor=user, idea=idea, **form.service_data())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The idea was saved."))
                return redirect(idea)
    return _render_form(request, form, idea=idea)


@login_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The sanitised HTML of some Markdown, for the form's preview without a page reload."""
    text = request.POST.get("body", "")[:50_000]
    html = render_markdown(text)
    if not html:
        return HttpResponse(format_html("<p>{}</p>", _("Nothing to preview yet.")))
    return HttpResponse(html)


@login_required
def idea_stage(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    if not selectors.can_edit(user, idea):
        raise PermissionDenied(
            _("Only members of %(organisation)s can change this idea.")
            % {"organisation": idea.organisation.name}
        )
    form = StageForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.idea_change_stage(actor=user, idea=idea, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The idea moved to the stage “%(stage)s”.")
                % {"stage": change.get_to_stage_display()},
            )
            return redirect(idea)
    return render(
        request,
        "frontend/ideas/idea_stage.html",
        {"idea": idea, "form": form, "timeline": selectors.timeline(idea)},
    )


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    if not selectors.can_edit(user, idea):
        raise PermissionDenied(
            _("Only members of %(organisation)s can change this idea.")
            % {"organisation": idea.organisation.name}
        )
    initial_stage = request.GET.get("stage")
    if initial_stage not in Stage.values or initial_stage == Stage.DISCONTINUED:
        initial_stage = idea.stage_before_discontinued or idea.stage
    form = EvidenceForm(
        request.POST or None, request.FILES or None, initial={"stage": initial_stage}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(actor=user, idea=idea, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The evidence was added to the timeline."))
            return redirect(idea.get_absolute_url() + "#timeline")
    return render(request, "frontend/ideas/evidence_form.html", {"idea": idea, "form": form})


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    user = signed_in_user(request)
    evidence = selectors.access_evidence(user, pk, evidence_id)
    services.evidence_delete(actor=user, evidence=evidence)
    messages.success(request, _("The evidence was removed."))
    return redirect(evidence.idea.get_absolute_url() + "#timeline")


@login_required
def idea_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """“We reuse this”: a member of another organisation records its reuse."""
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    organisations = selectors.adopting_organisations(user, idea)
    if not organisations:
        raise PermissionDenied(
            _("Only members of another organisation can record that it reuses this idea.")
        )
    form = AdoptionForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        if request.POST.get("withdraw"):
            slug = request.POST.get("organisation")
            organisation = next((o for o in organisations if o.slug == slug), None)
            try:
                services.adoption_withdraw(actor=user, idea=idea, organisation=organisation)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your organisation's reuse record was removed."))
                return redirect(idea.get_absolute_url() + "#adopters")
        elif form.is_valid():
            try:
                adoption = services.adoption_record(actor=user, idea=idea, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded: %(organisation)s – %(status)s.")
                    % {
                        "organisation": adoption.organisation.name,
                        "status": adoption.get_status_display(),
                    },
                )
                return redirect(idea.get_absolute_url() + "#adopters")
    return render(request, "frontend/ideas/idea_adopt.html", {"idea": idea, "form": form})


@login_required
@require_POST
def idea_follow(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    if request.POST.get("follow") == "0":
        services.follow_remove(user=user, idea=idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_add(user=user, idea=idea)
        messages.success(request, _("You follow this idea now."))
    return redirect(idea)


@login_required
def idea_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    if not selectors.can_manage(user, idea):
        raise PermissionDenied(
            _("Only coordinators and administrators of %(organisation)s can delete this idea.")
            % {"organisation": idea.organisation.name}
        )
    form = ConfirmDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        title = idea.title
        services.idea_delete(actor=user, idea=idea)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("frontend:idea_list")
    return render(request, "frontend/ideas/idea_delete.html", {"idea": idea, "form": form})

"""Pages for ideas: the list with filters, the idea with its stage timeline, evidence and
adopters, the create/edit forms with a Markdown preview, the stage form, reuse and follow.

Views fetch with ideas.selectors (404 for what you may not see; `require_*` for a 403 with
the services' own reason before a form is shown) and write through ideas.services, like
the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_manages_organisation
from frontend.access import fetch_for_change
from frontend.errors import errors_on
from frontend.forms_ideas import (
    AdoptionForm,
    ConfirmDeleteForm,
    EvidenceForm,
    IdeaForm,
    IdeaListFilter,
    StageForm,
    idea_initial,
)
from hub.auth import signed_in_user
from hub.markdown import render_markdown
from ideas import selectors, services
from ideas.models import Idea, Stage


def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas you may see, filtered and sorted by the API's filter set (?kind=&stage=&…&ordering=)."""
    visible = selectors.with_reuse_counts(selectors.ideas_visible_to(request.user))
    filterset = IdeaListFilter(request.GET, queryset=visible, request=request)
    return render(
        request,
        "frontend/ideas/idea_list.html",
        {
            "form": filterset.form,
            "page": filterset.page(request.GET.get("page")),
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        },
    )


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.access_idea(request.user, pk)
    adopting = selectors.adopting_organisations(request.user, idea)
    can_edit = selectors.can_edit(request.user, idea)
    adoptions = selectors.idea_adoptions_for(request.user, idea)
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
            "timeline": selectors.timeline(idea, request.user),
            "history": list(selectors.stage_history(idea)),
            "adoptions": adoptions,
            "own_adoptions": own_adoptions,
            "adoption_form": adoption_form,
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
    organisations = selectors.require_member_organisations(user)
    managed = [o for o in organisations if user_manages_organisation(user, o)]
    form = IdeaForm(
        request.POST or None, organisations=organisations, may_choose_co_owners=bool(managed)
    )
    if request.method == "POST":
        if "preview" in request.POST:
            return _render_form(request, form, idea=None, preview=_preview_of(form))
        if form.is_valid():
            with errors_on(form):
                idea = services.idea_create(actor=user, **form.service_data())
                messages.success(request, _("The idea was shared."))
                return redirect(idea)
    return _render_form(request, form, idea=None)


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, idea = fetch_for_change(request, selectors.access_idea, pk, selectors.require_edit)
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
            with errors_on(form):
                services.idea_update(actor=user, idea=idea, **form.service_data())
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
    user, idea = fetch_for_change(request, selectors.access_idea, pk, selectors.require_edit)
    form = StageForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            change = services.idea_change_stage(actor=user, idea=idea, **form.cleaned_data)
            messages.success(
                request,
                _("The idea moved to the stage “%(stage)s”.")
                % {"stage": change.get_to_stage_display()},
            )
            return redirect(idea)
    return render(
        request,
        "frontend/ideas/idea_stage.html",
        {"idea": idea, "form": form, "timeline": selectors.timeline(idea, request.user)},
    )


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, idea = fetch_for_change(request, selectors.access_idea, pk, selectors.require_edit)
    initial_stage = request.GET.get("stage")
    if initial_stage not in Stage.values or initial_stage == Stage.DISCONTINUED:
        initial_stage = idea.stage_before_discontinued or idea.stage
    initial: dict[str, Any] = {"stage": initial_stage}
    if (fact := request.GET.get("fact", "")).isdigit():
        initial["fact"] = fact  # from a fact page's "cite" link
    form = EvidenceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.evidence_add(actor=user, idea=idea, **form.cleaned_data)
            messages.success(request, _("The evidence was added to the timeline."))
            return redirect(idea.get_absolute_url() + "#timeline")
    return render(request, "frontend/ideas/evidence_form.html", {"idea": idea, "form": form})


@login_required
def evidence_delete(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """Asks first (the page shows what would go), removes on the page's POST."""
    user = signed_in_user(request)
    evidence = selectors.access_evidence(user, pk, evidence_id)
    selectors.require_edit(user, evidence.idea)
    if request.method == "POST":
        services.evidence_delete(actor=user, evidence=evidence)
        messages.success(request, _("The evidence was removed."))
        return redirect(evidence.idea.get_absolute_url() + "#timeline")
    return render(
        request,
        "frontend/ideas/evidence_delete.html",
        {"idea": evidence.idea, "evidence": evidence},
    )


@login_required
def idea_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """“We reuse this”: a member of another organisation records its reuse."""
    user = signed_in_user(request)
    idea = selectors.access_idea(user, pk)
    organisations = selectors.require_adopting_organisations(user, idea)
    form = AdoptionForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        if request.POST.get("withdraw"):
            slug = request.POST.get("organisation")
            organisation = next((o for o in organisations if o.slug == slug), None)
            with errors_on(form):
                services.adoption_withdraw(actor=user, idea=idea, organisation=organisation)
                messages.success(request, _("Your organisation's reuse record was removed."))
                return redirect(idea.get_absolute_url() + "#adopters")
        elif form.is_valid():
            with errors_on(form):
                adoption = services.adoption_record(actor=user, idea=idea, **form.cleaned_data)
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
    user, idea = fetch_for_change(request, selectors.access_idea, pk, selectors.require_delete)
    form = ConfirmDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        title = idea.title
        services.idea_delete(actor=user, idea=idea)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("frontend:idea_list")
    return render(request, "frontend/ideas/idea_delete.html", {"idea": idea, "form": form})

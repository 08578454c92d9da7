"""Pages for citizen proposals: the list with filters, the proposal with its status,
answer, me too, follow and comments, the forms to send, change, withdraw, answer, flag and
hide one.

Views fetch with proposals.selectors (404 for what you may not see; `require_*` for a 403
with the services' own reason before a form is shown) and write through the services,
like the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from comments import moderation
from facts.selectors import visible_fact_ids
from frontend.access import fetch_for_change
from frontend.errors import errors_on
from frontend.forms_comments import ConfirmForm, ReasonForm
from frontend.forms_proposals import (
    CITATIONS,
    ProposalAnswerForm,
    ProposalCreateForm,
    ProposalForm,
    ProposalListFilter,
)
from hub.auth import signed_in_user
from ideas.selectors import may_see_idea
from maps.selectors import places_visible_to
from proposals import selectors, services
from proposals.models import Proposal, Status

#: What the page says when a link cites what a proposal may not (missing or not public):
#: the same words for both, so the page tells nothing about a place or fact it may not show.
_UNKNOWN_CITATION = {
    "place": gettext_lazy(
        "The link names a place that does not exist or is not public (number %(id)s). "
        "You can send the proposal without it."
    ),
    "fact": gettext_lazy(
        "The link names a figure that does not exist or is not public (number %(id)s). "
        "You can send the proposal without it."
    ),
}


def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals you may see, by municipality, county and status (?organisation=&county=&status=)."""
    visible = selectors.proposals_visible_to(request.user)
    filterset = ProposalListFilter(request.GET, queryset=visible, request=request)
    return render(
        request,
        "frontend/proposals/proposal_list.html",
        {
            "form": filterset.form,
            "page": filterset.page(request.GET.get("page")),
            "filtered": bool(request.GET.dict().keys() - {"page"}),
        },
    )


def _citation_id(raw: str | None) -> int | None:
    """An id from a link or the form: ASCII digits only; anything else is no id."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def _citable(ids: dict[str, int | None]) -> dict[str, Any]:
    """The cited place and fact a proposal may name (public ones, proposals.selectors),
    by field; an id that is none of these is left out (and so never named on the page)."""
    shown: dict[str, Any] = {}
    queries = {"place": selectors.citable_places, "fact": selectors.citable_facts}
    for name, number in ids.items():
        found = queries[name]().filter(pk=number).first() if number else None
        if found is not None:
            shown[name] = found
    return shown


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    """Send a proposal. A link from a place's or a fact's page (?plats=<id>, ?fakta=<id>)
    cites it: the form shows what is cited with a checkbox to drop it and carries the id in
    the POST, where the service checks it (a place of the chosen municipality, public)."""
    user = signed_in_user(request)
    link_errors: list[str] = []
    if request.method == "POST":
        cited = {name: request.POST[name] for name in CITATIONS if request.POST.get(name)}
        shown = _citable({name: _citation_id(value) for name, value in cited.items()})
        form = ProposalCreateForm(request.POST, cited=cited, shown=shown)
        if form.is_valid():
            with errors_on(form):
                proposal = services.proposal_create(author=user, **form.cleaned_data)
                messages.success(
                    request,
                    _("Your proposal was sent to %(organisation)s.")
                    % {"organisation": proposal.organisation.name},
                )
                return redirect(proposal)
    else:
        ids = {"place": request.GET.get("plats"), "fact": request.GET.get("fakta")}
        numbers = {name: _citation_id(raw) for name, raw in ids.items() if raw}
        shown = _citable(numbers)
        for name, number in numbers.items():
            if number is not None and name not in shown:
                link_errors.append(_UNKNOWN_CITATION[name] % {"id": number})
        organisation = request.GET.get("organisation")
        if "place" in shown:
            organisation = shown["place"].organisation.slug
        elif "fact" in shown and not organisation:
            sheet_owner = shown["fact"].sheet.organisation
            if sheet_owner.kind == Organisation.Kind.MUNICIPALITY:
                organisation = sheet_owner.slug
        form = ProposalCreateForm(
            initial={"organisation": organisation},
            cited={name: str(numbers[name]) for name in shown},
            shown=shown,
        )
    return render(
        request,
        "frontend/proposals/proposal_form.html",
        {"form": form, "link_errors": link_errors},
        status=400 if form.errors or link_errors else 200,
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal(request.user, pk)
    user = request.user
    return render(
        request,
        "frontend/proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "idea_visible": proposal.idea_id is not None and may_see_idea(user, proposal.idea_id),
            # A place may since have become its municipality's own: then it is not named.
            "place": proposal.place
            if proposal.place_id and places_visible_to(user).filter(pk=proposal.place_id).exists()
            else None,
            # A sheet may since have become its organisation's own: then no figure is shown.
            "fact": proposal.fact
            if proposal.fact_id in visible_fact_ids(user, [proposal.fact_id])
            else None,
            "can_edit": selectors.can_edit(user, proposal),
            "can_answer": selectors.can_answer(user, proposal) and proposal.is_open,
            "can_moderate": moderation.can_moderate(user, proposal),
            "is_proposer": selectors.is_proposer(user, proposal),
            "is_following": bool(getattr(proposal, "mine_following", False)),
            "said_me_too": bool(getattr(proposal, "mine_me_too", False)),
        },
    )


def _proposal(request: HttpRequest, pk: int, *require: Any) -> tuple[Any, Proposal]:
    return fetch_for_change(request, selectors.access_proposal, pk, *require)


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _proposal(request, pk, selectors.require_edit)
    initial = {"title": proposal.title, "body": proposal.body, "show_name": proposal.show_name}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.proposal_update(actor=user, proposal=proposal, **form.cleaned_data)
            messages.success(request, _("Your proposal was saved."))
            return redirect(proposal)
    return render(
        request, "frontend/proposals/proposal_edit.html", {"proposal": proposal, "form": form}
    )


@login_required
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _proposal(request, pk, selectors.require_edit)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.proposal_withdraw(actor=user, proposal=proposal)
        messages.success(request, _("You withdrew your proposal."))
        return redirect(proposal)
    return render(
        request, "frontend/proposals/proposal_withdraw.html", {"proposal": proposal, "form": form}
    )


@login_required
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Members of the municipality: mark the proposal as being considered, or answer it."""
    user, proposal = _proposal(request, pk, selectors.require_answer)
    if request.method == "POST" and request.POST.get("status") == Status.CONSIDERING:
        try:
            services.proposal_change_status(
                actor=user, proposal=proposal, status=Status.CONSIDERING
            )
            messages.success(request, _("The proposal is now being considered."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(proposal)
    form = ProposalAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.proposal_answer(actor=user, proposal=proposal, **form.cleaned_data)
            messages.success(request, _("The proposal was answered."))
            return redirect(proposal)
    return render(
        request, "frontend/proposals/proposal_answer.html", {"proposal": proposal, "form": form}
    )


@login_required
@require_POST
def proposal_me_too(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    proposal = selectors.access_proposal(user, pk)
    try:
        if request.POST.get("me_too") == "0":
            services.me_too_remove(user=user, proposal=proposal)
            messages.success(request, _("You took back your “me too”."))
        else:
            services.me_too_add(user=user, proposal=proposal)
            messages.success(request, _("You said “me too” to this proposal."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(proposal)


@login_required
@require_POST
def proposal_follow(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    proposal = selectors.access_proposal(user, pk)
    if request.POST.get("follow") == "0":
        services.proposal_follow_remove(user=user, proposal=proposal)
        messages.success(request, _("You no longer follow this proposal."))
    else:
        services.proposal_follow_add(user=user, proposal=proposal)
        messages.success(request, _("You follow this proposal now."))
    return redirect(proposal)


def _moderation_page(
    request: HttpRequest, proposal: Proposal, form: Any, page: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "frontend/proposals/proposal_action.html",
        {"proposal": proposal, "form": form, "danger": False, "can_show": False, **page},
    )


@login_required
def proposal_flag(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _proposal(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            moderation.flag(actor=user, target=proposal, **form.cleaned_data)
            messages.success(request, _("Thank you. The moderators will look at the proposal."))
            return redirect(proposal)
    page = {
        "title": _("Flag the proposal for the moderators"),
        "intro": _(
            "Tell the moderators what is wrong, for example personal data or offensive language."
        ),
        "submit": _("Send to the moderators"),
    }
    return _moderation_page(request, proposal, form, page)


@login_required
def proposal_hide(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _proposal(request, pk, moderation.require_moderate)
    if request.method == "POST" and "show" in request.POST:
        moderation.unhide(actor=user, target=proposal)
        messages.success(request, _("The proposal is shown again."))
        return redirect(proposal)
    form = ReasonForm(request.POST or None, initial={"reason": proposal.hidden_reason})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            moderation.hide(actor=user, target=proposal, **form.cleaned_data)
            messages.success(request, _("The proposal is hidden."))
            return redirect("frontend:moderation")
    page = {
        "title": _("Hide the proposal"),
        "intro": _(
            "Only its proposer and the municipality see a hidden proposal, with the reason "
            "you give."
        ),
        "submit": _("Hide the proposal"),
        "danger": True,
        "can_show": proposal.hidden,
    }
    return _moderation_page(request, proposal, form, page)


@login_required
@require_POST
def proposal_dismiss_flags(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _proposal(request, pk)
    moderation.dismiss_flags(actor=user, target=proposal)
    messages.success(request, _("The flags were dismissed."))
    return redirect("frontend:moderation")

"""Pages of citizen dialogues: /dialoger/ (the list, filters without script) and
/dialoger/<id>/ (questions, the map and list of contributions, the contribution form, the
summary once reported, the meetings), and the team's pages to start, edit and run one.

Views fetch with dialogues.selectors (404 for what you may not see, 403 for what you may
see but not do) and write through dialogues.services, like the API.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from accounts.selectors import user_organisation_ids
from comments import moderation
from dialogues import selectors, services
from dialogues.models import Contribution, Dialogue
from frontend.access import fetch_for_change, safe_next
from frontend.charts import bar_chart
from frontend.errors import errors_on
from frontend.forms_comments import ReasonForm
from frontend.forms_dialogues import (
    ContributionForm,
    ContributionIdeaForm,
    DialogueForm,
    DialogueListFilter,
    DialogueStatusForm,
    areas_text,
    groups_text,
)
from hub.auth import is_signed_in, signed_in_user
from ideas.selectors import idea_ids_visible_to
from maps import drawing
from maps.boundaries import to_sweref_many

PER_PAGE = 20


def dialogue_list(request: HttpRequest) -> HttpResponse:
    """Every dialogue the visitor may see, newest first, with filters (a GET form)."""
    dialogues = selectors.dialogues_visible_to(request.user)
    filterset = DialogueListFilter(request.GET, queryset=dialogues, request=request)
    page = filterset.page(request.GET.get("page"), per_page=PER_PAGE)
    ids = [d.pk for d in page.object_list]
    counts = dict(
        Contribution.objects.filter(dialogue_id__in=ids, hidden_at__isnull=True)
        .order_by()
        .values_list("dialogue_id")
        .annotate(n=Count("pk"))
    )
    rows = [{"dialogue": d, "contributions": counts.get(d.pk, 0)} for d in page.object_list]
    can_start = Organisation.objects.filter(
        pk__in=user_organisation_ids(request.user), kind=Organisation.Kind.MUNICIPALITY
    ).exists()
    return render(
        request,
        "frontend/dialogues/dialogue_list.html",
        {"form": filterset.form, "page": page, "rows": rows, "can_start": can_start},
    )


def _map(dialogue: Dialogue) -> dict[str, Any]:
    """The municipality among its neighbours, and a ring per public 250 m cell."""
    code = dialogue.organisation.code
    frame, paths = drawing.surroundings(code)
    cells = selectors.contribution_cells(dialogue)
    rings = []
    if cells:
        xs, ys = to_sweref_many([c[0] for c in cells], [c[1] for c in cells])
        largest = max(c[2] for c in cells)
        for (_lon, _lat, n), x, y in zip(cells, xs, ys, strict=True):
            u, v = frame.point(float(x), float(y))
            # Area grows with the count: a radius from 6 to 20 units.
            rings.append(
                {
                    "x": round(u, 1),
                    "y": round(v, 1),
                    "r": round(6 + 14 * (n / largest) ** 0.5, 1),
                    "n": n,
                }
            )
    return {
        "frame": frame,
        "others": [d for c, d in paths.items() if c != code],
        "own": paths[code],
        "rings": rings,
    }


def _detail_context(
    request: HttpRequest, dialogue: Dialogue, form: ContributionForm | None
) -> dict[str, Any]:
    team = selectors.is_team(request.user, dialogue)
    areas = selectors.dialogue_areas(dialogue)
    groups = selectors.dialogue_focus_groups(dialogue)
    rows = selectors.dialogue_contributions(dialogue, team=team).order_by("-id")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    contributions = [
        {
            "c": c,
            "author": selectors.author_display(c, team=team),
            "answers": _answers(dialogue, c),
        }
        for c in page.object_list
    ]
    if form is None and dialogue.is_open and is_signed_in(request.user):
        form = ContributionForm(dialogue=dialogue, areas=areas, groups=groups)
    summary = None
    if selectors.can_see_summary(request.user, dialogue):
        summary = selectors.dialogue_summary(dialogue, full=team)
        summary["note"] = selectors.summary_note(summary)
        summary["area_chart"] = bar_chart(summary["per_area"])
        summary["prompt_chart"] = bar_chart(
            [{"name": p["text"], "contributions": p["answers"]} for p in summary["per_prompt"]]
        )
    linked_idea = None
    if dialogue.idea_id and idea_ids_visible_to(request.user, [dialogue.idea_id]):
        linked_idea = dialogue.idea
    last_id = rows.values_list("pk", flat=True).first() or 0
    return {
        "dialogue": dialogue,
        "is_team": team,
        "can_moderate": selectors.can_moderate(request.user, dialogue),
        "areas": areas,
        "groups": groups,
        "page": page,
        "contributions": contributions,
        "form": form,
        "map": _map(dialogue),
        "summary": summary,
        "linked_idea": linked_idea,
        "last_id": last_id,
        "status_form": DialogueStatusForm(
            initial={"status": Dialogue.TRANSITIONS.get(dialogue.status, dialogue.status)}
        )
        if team and dialogue.status in Dialogue.TRANSITIONS
        else None,
        "next_status": Dialogue.TRANSITIONS.get(dialogue.status),
        "next_status_label": (
            Dialogue.Status(Dialogue.TRANSITIONS[dialogue.status]).label
            if dialogue.status in Dialogue.TRANSITIONS
            else None
        ),
    }


def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dialogue; a signed-in resident contributes here while it is open."""
    dialogue = selectors.access_dialogue(request.user, pk)
    form = None
    if request.method == "POST":
        if not is_signed_in(request.user):
            return redirect(f"/accounts/login/?next={dialogue.get_absolute_url()}")
        form = ContributionForm(
            request.POST,
            dialogue=dialogue,
            areas=selectors.dialogue_areas(dialogue),
            groups=selectors.dialogue_focus_groups(dialogue),
        )
        if form.is_valid():
            data = form.cleaned_data
            point = None
            if data.get("map_x") is not None and data.get("map_y") is not None:
                point = drawing.point_at(dialogue.organisation.code, data["map_x"], data["map_y"])
            with errors_on(form):
                services.contribution_create(
                    author=signed_in_user(request),
                    dialogue=dialogue,
                    answers=form.answers(),
                    consent=data["consent"],
                    consent_version=data["consent_version"],
                    point=point,
                    area=data.get("area") or None,
                    village=data.get("village") or "",
                    focus_group=int(data["focus_group"]) if data.get("focus_group") else None,
                    show_name=data.get("show_name", False),
                )
                messages.success(request, _("Thank you! Your contribution was added."))
                return redirect(dialogue)
    return render(
        request, "frontend/dialogues/dialogue_detail.html", _detail_context(request, dialogue, form)
    )


def _dialogue_fields(form: DialogueForm, dialogue: Dialogue | None) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("organisation", None)
    if dialogue is not None:
        # Areas and groups keep their ids (and so their contributions) by name.
        known_areas = {a.name.casefold(): a.pk for a in selectors.dialogue_areas(dialogue)}
        for area in data["areas"]:
            if area["name"].casefold() in known_areas:
                area["id"] = known_areas[area["name"].casefold()]
        known_groups = {g.name.casefold(): g.pk for g in selectors.dialogue_focus_groups(dialogue)}
        for group in data["focus_groups"]:
            if group["name"].casefold() in known_groups:
                group["id"] = known_groups[group["name"].casefold()]
    return data


@login_required
def dialogue_create(request: HttpRequest) -> HttpResponse:
    """A member of a municipality starts a dialogue (a draft, seen only by the team)."""
    organisations = Organisation.objects.filter(
        pk__in=user_organisation_ids(request.user), kind=Organisation.Kind.MUNICIPALITY
    )
    if not organisations.exists():
        raise Http404
    form = DialogueForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            dialogue = services.dialogue_create(
                actor=signed_in_user(request),
                organisation=form.cleaned_data["organisation"],
                **_dialogue_fields(form, None),
            )
            messages.success(request, _("The dialogue was saved as a draft."))
            return redirect(dialogue)
    return render(
        request, "frontend/dialogues/dialogue_form.html", {"form": form, "dialogue": None}
    )


@login_required
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = selectors.access_dialogue(request.user, pk, manage=True)
    initial = {
        "title": dialogue.title,
        "description": dialogue.description,
        "prompts": "\n".join(dialogue.prompts),
        "areas": areas_text(selectors.dialogue_areas(dialogue)),
        "focus_groups": groups_text(selectors.dialogue_focus_groups(dialogue)),
        "opens_at": dialogue.opens_at,
        "closes_at": dialogue.closes_at,
        "consent_text": dialogue.consent_text,
    }
    form = DialogueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.dialogue_update(
                actor=signed_in_user(request), dialogue=dialogue, **_dialogue_fields(form, dialogue)
            )
            messages.success(request, _("The dialogue was saved."))
            return redirect(dialogue)
    return render(
        request, "frontend/dialogues/dialogue_form.html", {"form": form, "dialogue": dialogue}
    )


@login_required
@require_POST
def dialogue_status(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = selectors.access_dialogue(request.user, pk, manage=True)
    form = DialogueStatusForm(request.POST)
    if form.is_valid():
        with errors_on(form):
            services.dialogue_update(
                actor=signed_in_user(request), dialogue=dialogue, status=form.cleaned_data["status"]
            )
            messages.success(request, _("The dialogue's status was changed."))
            return redirect(dialogue)
    messages.error(
        request, " ".join(str(e) for e in form.errors.get("status", form.non_field_errors()))
    )
    return redirect(dialogue)


def _contribution(request: HttpRequest, pk: int, contribution_id: int) -> Contribution:
    return selectors.access_contribution(request.user, contribution_id, dialogue_id=pk)


def _contribution_in(pk: int) -> Callable[[User, int], Contribution]:
    """`access_contribution` for the dialogue of the address (for `fetch_for_change`)."""
    return functools.partial(selectors.access_contribution, dialogue_id=pk)


def _answers(dialogue: Dialogue, contribution: Contribution) -> list[dict[str, str]]:
    """The contribution's answers beside their questions (the unanswered left out)."""
    return [
        {"prompt": p, "text": a}
        for p, a in zip(dialogue.prompts, contribution.answers, strict=False)
        if a
    ]


def _at(contribution: Contribution) -> str:
    return f"{contribution.dialogue.get_absolute_url()}#contribution-{contribution.pk}"


@login_required
@require_POST
def contribution_gold(request: HttpRequest, pk: int, contribution_id: int) -> HttpResponse:
    contribution = _contribution(request, pk, contribution_id)
    gold = request.POST.get("gold") == "1"
    services.contribution_mark_gold(
        actor=signed_in_user(request), contribution=contribution, gold=gold
    )
    messages.success(
        request, _("Marked as a guldkorn.") if gold else _("The guldkorn mark was taken away.")
    )
    return redirect(_at(contribution))


@login_required
@require_POST
def contribution_idea(request: HttpRequest, pk: int, contribution_id: int) -> HttpResponse:
    contribution = _contribution(request, pk, contribution_id)
    form = ContributionIdeaForm(request.POST)
    if form.is_valid():
        with errors_on(form):
            idea = services.contribution_to_idea(
                actor=signed_in_user(request),
                contribution=contribution,
                title=form.cleaned_data["title"],
            )
            messages.success(request, _("The idea was created from the contribution."))
            return redirect(idea)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_at(contribution))


@login_required
@require_POST
def contribution_hide(request: HttpRequest, pk: int, contribution_id: int) -> HttpResponse:
    """Hide a contribution with a reason, or show it again (moderators; from the dialogue's
    page or the moderation queue, to which `next` leads back)."""
    user, contribution = fetch_for_change(
        request, _contribution_in(pk), contribution_id, moderation.require_moderate
    )
    if contribution.hidden:
        moderation.unhide(actor=user, target=contribution)
        messages.success(request, _("The contribution is shown again."))
    else:
        form = ReasonForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(list(form.errors["reason"]))
            moderation.hide(actor=user, target=contribution, **form.cleaned_data)
            messages.success(request, _("The contribution was hidden."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(safe_next(request) or _at(contribution))


@login_required
def contribution_flag(request: HttpRequest, pk: int, contribution_id: int) -> HttpResponse:
    """A reader flags a contribution for the moderators, saying why."""
    user, contribution = fetch_for_change(request, _contribution_in(pk), contribution_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            moderation.flag(actor=user, target=contribution, **form.cleaned_data)
            messages.success(request, _("Thank you. The moderators will look at the contribution."))
            return redirect(_at(contribution))
    dialogue = contribution.dialogue
    return render(
        request,
        "frontend/dialogues/contribution_flag.html",
        {
            "dialogue": dialogue,
            "item": {
                "c": contribution,
                "author": selectors.author_display(contribution, team=False),
                "answers": _answers(dialogue, contribution),
            },
            "form": form,
        },
    )


@login_required
@require_POST
def contribution_dismiss_flags(request: HttpRequest, pk: int, contribution_id: int) -> HttpResponse:
    user, contribution = fetch_for_change(
        request, _contribution_in(pk), contribution_id, moderation.require_moderate
    )
    moderation.dismiss_flags(actor=user, target=contribution)
    messages.success(request, _("The flags were dismissed."))
    return redirect("frontend:moderation")

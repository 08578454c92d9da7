"""Reads for dialogues: who sees which dialogue, how a contribution is shown to whom, and
the computed summary.

Visibility: a draft dialogue is its municipality's team's work in progress (members of the
organisation); to everyone else it does not exist (404 everywhere). Every other status is
public. `dialogues_visible_to` is the one rule; lists, details, contributions, the summary,
the pages and the live socket all start from it.

Privacy: a contribution's exact point is the team's (`is_team`); everyone else gets its
coarse cell (`coarse_point`: the centre of the 250 m square of SWEREF 99 TM it falls in)
and its area. Its author is named only when they chose to show their name; the team sees
the pseudonym ("Deltagare 3") and no more.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.selectors import forget_memberships, user_is_member, user_organisation_ids
from dialogues.models import Area, Contribution, Dialogue, FocusGroup
from maps.boundaries import to_sweref, to_wgs84

if TYPE_CHECKING:
    from hub.auth import Viewer

#: The side of the public grid's squares, in metres of SWEREF 99 TM: a point is shown as
#: the centre of its square, never as given (a home is personal data).
GRID_M = 250
#: What the public sees instead of a contributor who did not choose to show their name.
RESIDENT = gettext_lazy("A resident")


def coarse_point(longitude: float, latitude: float) -> tuple[float, float]:
    """The centre of the GRID_M square (SWEREF 99 TM) the point lies in, as WGS 84
    (longitude, latitude), rounded to 1e-5° (about a metre): what the public sees."""
    easting, northing = to_sweref(longitude, latitude)
    centre_e = math.floor(easting / GRID_M) * GRID_M + GRID_M / 2
    centre_n = math.floor(northing / GRID_M) * GRID_M + GRID_M / 2
    lon, lat = to_wgs84(centre_e, centre_n)
    return round(lon, 5), round(lat, 5)


def is_team(user: Viewer, dialogue: Dialogue) -> bool:
    """Members of the dialogue's municipality run it and see exact points."""
    return user_is_member(user, dialogue.organisation)


def require_team(user: Viewer, dialogue: Dialogue, message: str | None = None) -> None:
    """Refuse (403) unless the user is on the dialogue's team (`is_team`)."""
    if not is_team(user, dialogue):
        message = message or _("Only members of %(organisation)s can manage this dialogue.")
        raise PermissionDenied(message % {"organisation": dialogue.organisation.name})


def dialogues_visible_to(user: Viewer) -> QuerySet[Dialogue]:
    """Every dialogue but drafts; drafts only for members of their municipality."""
    mine = Q(organisation_id__in=user_organisation_ids(user))
    return Dialogue.objects.filter(~Q(status=Dialogue.Status.DRAFT) | mine).select_related(
        "organisation", "organisation__county"
    )


def may_see_dialogue(user: Viewer, dialogue_id: int) -> bool:
    """Whether the user may see the dialogue now, with memberships read afresh (for the live
    socket, whose user object was loaded when it opened)."""
    forget_memberships(user)
    return dialogues_visible_to(user).filter(pk=dialogue_id).exists()


def access_dialogue(user: Viewer, pk: int | str, *, manage: bool = False) -> Dialogue:
    """The dialogue if the user may see it (else 404); with manage=True the user must be on
    its team (403)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    dialogue = dialogues_visible_to(user).filter(pk=pk).first()
    if dialogue is None:
        raise Http404
    if manage:
        require_team(user, dialogue)
    return dialogue


def dialogue_areas(dialogue: Dialogue) -> list[Area]:
    return list(Area.objects.filter(dialogue=dialogue).order_by("name", "id"))


def dialogue_focus_groups(dialogue: Dialogue) -> list[FocusGroup]:
    return list(FocusGroup.objects.filter(dialogue=dialogue).order_by("id"))


def dialogue_contributions(
    dialogue: Dialogue | int, *, team: bool, after: int | None = None
) -> QuerySet[Contribution]:
    """The dialogue's contributions in order: hidden ones only for the team (marked)."""
    rows = Contribution.objects.filter(dialogue=dialogue)
    if not team:
        rows = rows.filter(hidden_at__isnull=True)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return rows.select_related("author", "area", "focus_group").order_by("id")


def contribution_ids(dialogue_id: int, *, after: int, limit: int, team: bool) -> list[int]:
    """Ids of the dialogue's contributions after `after`, ascending, at most `limit` (for the
    live socket's `resume`)."""
    rows = dialogue_contributions(dialogue_id, team=team, after=after)
    return list(rows.values_list("pk", flat=True)[:limit])


def access_contribution(
    user: Viewer, pk: int | str, *, dialogue_id: int | str | None = None
) -> Contribution:
    """A contribution of a dialogue the user may see (hidden ones: its team only), else 404;
    with `dialogue_id` (an address's dialogue), only a contribution of that dialogue."""
    try:
        pk = int(pk)
        of = None if dialogue_id is None else int(dialogue_id)
    except (TypeError, ValueError):
        raise Http404 from None
    contribution = (
        Contribution.objects.filter(pk=pk, dialogue__in=dialogues_visible_to(user))
        .select_related("dialogue", "dialogue__organisation", "author", "area", "focus_group")
        .first()
    )
    # Compared here, not in the query: an address may carry any number (a foreign key
    # lookup with one past the database's range fails instead of matching nothing).
    if contribution is None or (of is not None and contribution.dialogue_id != of):
        raise Http404
    if contribution.hidden and not is_team(user, contribution.dialogue):
        raise Http404
    return contribution


def author_display(contribution: Contribution, *, team: bool) -> str:
    """The name shown with a contribution: the author's public name when they chose to show
    it; otherwise the pseudonym to the team ("Deltagare 3") and "A resident" to others."""
    if contribution.show_name and contribution.author is not None:
        return contribution.author.public_name
    return contribution.pseudonym if team else str(RESIDENT)


def public_point(contribution: Contribution) -> list[float] | None:
    if contribution.coarse_longitude is None or contribution.coarse_latitude is None:
        return None
    return [contribution.coarse_longitude, contribution.coarse_latitude]


def team_point(contribution: Contribution) -> list[float] | None:
    if contribution.longitude is None or contribution.latitude is None:
        return None
    return [contribution.longitude, contribution.latitude]


# --- Summary ----------------------------------------------------------------------------


def can_see_summary(user: Viewer, dialogue: Dialogue) -> bool:
    """The team always; everyone who may see the dialogue once it is reported."""
    return is_team(user, dialogue) or dialogue.status == Dialogue.Status.REPORTED


def access_summary_dialogue(user: Viewer, pk: int | str) -> Dialogue:
    """The dialogue whose summary the user may read (404 / 403 otherwise)."""
    dialogue = access_dialogue(user, pk)
    if not can_see_summary(user, dialogue):
        raise PermissionDenied(
            _(
                "The summary is published when the dialogue is reported; until then only "
                "the team sees it."
            )
        )
    return dialogue


def _groups(
    counts: Counter[int | None], names: list[tuple[int, str]], minimum: int, full: bool
) -> list[dict[str, Any]]:
    rows = []
    for pk, name in names:
        n = counts.get(pk, 0)
        hide = not full and 0 < n < minimum
        rows.append(
            {"id": pk, "name": name, "contributions": None if hide else n, "suppressed": hide}
        )
    return rows


def dialogue_summary(dialogue: Dialogue, *, full: bool) -> dict[str, Any]:
    """The summary computed from the contributions (never typed in): contributions per
    prompt, per area and per focus group, and the guldkorn. `full` (the team): every
    number; otherwise a count below the minimum group size is not shown per area or focus
    group (ROUND_SUMMARY_MIN_PARTICIPANTS, as in test-round summaries). Hidden contributions
    are not counted. A constant number of queries however many contributions there are."""
    minimum: int = settings.ROUND_SUMMARY_MIN_PARTICIPANTS
    rows = Contribution.objects.filter(dialogue=dialogue, hidden_at__isnull=True).order_by()
    # The total and the answers per question in one pass: every contribution keeps one
    # (stripped) text per question, "" when left empty (dialogues.services pads the list),
    # so a question was answered where its position is not "".
    totals = rows.aggregate(
        total=Count("pk"),
        **{
            f"q{i}": Count("pk", filter=~Q(**{f"answers__{i}": ""}))
            for i in range(len(dialogue.prompts))
        },
    )
    total = totals["total"]
    answered = totals
    # Per area and per focus group from one grouped pass.
    per_area: Counter[int | None] = Counter()
    per_group: Counter[int | None] = Counter()
    for area_id, group_id, n in rows.values_list("area_id", "focus_group_id").annotate(
        n=Count("pk")
    ):
        per_area[area_id] += n
        per_group[group_id] += n
    areas = list(Area.objects.filter(dialogue=dialogue).order_by("name", "id"))
    groups = list(FocusGroup.objects.filter(dialogue=dialogue).order_by("id"))
    without_area = per_area.get(None, 0)
    gold = list(
        dialogue_contributions(dialogue, team=False).filter(is_gold=True).order_by("id")[:50]
    )
    return {
        "dialogue": dialogue.pk,
        "status": dialogue.status,
        "published": dialogue.status == Dialogue.Status.REPORTED,
        "contributions": total,
        "min_group_size": minimum,
        "per_prompt": [
            {"number": i + 1, "text": text, "answers": answered.get(f"q{i}") or 0}
            for i, text in enumerate(dialogue.prompts)
        ],
        "per_area": _groups(per_area, [(a.pk, a.name) for a in areas], minimum, full),
        "without_area": (None if not full and 0 < without_area < minimum else without_area),
        "per_focus_group": _groups(per_group, [(g.pk, g.name) for g in groups], minimum, full),
        "gold": gold,
        "areas": areas,
    }


def summary_note(summary: dict[str, Any]) -> str | None:
    """Why some numbers are missing, when they are."""
    suppressed = [r for r in summary["per_area"] + summary["per_focus_group"] if r["suppressed"]]
    if not suppressed and summary["without_area"] is not None:
        return None
    minimum = summary["min_group_size"]
    return ngettext(
        "Areas and groups with fewer than %(minimum)s contribution are not counted here: with "
        "so few, the number could point at one person.",
        "Areas and groups with fewer than %(minimum)s contributions are not counted here: "
        "with so few, the number could point at one person.",
        minimum,
    ) % {"minimum": minimum}


# --- The map ----------------------------------------------------------------------------


def contribution_cells(dialogue: Dialogue | int) -> list[tuple[float, float, int]]:
    """The public grid cells with contributions: (longitude, latitude, count) of each 250 m
    square's centre, one grouped query (the page's map draws a ring per cell)."""
    rows = (
        Contribution.objects.filter(
            dialogue=dialogue, hidden_at__isnull=True, coarse_longitude__isnull=False
        )
        .order_by()
        .values_list("coarse_longitude", "coarse_latitude")
        .annotate(n=Count("pk"))
    )
    return [(lon, lat, n) for lon, lat, n in rows]


def can_moderate(user: Viewer, dialogue: Dialogue) -> bool:
    """Platform staff and the municipality's coordinators and administrators hide
    contributions (as they moderate comments)."""
    from accounts.selectors import user_manages_organisation
    from hub.auth import is_signed_in

    return is_signed_in(user) and user_manages_organisation(user, dialogue.organisation)

"""Reads about ideas: who may see and do what, and the lists pages and the API show.

Everything starts from the one visibility rule, `Idea.objects.visible_to(user)`; what
someone may not see is a 404 (`access_idea`), never a 403, so its existence does not
leak. Roles on a visible idea are answered by the `can_*` functions below, which the
pages use to decide which buttons to show; the `require_*` functions refuse (403 with the
reason) when the answer is no, for the services and for the pages that must refuse
before they show a form, with the same message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.selectors import (
    forget_memberships,
    user_manages_organisation,
    user_organisation_ids,
)
from facts.selectors import visible_fact_ids
from hub.auth import is_signed_in
from ideas.models import STAGE_ORDER, Adoption, Evidence, Follow, Idea, Stage, StageChange

if TYPE_CHECKING:
    from hub.auth import Viewer


def ideas_visible_to(user: Viewer) -> QuerySet[Idea]:
    """The ideas the user may see, with everything a list row shows loaded up front.

    A constant number of queries however many rows: one for the rows, one per
    many-to-many (co-owners, tags, target groups), plus the user's memberships once.
    """
    return (
        Idea.objects.visible_to(user)
        .select_related("organisation", "organisation__county", "created_by")
        .prefetch_related(
            Prefetch("co_organisations", queryset=Organisation.objects.order_by("name")),
            "tags",
            "target_groups",
        )
    )


def may_see_idea(user: Viewer, idea_id: int) -> bool:
    """Whether the user may see the idea now (`Idea.objects.visible_to`), with memberships
    read afresh: for services and sockets whose user object may predate a change."""
    forget_memberships(user)
    return Idea.objects.visible_to(user).filter(pk=idea_id).exists()


def users_who_may_see_idea(idea: Idea, user_ids: Iterable[int]) -> QuerySet[User]:
    """Those of these users who may see the idea, in one query however many they are (for
    notifications). The rule of `Idea.objects.visible_to` seen from the
    idea — public to all, organisation to members of the owning or a co-owning
    organisation, draft to its author; tests/security/visibility/ checks that
    both agree for every persona."""
    users = User.objects.filter(pk__in=list(user_ids))
    if idea.visibility == Idea.Visibility.PUBLIC:
        return users
    if idea.visibility == Idea.Visibility.ORGANISATION:
        owners = Q(organisation_id=idea.organisation_id) | Q(
            organisation_id__in=Idea.co_organisations.through.objects.filter(
                idea_id=idea.pk
            ).values("organisation_id")
        )
        return users.filter(pk__in=Membership.objects.filter(owners).values("user_id"))
    if idea.visibility == Idea.Visibility.DRAFT:
        return users.filter(pk=idea.created_by_id)
    return users.none()


def idea_ids_visible_to(user: Viewer, ids: Iterable[int | None]) -> set[int]:
    """Which of these idea ids the user may see (`Idea.objects.visible_to`), in one query:
    for readers that hold ids rather than a queryset, such as the personal-data export."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    return set(Idea.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


# Where `ideas_in_order` leaves each row's many-to-many values, as the list shows them:
# {"co_organisations": [slug, ...], "tags": [name, ...], "target_groups": [name, ...]}.
RELATION_NAMES = "relation_names"


def ideas_in_order(ids: Sequence[int]) -> list[Idea]:
    """The ideas with these ids, in this order, loaded for a list row in two queries.

    For one page of a list: the caller picks the page's ids from `ideas_visible_to(user)`
    (filtered and ordered; an index-only read for the default order), so the visibility rule
    has already been applied — this reads those rows by primary key (a "deferred join": the
    database no longer fetches every row it skips over on the way to a deep page). Row by
    id, not by id and visibility again: with both, SQLite walks the visibility index instead.

    The second query reads the co-owners' slugs, the tags and the target groups of all rows
    at once (one UNION instead of three prefetches), ordered by name like the relations'
    own querysets, and leaves them on each idea as `RELATION_NAMES` for the serializer.
    """
    ids = list(ids)
    if not ids:
        return []
    rows = {
        idea.pk: idea
        for idea in Idea.objects.filter(pk__in=ids)
        .select_related("organisation", "organisation__county", "created_by")
        .order_by()
    }
    names: dict[int, dict[str, list[str]]] = {
        pk: {"co_organisations": [], "tags": [], "target_groups": []} for pk in rows
    }
    relation = {0: "co_organisations", 1: "tags", 2: "target_groups"}

    def part(through: Any, which: int, value: str, sort: str) -> QuerySet[Any]:
        return (
            through.objects.filter(idea_id__in=ids)
            .annotate(relation=Value(which, output_field=IntegerField()), value=F(value))
            .annotate(sort_name=F(sort))
            .values_list("idea_id", "relation", "value", "sort_name")
        )

    co_owners = part(Idea.co_organisations.through, 0, "organisation__slug", "organisation__name")
    tags = part(Idea.tags.through, 1, "tag__name", "tag__name")
    groups = part(Idea.target_groups.through, 2, "targetgroup__name", "targetgroup__name")
    for idea_id, which, value, _sort in co_owners.union(tags, groups, all=True).order_by(
        "relation", "sort_name"
    ):
        if idea_id in names:
            names[idea_id][relation[which]].append(value)
    ideas = []
    for pk in ids:
        if pk in rows:
            setattr(rows[pk], RELATION_NAMES, names[pk])
            ideas.append(rows[pk])
    return ideas


def access_idea(user: Viewer, idea_id: int | str) -> Idea:
    """The idea if the user may see it, else 404 (the same answer for missing and hidden)."""
    try:
        pk = int(idea_id)
    except (TypeError, ValueError):
        raise Http404 from None
    idea = ideas_visible_to(user).filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def idea_organisation_ids(idea: Idea) -> set[int]:
    """The owning and co-owning organisations' ids."""
    return {idea.organisation_id, *(o.pk for o in idea.co_organisations.all())}


def can_edit(user: Viewer, idea: Idea) -> bool:
    """Members of the owning or a co-owning organisation edit the idea, its stage and evidence.

    A draft is its author's alone until it is shared.
    """
    if not is_signed_in(user):
        return False
    if idea.visibility == Idea.Visibility.DRAFT:
        return idea.created_by_id == user.pk
    return bool(idea_organisation_ids(idea) & user_organisation_ids(user))


def can_manage(user: Viewer, idea: Idea) -> bool:
    """Coordinators and admins of the owning organisation (and platform staff) delete the idea
    and change its co-owners."""
    if not is_signed_in(user):
        return False
    if idea.visibility == Idea.Visibility.DRAFT and idea.created_by_id == user.pk:
        return True
    return user_manages_organisation(user, idea.organisation)


def require_edit(user: Viewer, idea: Idea) -> None:
    """Refuse (403, with the reason) unless the user may edit the idea (`can_edit`)."""
    if not can_edit(user, idea):
        raise PermissionDenied(
            _("Only members of %(organisation)s can change this idea.")
            % {"organisation": idea.organisation.name}
        )


def require_delete(user: Viewer, idea: Idea) -> None:
    """Refuse (403, with the reason) unless the user may delete the idea (`can_manage`)."""
    if not can_manage(user, idea):
        raise PermissionDenied(
            _("Only coordinators and administrators of %(organisation)s can delete this idea.")
            % {"organisation": idea.organisation.name}
        )


def adopting_organisations(user: Viewer, idea: Idea) -> list[Organisation]:
    """The user's organisations that may record reuse of the idea (not its owners)."""
    if not is_signed_in(user) or idea.visibility == Idea.Visibility.DRAFT:
        return []
    owners = idea_organisation_ids(idea)
    return list(
        Organisation.objects.filter(memberships__user=user).exclude(pk__in=owners).order_by("name")
    )


def require_adopting_organisations(user: Viewer, idea: Idea) -> list[Organisation]:
    """`adopting_organisations`, refusing (403, with the reason) when there are none."""
    organisations = adopting_organisations(user, idea)
    if not organisations:
        raise PermissionDenied(
            _(
                "Only members of another organisation can record that it reuses this idea. "
                "Ask your organisation's coordinator to add you as a member."
            )
        )
    return organisations


def can_follow(user: Viewer) -> bool:
    return bool(is_signed_in(user))


def is_following(user: Viewer, idea: Idea) -> bool:
    if not is_signed_in(user):
        return False
    return Follow.objects.filter(user=user, idea=idea).exists()


def stage_history(idea: Idea) -> QuerySet[StageChange]:
    """The idea's stage changes, oldest first, with who made them."""
    return (
        StageChange.objects.filter(idea=idea)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )


def idea_evidence(idea: Idea) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(idea=idea).select_related("created_by").order_by("created_at", "id")
    )


def access_evidence(user: Viewer, idea_id: int | str, evidence_id: int | str) -> Evidence:
    """Evidence of an idea the user may see, else 404."""
    idea = access_idea(user, idea_id)
    try:
        evidence = idea_evidence(idea).filter(pk=int(evidence_id)).first()
    except (TypeError, ValueError):
        evidence = None
    if evidence is None:
        raise Http404
    evidence.idea = idea
    return evidence


def idea_adoptions(idea: Idea) -> QuerySet[Adoption]:
    """Who reuses the idea: adopted first, then evaluating, then interested."""
    order = {Adoption.Status.ADOPTED: 0, Adoption.Status.EVALUATING: 1}
    return (
        Adoption.objects.filter(idea=idea)
        .select_related("organisation", "organisation__county", "created_by")
        .annotate(
            status_rank=Case(
                *(When(status=s, then=Value(r)) for s, r in order.items()),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("status_rank", "organisation__name")
    )


def with_reuse_counts(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """The ideas with their adoptions' statuses loaded in one query, for `reuse_counts`."""
    return ideas.prefetch_related(
        Prefetch("adoptions", queryset=Adoption.objects.only("id", "idea_id", "status").order_by())
    )


def reuse_counts(idea: Idea) -> dict[str, int]:
    """How many organisations have adopted the idea, are evaluating it or are interested in
    it. Only `adopted` is reuse: pages name the others as what they are. Reads the adoptions
    `with_reuse_counts` loaded, else queries them."""
    counts = dict.fromkeys(Adoption.Status.values, 0)
    for adoption in idea.adoptions.all():
        counts[adoption.status] += 1
    return counts


def idea_adoptions_for(user: Viewer, idea: Idea) -> list[Adoption]:
    """Who reuses the idea, as the user may read it: an adoption's contact person and e-mail
    only for the idea's team (`can_edit`) and members of the adopting organisation; for
    everyone else they are blank."""
    adoptions = list(idea_adoptions(idea))
    if can_edit(user, idea):
        return adoptions
    own = user_organisation_ids(user)
    for adoption in adoptions:
        if adoption.organisation_id not in own:
            adoption.contact_name = adoption.contact_email = ""
    return adoptions


def timeline(idea: Idea, user: Viewer | None = None) -> list[dict[str, Any]]:
    """The stage timeline: every stage of the method with its evidence and when it was reached.
    Each piece of evidence has `cited_fact`: its fact if `user` may see it, else None."""
    evidence_by_stage: dict[str, list[Evidence]] = {}
    items = list(idea_evidence(idea).select_related("fact", "fact__sheet__organisation"))
    seen = visible_fact_ids(user, (i.fact_id for i in items)) if user is not None else set()
    for item in items:
        item.cited_fact = item.fact if item.fact_id in seen else None  # type: ignore[attr-defined]
        evidence_by_stage.setdefault(item.stage, []).append(item)
    reached: dict[str, StageChange] = {}
    for change in stage_history(idea):
        reached[change.to_stage] = change  # the latest time, after iterations
    current = idea.stage_before_discontinued or idea.stage
    current_index = STAGE_ORDER.index(current) if current in STAGE_ORDER else -1
    rows = []
    for index, value in enumerate(STAGE_ORDER):
        if index < current_index:
            state = "done"
        elif index == current_index:
            state = "current"
        else:
            state = "upcoming"
        rows.append(
            {
                "stage": value,
                "label": Stage(value).label,
                "state": state,
                "reached": reached.get(value),
                "evidence": evidence_by_stage.get(value, []),
            }
        )
    return rows


def organisation_ideas(user: Viewer, organisation: Organisation) -> QuerySet[Idea]:
    """The organisation's own and co-owned ideas the user may see, latest first."""
    return (
        ideas_visible_to(user)
        .filter(Q(organisation=organisation) | Q(co_organisations=organisation))
        .distinct()
        .order_by("-updated_at", "-id")
    )


def organisation_adoptions(user: Viewer, organisation: Organisation) -> QuerySet[Adoption]:
    """What the organisation reuses, among ideas the user may see."""
    return (
        Adoption.objects.filter(organisation=organisation, idea__in=Idea.objects.visible_to(user))
        .select_related("idea", "idea__organisation")
        .order_by("-updated_at")
    )


def user_ideas(user: User) -> QuerySet[Idea]:
    """Ideas the user created (drafts included), latest first."""
    return ideas_visible_to(user).filter(created_by=user).order_by("-updated_at", "-id")


def followed_ideas(user: Viewer) -> QuerySet[Idea]:
    """Ideas the user follows and may still see."""
    if not is_signed_in(user):
        return Idea.objects.none()
    return (
        ideas_visible_to(user)
        .filter(pk__in=Follow.objects.filter(user=user).values("idea_id"))
        .order_by("-updated_at", "-id")
    )


def member_organisations(user: Viewer) -> QuerySet[Organisation]:
    """Organisations the user may create ideas for."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("organisation_id")
    ).order_by("name")


def require_member_organisations(user: Viewer) -> QuerySet[Organisation]:
    """`member_organisations`, refusing (403, with the reason) when there are none."""
    organisations = member_organisations(user)
    if not organisations.exists():
        raise PermissionDenied(
            _("Only members of an organisation can share ideas. Ask its coordinator to add you.")
        )
    return organisations


def public_ideas() -> QuerySet[Idea]:
    """Public ideas for open data (exports and feeds), newest first."""
    return (
        Idea.objects.filter(visibility=Idea.Visibility.PUBLIC)
        .select_related("organisation", "organisation__county")
        .prefetch_related("co_organisations", "tags", "target_groups")
        .order_by("-created_at", "-id")
    )

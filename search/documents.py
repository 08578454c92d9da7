"""From domain objects to SearchDocuments, and who may find them.

`access_for` states, as access tokens, exactly the rules of `Idea.objects.visible_to` and
`prototypes.selectors` (prototypes_visible_to, rounds_visible_to, can_see_summary): an
object's tokens are its own rule intersected with its idea's visibility. A fact sheet
belongs to no idea: its tokens are `facts.selectors.sheets_visible_to`'s rule. The consistency
test (tests/search/test_access_consistency.py) checks the two agree for every persona.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import Membership, Organisation
from accounts.selectors import user_organisation_ids
from facts.models import FactSheet
from hub.auth import is_signed_in
from ideas.models import Idea
from prototypes.models import Finding, Participation, Prototype, TestRound
from search.backends.base import SearchDocument

if TYPE_CHECKING:
    from hub.auth import Viewer


PUBLIC = "public"

# Private-use characters are reserved by the snippet builders as markers.
_RESERVED = dict.fromkeys(range(0xE000, 0xE010))


def _text(*parts: Any) -> str:
    return "\n".join(str(p).translate(_RESERVED) for p in parts if p)


def _org(org_id: int) -> str:
    return f"org:{org_id}"


def _user(user_id: int) -> str:
    return f"user:{user_id}"


def tokens_for(user: Viewer) -> tuple[str, ...]:
    """The access tokens a user's queries carry: public, each organisation, themselves."""
    if not is_signed_in(user):
        return (PUBLIC,)
    return (
        PUBLIC,
        *(_org(pk) for pk in sorted(user_organisation_ids(user))),
        _user(user.pk),
    )


# --- Access -----------------------------------------------------------------------------


class _Memberships:
    """Organisation ids per user, looked up once per user."""

    def __init__(self) -> None:
        self._cache: dict[int, frozenset[int]] = {}

    def of(self, user_id: int) -> frozenset[int]:
        if user_id not in self._cache:
            self._cache[user_id] = frozenset(
                Membership.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)
            )
        return self._cache[user_id]


def _co_owner_ids(idea: Idea) -> list[int]:
    return [o.pk for o in idea.co_organisations.all()]


def idea_access(idea: Idea) -> tuple[str, ...]:
    """Idea.objects.visible_to: public to all, organisation to owner and co-owners' members,
    draft to its author."""
    if idea.visibility == Idea.Visibility.PUBLIC:
        return (PUBLIC,)
    if idea.visibility == Idea.Visibility.ORGANISATION:
        return tuple(_org(pk) for pk in sorted({idea.organisation_id, *_co_owner_ids(idea)}))
    return (_user(idea.created_by_id),)


def _within_idea(
    idea: Idea, team: bool, users: Iterable[int], memberships: _Memberships
) -> tuple[str, ...]:
    """Those of {the team (owner's members) if `team`, the `users`} who may also see the idea."""
    if idea.visibility == Idea.Visibility.DRAFT:
        author = idea.created_by_id
        allowed = (team and idea.organisation_id in memberships.of(author)) or author in set(users)
        return (_user(author),) if allowed else ()
    tokens: list[str] = [_org(idea.organisation_id)] if team else []
    idea_orgs = {idea.organisation_id, *_co_owner_ids(idea)}
    for user_id in sorted(set(users)):
        if idea.visibility == Idea.Visibility.PUBLIC or memberships.of(user_id) & idea_orgs:
            tokens.append(_user(user_id))
    return tuple(tokens)


def prototype_access(
    prototype: Prototype, memberships: _Memberships | None = None
) -> tuple[str, ...]:
    """prototypes_visible_to: the idea's visibility; a draft only for the team."""
    idea = prototype.idea
    if prototype.status != Prototype.Status.DRAFT:
        return idea_access(idea)
    return _within_idea(idea, True, (), memberships or _Memberships())


def round_access(test_round: TestRound, memberships: _Memberships | None = None) -> tuple[str, ...]:
    """rounds_visible_to: the idea's visibility; planned rounds and rounds of draft prototypes
    only for the team and those who already take part."""
    idea = test_round.prototype.idea
    published = (
        test_round.status != TestRound.Status.PLANNED
        and test_round.prototype.status != Prototype.Status.DRAFT
    )
    if published:
        return idea_access(idea)
    participants = [p.user_id for p in test_round.participations.all()]
    return _within_idea(idea, True, participants, memberships or _Memberships())


def finding_access(finding: Finding, memberships: _Memberships | None = None) -> tuple[str, ...]:
    """access_summary_round + can_see_summary: whoever sees the closed round; before it
    closes, the team only."""
    memberships = memberships or _Memberships()
    test_round = finding.round
    if test_round.status == TestRound.Status.CLOSED:
        return round_access(test_round, memberships)
    return _within_idea(test_round.prototype.idea, True, (), memberships)


def fact_sheet_access(sheet: FactSheet) -> tuple[str, ...]:
    """facts.selectors.sheets_visible_to: public to all, otherwise to the organisation's
    members."""
    if sheet.visibility == FactSheet.Visibility.PUBLIC:
        return (PUBLIC,)
    return (_org(sheet.organisation_id),)


def access_for(obj: Any) -> tuple[str, ...]:
    """The access tokens of an idea, prototype, test round, finding or fact sheet."""
    if isinstance(obj, FactSheet):
        return fact_sheet_access(obj)
    if isinstance(obj, Idea):
        return idea_access(obj)
    if isinstance(obj, Prototype):
        return prototype_access(obj)
    if isinstance(obj, TestRound):
        return round_access(obj)
    if isinstance(obj, Finding):
        return finding_access(obj)
    raise TypeError(f"Not a searchable object: {obj!r}")


# --- Documents --------------------------------------------------------------------------


def _markdown_text(body_html: str) -> str:
    return html.unescape(strip_tags(body_html or ""))


def _idea_facets(idea: Idea, *, own: bool = True) -> dict[str, Any]:
    """The facet values a document takes from its idea. `kind` (service concept or activity)
    describes the idea itself: its prototypes, rounds and findings (`own=False`) carry none,
    so the kind facet counts ideas, as many as exist, and ticking it gives those ideas."""
    organisation = idea.organisation
    return {
        "kind": idea.kind if own else "",
        "stage": idea.stage,
        "organisation": organisation.slug,
        "organisation_name": organisation.name,
        "county": organisation.county_id or "",
        "category": idea.category,
        "adoption_count": idea.adoption_count,
    }


def _organisation_names(idea: Idea) -> list[str]:
    return [idea.organisation.name, *(o.name for o in idea.co_organisations.all())]


def idea_document(idea: Idea) -> SearchDocument:
    target_groups = list(idea.target_groups.all())
    tags = [t.name for t in idea.tags.all()]
    evidence = [(e.title, e.text) for e in idea.evidence.all()]
    return SearchDocument(
        type="idea",
        id=idea.pk,
        idea_id=idea.pk,
        title=_text(idea.title),
        summary=_text(idea.summary),
        body=_text(
            _markdown_text(idea.body_html) or idea.body,
            *(part for pair in evidence for part in pair),
            idea.results,
            idea.lessons_learned,
            " ".join(g.name for g in target_groups),
            " ".join(_organisation_names(idea)),
        ),
        url=idea.get_absolute_url(),
        access=idea_access(idea),
        created_at=idea.created_at,
        updated_at=idea.updated_at,
        target_groups=tuple(g.slug for g in target_groups),
        tags=tuple(tags),
        **_idea_facets(idea),
    )


def prototype_document(
    prototype: Prototype, memberships: _Memberships | None = None
) -> SearchDocument:
    idea = prototype.idea
    return SearchDocument(
        type="prototype",
        id=prototype.pk,
        idea_id=idea.pk,
        title=_text(f"{idea.title} – {prototype.label}"),
        summary=_text(prototype.description[:500]),
        body=_text(prototype.description[500:], " ".join(_organisation_names(idea))),
        url=prototype.get_absolute_url(),
        access=prototype_access(prototype, memberships),
        created_at=prototype.created_at,
        updated_at=prototype.updated_at,
        target_groups=tuple(g.slug for g in idea.target_groups.all()),
        **_idea_facets(idea, own=False),
    )


def round_document(
    test_round: TestRound, memberships: _Memberships | None = None
) -> SearchDocument:
    idea = test_round.prototype.idea
    target_group = test_round.target_group
    return SearchDocument(
        type="round",
        id=test_round.pk,
        idea_id=idea.pk,
        title=_text(test_round.title),
        summary=_text(test_round.goal, target_group.name if target_group else ""),
        body=_text(
            *(str(task) for task in test_round.tasks or []),
            idea.title,
            " ".join(_organisation_names(idea)),
        ),
        url=test_round.get_absolute_url(),
        access=round_access(test_round, memberships),
        created_at=test_round.created_at,
        updated_at=test_round.updated_at,
        target_groups=(
            (target_group.slug,)
            if target_group
            else tuple(g.slug for g in idea.target_groups.all())
        ),
        **_idea_facets(idea, own=False),
    )


def finding_document(finding: Finding, memberships: _Memberships | None = None) -> SearchDocument:
    test_round = finding.round
    idea = test_round.prototype.idea
    description = finding.description
    title = description.split("\n", 1)[0][:120] or str(finding.get_severity_display())
    target_group = test_round.target_group
    return SearchDocument(
        type="finding",
        id=finding.pk,
        idea_id=idea.pk,
        title=_text(title),
        summary=_text(description),
        body=_text(test_round.title, idea.title, " ".join(_organisation_names(idea))),
        url=reverse("frontend:round_results", kwargs={"pk": test_round.pk}) + "#findings-heading",
        access=finding_access(finding, memberships),
        created_at=finding.created_at,
        updated_at=finding.updated_at,
        target_groups=(
            (target_group.slug,)
            if target_group
            else tuple(g.slug for g in idea.target_groups.all())
        ),
        **_idea_facets(idea, own=False),
    )


def fact_sheet_document(sheet: FactSheet) -> SearchDocument:
    """A year's fact sheet: its sections and the labels and values of its figures."""
    organisation = sheet.organisation
    sections = list(sheet.sections.all())
    facts = list(sheet.facts.all())
    return SearchDocument(
        type="fact",
        id=sheet.pk,
        idea_id=0,
        title=_text(f"{organisation.name} {sheet.year}"),
        summary=_text(", ".join(s.title for s in sections)),
        body=_text(
            *(part for s in sections for part in (s.title, s.text)),
            *(f"{f.label} {f.value if f.value is not None else ''} {f.unit}" for f in facts),
            organisation.name,
        ),
        url=sheet.get_absolute_url(),
        access=fact_sheet_access(sheet),
        created_at=sheet.created_at,
        updated_at=sheet.updated_at,
        organisation=organisation.slug,
        organisation_name=organisation.name,
        county=organisation.county_id or "",
    )


# --- Loading ----------------------------------------------------------------------------

_ORG = Prefetch("co_organisations", queryset=Organisation.objects.order_by("name"))


def _ideas() -> Any:
    return Idea.objects.select_related("organisation").prefetch_related(
        _ORG, "tags", "target_groups", "evidence"
    )


def _prototypes() -> Any:
    return Prototype.objects.select_related("idea", "idea__organisation").prefetch_related(
        Prefetch("idea__co_organisations", queryset=Organisation.objects.order_by("name")),
        "idea__target_groups",
    )


def _rounds() -> Any:
    return TestRound.objects.select_related(
        "prototype", "prototype__idea", "prototype__idea__organisation", "target_group"
    ).prefetch_related(
        Prefetch(
            "prototype__idea__co_organisations", queryset=Organisation.objects.order_by("name")
        ),
        "prototype__idea__target_groups",
        Prefetch(
            "participations", queryset=Participation.objects.only("id", "round_id", "user_id")
        ),
    )


def _findings() -> Any:
    return Finding.objects.select_related(
        "round",
        "round__target_group",
        "round__prototype",
        "round__prototype__idea",
        "round__prototype__idea__organisation",
    ).prefetch_related(
        Prefetch(
            "round__prototype__idea__co_organisations",
            queryset=Organisation.objects.order_by("name"),
        ),
        "round__prototype__idea__target_groups",
        Prefetch(
            "round__participations",
            queryset=Participation.objects.only("id", "round_id", "user_id"),
        ),
    )


def _fact_sheets() -> Any:
    return FactSheet.objects.select_related("organisation").prefetch_related("sections", "facts")


def _build(doc_type: str, objects: Iterable[Any], memberships: _Memberships) -> Iterator[Any]:
    for obj in objects:
        if doc_type == "fact":
            yield fact_sheet_document(obj)
        elif doc_type == "idea":
            yield idea_document(obj)
        elif doc_type == "prototype":
            yield prototype_document(obj, memberships)
        elif doc_type == "round":
            yield round_document(obj, memberships)
        else:
            yield finding_document(obj, memberships)


QUERYSETS = {
    "idea": _ideas,
    "prototype": _prototypes,
    "round": _rounds,
    "finding": _findings,
    "fact": _fact_sheets,
}


def documents_for(doc_type: str, ids: Iterable[int]) -> tuple[list[SearchDocument], list[int]]:
    """The documents of existing objects, and the ids that no longer exist."""
    wanted = sorted(set(ids))
    objects = list(QUERYSETS[doc_type]().filter(pk__in=wanted))
    found = {o.pk for o in objects}
    return list(_build(doc_type, objects, _Memberships())), [i for i in wanted if i not in found]


def idea_family(idea_id: int) -> dict[str, list[int]]:
    """The keys of an idea and everything indexed under it (its visibility is theirs too)."""
    return {
        "idea": [idea_id],
        "prototype": list(Prototype.objects.filter(idea_id=idea_id).values_list("pk", flat=True)),
        "round": list(
            TestRound.objects.filter(prototype__idea_id=idea_id).values_list("pk", flat=True)
        ),
        "finding": list(
            Finding.objects.filter(round__prototype__idea_id=idea_id).values_list("pk", flat=True)
        ),
    }


def count_all() -> int:
    return sum(factory().count() for factory in QUERYSETS.values())


def all_documents(batch_size: int = 500) -> Iterator[SearchDocument]:
    """Every document, built in batches so memory stays flat however many ideas there are."""
    memberships = _Memberships()
    for doc_type, factory in QUERYSETS.items():
        last = 0
        while True:
            batch = list(factory().filter(pk__gt=last).order_by("pk")[:batch_size])
            if not batch:
                break
            yield from _build(doc_type, batch, memberships)
            last = batch[-1].pk

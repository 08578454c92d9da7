"""The index's access tokens agree with the selectors: for every persona, what search finds
(hits, totals, facet counts, suggestions, similar ideas) is exactly what the visibility rules
of ideas and prototypes let them open."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from accounts.models import Membership, User
from ideas.models import Idea
from prototypes.models import Finding, Participation, TestRound
from prototypes.selectors import can_see_summary, prototypes_visible_to, rounds_visible_to
from search import services
from tests import factories

pytestmark = pytest.mark.django_db

WORD = "Matris"


@pytest.fixture
def co_owner_member(db: None) -> User:
    """A member of Umeå, which co-owns the organisation-only ideas."""
    return factories.user(email="member@umea.example", organisation=factories.organisation("umea"))


@pytest.fixture
def participant(db: None) -> User:
    return factories.user(email="participant@example.org")


@pytest.fixture
def matrix(
    owner: User, colleague: User, skelleftea: Any, participant: User, co_owner_member: User
) -> None:
    umea = factories.organisation("umea")
    n = itertools.count(1)
    for visibility in ("public", "organisation", "draft"):
        idea = factories.idea(
            organisation=skelleftea,
            created_by=owner,
            title=f"{WORD} idé {visibility}",
            visibility=visibility,
        )
        if visibility == "organisation":
            idea.co_organisations.set([umea])
        for status in ("draft", "open"):
            prototype = factories.prototype(
                idea=idea, created_by=owner, label=f"{WORD} {status}", status=status
            )
            for round_status in ("planned", "recruiting", "closed"):
                test_round = factories.test_round(
                    prototype=prototype,
                    created_by=owner,
                    status=round_status,
                    title=f"{WORD} omgång {next(n)}",
                )
                Participation.objects.create(
                    round=test_round,
                    user=participant,
                    number=1,
                    consent_version=1,
                    consented_at=test_round.created_at,
                )
                Finding.objects.create(
                    round=test_round,
                    severity="minor",
                    description=f"{WORD} fynd {next(n)}",
                    created_by=owner,
                )
    # A draft by someone who then left the organisation: not even they see its draft prototype.
    leaver = factories.user(email="leaver@skelleftea.example", organisation=skelleftea)
    draft = factories.idea(
        organisation=skelleftea, created_by=leaver, title=f"{WORD} lämnat", visibility="draft"
    )
    factories.prototype(idea=draft, created_by=leaver, label=f"{WORD} utkast", status="draft")
    Membership.objects.filter(user=leaver).delete()
    services.reindex_all()


def expected(user: Any) -> set[tuple[str, int]]:
    keys = {("idea", pk) for pk in Idea.objects.visible_to(user).values_list("pk", flat=True)}
    keys |= {("prototype", p.pk) for p in prototypes_visible_to(user)}
    rounds = list(rounds_visible_to(user))
    keys |= {("round", r.pk) for r in rounds}
    for test_round in rounds:
        if can_see_summary(user, test_round):
            keys |= {
                ("finding", pk)
                for pk in Finding.objects.filter(round=test_round).values_list("pk", flat=True)
            }
    return keys


def found(user: Any, q: str = "") -> tuple[set[tuple[str, int]], Any]:
    keys: set[tuple[str, int]] = set()
    first = None
    for page in itertools.count(1):
        result = services.search_query(user=user, q=q, page=page, page_size=100)
        first = first or result
        keys |= {(h.type, h.id) for h in result.hits}
        if page * 100 >= result.count:
            return keys, first


PERSONAS = [
    "anonymous",
    "owner",
    "colleague",
    "outsider",
    "citizen",
    "participant",
    "co_owner_member",
    "staff",
    "leaver",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("q", ["", WORD.lower()])
def test_search_finds_exactly_what_the_selectors_show(
    request: pytest.FixtureRequest, matrix: None, persona: str, q: str
) -> None:
    if persona == "anonymous":
        user = None
    elif persona == "leaver":
        user = User.objects.get(email="leaver@skelleftea.example")
    else:
        user = request.getfixturevalue(persona)
    from django.contrib.auth.models import AnonymousUser

    subject = user or AnonymousUser()
    keys, result = found(user, q)
    want = expected(subject)  # everything in the matrix has the word, so q changes nothing
    assert keys == want
    assert result.count == len(want)
    type_counts = {v.value: v.count for v in result.facets["type"]}
    assert type_counts == {
        t: n
        for t in ("idea", "prototype", "round", "finding")
        if (n := sum(1 for k in want if k[0] == t))
    }
    suggested = {(h.type, h.id) for h in services.search_suggest(user=user, q=WORD.lower())}
    assert suggested <= want
    public = Idea.objects.get(title=f"{WORD} idé public")
    similar = {(h.type, h.id) for h in services.search_similar(user=user, idea=public, limit=50)}
    assert similar <= want


def test_participant_sees_planned_round_they_take_part_in(matrix: None, participant: User) -> None:
    keys, _result = found(participant)
    planned = TestRound.objects.filter(
        status="planned", prototype__status="open", prototype__idea__visibility="public"
    )
    assert {("round", r.pk) for r in planned} <= keys

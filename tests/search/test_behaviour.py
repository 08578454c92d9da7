"""What searching does, on whichever database the suite runs on (SQLite FTS5 or PostgreSQL).

The corpus is built through the ORM and indexed with the same service the command uses.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from ideas.models import Idea, TargetGroup
from search import services
from tests import factories

pytestmark = pytest.mark.django_db


def titles(user: Any = None, q: str = "", **kwargs: Any) -> list[str]:
    return [h.title for h in services.search_query(user=user, q=q, **kwargs).hits]


def make(organisation: Any, author: User, title: str, **fields: Any) -> Idea:
    fields.setdefault("summary", "")
    return factories.idea(organisation=organisation, created_by=author, title=title, **fields)


@pytest.fixture
def corpus(owner: User, outsider: User, skelleftea: Any, krokom: Any) -> dict[str, Idea]:
    ideas = {
        "tjanst": make(skelleftea, owner, "Bokning av tjänst", body="En bokning per person."),
        "ansokan": make(krokom, outsider, "Ansökan om bygglov", body="Digital handläggning."),
        "ledighet": make(
            skelleftea, owner, "Ledighet för elever", body="En ledighetsansökan i mobilen."
        ),
        "sophamtning": make(
            krokom, outsider, "Avfallsaffär'n", body="Byt sophämtningsabonnemang själv."
        ),
        "aldre": make(skelleftea, owner, "Stöd för äldre", body="Trygghet hemma."),
        "aldre_typo": make(krokom, outsider, "Stöd för aldre", body="Skrivet utan prickar."),
    }
    services.reindex_all()
    return ideas


def test_stemming_tjanster_finds_tjanst(corpus: dict[str, Idea]) -> None:
    assert titles(q="tjänster") == ["Bokning av tjänst"]


def test_stemming_ansokningar_finds_ansokan(corpus: dict[str, Idea]) -> None:
    found = titles(q="ansökningar")
    assert "Ansökan om bygglov" in found
    assert found[0] == "Ansökan om bygglov"  # the exact word outranks the compound


def test_compound_part_abonnemang_finds_sophamtningsabonnemang(corpus: dict[str, Idea]) -> None:
    assert titles(q="abonnemang") == ["Avfallsaffär'n"]


def test_compound_part_ansokan_finds_ledighetsansokan(corpus: dict[str, Idea]) -> None:
    assert set(titles(q="ansökan")) == {"Ansökan om bygglov", "Ledighet för elever"}


def test_compound_hit_snippet_marks_the_whole_word(corpus: dict[str, Idea]) -> None:
    hit = services.search_query(user=None, q="abonnemang").hits[0]
    assert "<mark>sophämtningsabonnemang</mark>" in hit.snippet


def test_diacritics_aldre_with_dots_does_not_find_aldre_without(corpus: dict[str, Idea]) -> None:
    assert titles(q="äldre") == ["Stöd för äldre"]


def test_query_without_diacritics_finds_both_exact_first(corpus: dict[str, Idea]) -> None:
    assert titles(q="aldre") == ["Stöd för aldre", "Stöd för äldre"]


def test_phrase_matches_words_in_order(owner: User, skelleftea: Any) -> None:
    make(skelleftea, owner, "Digitala tjänster för skolan")
    make(skelleftea, owner, "Tjänster som blir digitala")
    services.reindex_all()
    assert titles(q='"digitala tjänster"') == ["Digitala tjänster för skolan"]
    assert len(titles(q="digitala tjänster")) == 2


def test_or_accepts_either_and_minus_excludes(corpus: dict[str, Idea]) -> None:
    assert set(titles(q="bygglov OR trygghet")) == {"Ansökan om bygglov", "Stöd för äldre"}
    assert titles(q="stöd -äldre") == ["Stöd för aldre"]
    assert set(titles(q="-bokning")) == set(titles()) - {"Bokning av tjänst"}


def test_words_are_anded(corpus: dict[str, Idea]) -> None:
    assert titles(q="bokning tjänster") == ["Bokning av tjänst"]
    assert titles(q="bokning bygglov") == []


def test_title_match_outranks_body_match(owner: User, skelleftea: Any) -> None:
    make(skelleftea, owner, "Matsedel", body="Skolmaten och fritidsgården.")
    make(skelleftea, owner, "Fritidsgården i centrum", body="Öppettider.")
    make(skelleftea, owner, "Öppna data", summary="Om fritidsgården.")
    services.reindex_all()
    assert titles(q="fritidsgården") == ["Fritidsgården i centrum", "Öppna data", "Matsedel"]


def test_empty_query_with_filter_lists_newest_first(
    owner: User, skelleftea: Any, outsider: User, krokom: Any
) -> None:
    old = make(skelleftea, owner, "Äldst")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    make(skelleftea, owner, "Nyast")
    make(krokom, outsider, "Annan kommun")
    services.reindex_all()
    assert titles(filters={"organisation": ["skelleftea"]}) == ["Nyast", "Äldst"]


def test_orderings(owner: User, skelleftea: Any) -> None:
    popular = make(skelleftea, owner, "Populär tjänst")
    Idea.objects.filter(pk=popular.pk).update(
        adoption_count=5, created_at=timezone.now() - datetime.timedelta(days=9)
    )
    make(skelleftea, owner, "Ny tjänst")
    services.reindex_all()
    assert titles(q="tjänst", ordering="adoptions")[0] == "Populär tjänst"
    assert titles(q="tjänst", ordering="newest")[0] == "Ny tjänst"
    assert titles(ordering="updated")[0] in {"Ny tjänst", "Populär tjänst"}


@pytest.fixture
def faceted(owner: User, outsider: User, skelleftea: Any, krokom: Any) -> None:
    seniors = TargetGroup.objects.create(name="Seniorer", slug="seniorer")
    parents = TargetGroup.objects.create(name="Vårdnadshavare", slug="vardnadshavare")
    a = make(
        skelleftea, owner, "Trygghetslarm", kind="service_concept", category="care", stage="concept"
    )
    a.target_groups.set([seniors])
    b = make(
        skelleftea,
        owner,
        "Trygghet i skolan",
        kind="activity",
        category="education",
        stage="launch",
    )
    b.target_groups.set([parents, seniors])
    c = make(
        krokom, outsider, "Trygghetsvandring", kind="activity", category="safety", stage="concept"
    )
    c.target_groups.set([parents])
    prototype = factories.prototype(idea=a, created_by=owner)
    factories.test_round(prototype=prototype, created_by=owner, title="Trygghetslarm test")
    services.reindex_all()


def counts(result: Any, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[facet]}


def test_facets_count_every_facet(faceted: None) -> None:
    result = services.search_query(user=None, q="trygghet")
    # Three ideas, and the prototype and round of "Trygghetslarm" (facets of their idea;
    # the kind is the idea's own, so it counts the ideas only).
    assert result.count == 5
    assert counts(result, "type") == {"idea": 3, "prototype": 1, "round": 1}
    assert counts(result, "kind") == {"service_concept": 1, "activity": 2}
    assert counts(result, "stage") == {"concept": 4, "launch": 1}
    assert counts(result, "organisation") == {"skelleftea": 4, "krokom": 1}
    assert counts(result, "county") == {"24": 4, "23": 1}
    assert counts(result, "category") == {"care": 3, "education": 1, "safety": 1}
    assert counts(result, "target_group") == {"seniorer": 4, "vardnadshavare": 2}


def test_filters_combine_and_across_or_within(faceted: None) -> None:
    both = services.search_query(
        user=None, q="trygghet", filters={"kind": ["activity"], "organisation": ["skelleftea"]}
    )
    assert [h.title for h in both.hits] == ["Trygghet i skolan"]
    either = services.search_query(user=None, q="", filters={"category": ["care", "safety"]})
    assert either.count == 4
    # A facet's own selection leaves its other values countable; the other filters apply.
    assert counts(both, "kind") == {"activity": 1, "service_concept": 1}
    assert counts(both, "organisation") == {"skelleftea": 1, "krokom": 1}


def test_target_group_filter(faceted: None) -> None:
    result = services.search_query(
        user=None, filters={"target_group": ["vardnadshavare"], "type": ["idea"]}
    )
    assert {h.title for h in result.hits} == {"Trygghet i skolan", "Trygghetsvandring"}


def test_unknown_facet_value_gives_empty_result(faceted: None) -> None:
    result = services.search_query(user=None, q="trygghet", filters={"stage": ["no-such-stage"]})
    assert result.count == 0 and result.hits == []


def test_similar_finds_the_same_service_in_other_organisations_first(
    owner: User, outsider: User, skelleftea: Any, krokom: Any
) -> None:
    mine = make(
        skelleftea,
        owner,
        "Ledighetsansökan för elever",
        summary="Vårdnadshavare ansöker om ledighet för elever i en e-tjänst.",
    )
    make(skelleftea, owner, "Ledighet för elever i grundskolan", summary="Rutin för ledighet.")
    theirs = make(
        krokom, outsider, "Ansöka om ledighet för elever", summary="E-tjänst för vårdnadshavare."
    )
    make(krokom, outsider, "Snöröjning", summary="Plogning av gator.")
    services.reindex_all()
    similar = services.search_similar(user=None, idea=mine)
    assert [h.id for h in similar][0] == theirs.pk
    assert mine.pk not in [h.id for h in similar]
    assert "Snöröjning" not in [h.title for h in similar]
    assert {h.type for h in similar} == {"idea"}


def test_suggest_titles_by_prefix(corpus: dict[str, Idea]) -> None:
    assert [h.title for h in services.search_suggest(user=None, q="bok")] == ["Bokning av tjänst"]
    assert [h.title for h in services.search_suggest(user=None, q="byg")] == ["Ansökan om bygglov"]
    assert services.search_suggest(user=None, q="x") == []


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "x" * 1000,
        '"unbalanced',
        'a"b"c"',
        "((",
        "NEAR(a b)",
        "title:x",
        "a*",
        "-",
        "OR",
        "och i att",
        "^",
        "'",
        '"""',
        "\\",
        "%",
        "_",
        "{title}: x",
        "\x00",
        "😀",
    ],
)
def test_bad_input_never_raises(corpus: dict[str, Idea], q: str) -> None:
    result = services.search_query(user=None, q=q)
    assert result.count >= 0
    services.search_suggest(user=None, q=q)


def test_unbalanced_quote_quotes_the_rest(corpus: dict[str, Idea]) -> None:
    assert titles(q='"bokning av') == ["Bokning av tjänst"]


def test_snippets_escape_html(owner: User, skelleftea: Any) -> None:
    make(skelleftea, owner, "Skript", summary="<script>alert('x')</script> trygghet & ro")
    services.reindex_all()
    snippet = services.search_query(user=None, q="trygghet").hits[0].snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "<mark>trygghet</mark>" in snippet

"""The Elasticsearch search body as data: text queries (and what search.understand adds:
synonyms, questions, folding, parts), visibility, facets and paging, without a cluster."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from search.backends import elastic_queries as q
from search.backends import elastic_reading as reading
from search.backends.base import FACETS, SearchQuery
from search.text import Term
from tests.search.elastic_data import (
    ACCESS,
    ACCESS_FILTER,
    body_for,
    boosts,
    clauses,
    describe,
    field_of,
    query_string,
)

# --- Text queries -------------------------------------------------------------------------


def test_title_outweighs_summary_which_outweighs_body():
    weight = boosts()
    assert weight["title"] > weight["summary"] > weight["body"]
    assert weight["summary"] >= weight["tags"] >= weight["organisation_name"] >= weight["body"]


def test_folded_and_part_matches_count_less_than_the_exact_word_in_the_same_field():
    weight = boosts()
    for name in q.FIELD_BOOSTS:
        assert weight[f"{name}.folded"] < weight[name]
        if name in q.PARTS_FIELDS:
            assert weight[f"{name}.parts"] < weight[name]
    # ...and keep the field order among themselves.
    assert weight["title.folded"] > weight["summary.folded"] > weight["body.folded"]
    assert weight["title.parts"] > weight["summary.parts"] > weight["body.parts"]


def test_every_word_must_match_in_some_field_as_a_word_or_as_a_part():
    body = body_for(q="digitala tjänster")
    must, must_not = clauses(body)
    assert [describe(c) for c in must] == ["digitala", "tjänster"]
    assert must_not == []
    first = must[0]["dis_max"]
    assert first["tie_breaker"] < 1
    word = first["queries"][0]["constant_score"]["filter"]["simple_query_string"]
    assert word["fields"] == ["title"]
    assert word["lenient"] is True
    # Only the phrase quotes this module writes are syntax; "+", "*", "~", "|" are not.
    assert word["flags"] == "PHRASE"
    parts = [f for f in q.field_weights() if f.endswith(".parts")]
    assert parts == ["title.parts", "summary.parts", "body.parts"]


def test_snippets_mark_the_wanted_words_but_not_the_excluded_ones():
    body = body_for(q="ansökan -personal")
    marked = query_texts(body["highlight"]["highlight_query"])
    assert set(marked) == {"ansökan"}
    assert "highlight" not in body_for(q="-personal")


def test_or_joins_its_neighbours_and_quotes_make_a_phrase():
    body = body_for(q='e-tjänst sophämtning OR avfall "digital brevlåda"')
    assert query_string(body) == 'e tjänst (sophämtning | avfall) "digital brevlåda"'


def test_stop_words_are_dropped_outside_phrases():
    assert query_string(body_for(q="tjänster för äldre")) == "tjänster äldre"
    assert query_string(body_for(q='"stöd för äldre"')) == '"stöd för äldre"'


def test_excluded_words_and_phrases_are_must_not_clauses():
    body = body_for(q='ansökan -personal -"gamla blanketter"')
    must, must_not = clauses(body)
    assert [describe(c) for c in must] == ["ansökan"]
    assert [describe(c) for c in must_not] == ["personal", '"gamla blanketter"']


def test_a_query_of_exclusions_only_lists_everything_else():
    must, must_not = clauses(body_for(q="-personal"))
    assert must == [{"match_all": {}}]
    assert [describe(c) for c in must_not] == ["personal"]


@pytest.mark.parametrize(
    "typed",
    ['"ledighet', 'ledighet"', 'a "b" "c', '"""', '-"', "(ansökan", "ansökan*~2 +x |", "\\"],
)
def test_unbalanced_quotes_and_stray_syntax_never_reach_the_engine(typed):
    body = body_for(q=typed)
    json.dumps(body)
    for text in query_texts(body):
        # One word, or one phrase in a pair of quotes: nothing else can be syntax.
        assert re.fullmatch(r'\w+|"\w+( \w+)*"', text), text


def query_texts(node: Any) -> list[str]:
    """Every simple_query_string text anywhere in a body."""
    if isinstance(node, dict):
        found = [node["simple_query_string"]["query"]] if "simple_query_string" in node else []
        return found + [t for v in node.values() for t in query_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in query_texts(v)]
    return []


def test_stray_syntax_is_reduced_to_words():
    texts = query_texts(body_for(q="(ansökan*~2 +x |")["query"])
    assert list(dict.fromkeys(texts)) == ["ansökan", "2", "x"]


def test_an_unclosed_quote_quotes_the_rest():
    assert query_string(body_for(q='"digital ansökan')) == '"digital ansökan"'


def test_a_thousand_characters_make_a_bounded_query():
    body = body_for(q="a" * 1000)
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    many = body_for(q=" ".join(f"ord{i}" for i in range(300)))
    assert len(clauses(many)[0]) <= 32


def test_an_empty_query_lists_everything_by_newest_without_highlights():
    body = body_for(q="   ")
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == q.ORDERINGS["newest"]
    assert "highlight" not in body


def test_a_text_query_is_ranked_by_score_then_newest():
    assert body_for(q="tjänst")["sort"][:2] == [{"_score": "desc"}, {"created_at": "desc"}]


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("newest", {"created_at": "desc"}),
        ("updated", {"updated_at": "desc"}),
        ("adoptions", {"adoption_count": "desc"}),
    ],
)
def test_orderings(ordering, first):
    for typed in ("", "tjänst"):
        assert body_for(q=typed, ordering=ordering)["sort"][0] == first


def test_an_unknown_ordering_is_a_programming_error():
    with pytest.raises(ValueError, match="ordering"):
        body_for(ordering="random")


def test_highlights_mark_matches_and_escape_everything_else():
    highlight = body_for(q="tjänst")["highlight"]
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert list(highlight["fields"]) == list(q.SNIPPET_FIELDS)


# --- Visibility -----------------------------------------------------------------------------


def test_the_access_filter_scopes_every_search_and_every_facet_count():
    body = body_for(q="tjänst", access=ACCESS, filters={"organisation": ["krokom"]})
    assert ACCESS_FILTER in body["query"]["bool"]["filter"]
    assert set(body["aggs"]) == set(FACETS)
    for facet, agg in body["aggs"].items():
        assert ACCESS_FILTER in agg["filter"]["bool"]["filter"], facet
    assert ACCESS_FILTER in body_for(q="", access=ACCESS)["query"]["bool"]["filter"]


def test_the_access_filter_scopes_suggest():
    body = reading.suggest_body("led", ACCESS, limit=8)
    assert body["query"]["bool"]["filter"] == [ACCESS_FILTER]
    assert body["query"]["bool"]["must"] == [
        {"match": {"title.suggest": {"query": "led", "operator": "and"}}}
    ]
    assert body["size"] == 8


# --- Filters and facets ---------------------------------------------------------------------


def test_filters_and_across_facets_and_or_within_one_applied_after_the_aggregations():
    filters = {"organisation": ["krokom", "skelleftea"], "stage": ["concept"]}
    body = body_for(q="tjänst", filters=filters)
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"organisation": ["krokom", "skelleftea"]}},
                {"terms": {"stage": ["concept"]}},
            ]
        }
    }
    # The query itself is not narrowed by the facet filters (the aggregations see them
    # one by one below).
    assert body["query"]["bool"]["filter"] == [{"terms": {"access": ["public"]}}]


def test_each_facet_counts_under_every_other_facets_filter_but_not_its_own():
    filters = {"organisation": ["krokom"], "stage": ["concept", "launch"]}
    aggs = body_for(q="", filters=filters)["aggs"]
    organisation = aggs["organisation"]["filter"]["bool"]["filter"]
    assert {"terms": {"stage": ["concept", "launch"]}} in organisation
    assert not any("organisation" in f.get("terms", {}) for f in organisation)
    stage = aggs["stage"]["filter"]["bool"]["filter"]
    assert {"terms": {"organisation": ["krokom"]}} in stage
    kind = aggs["kind"]["filter"]["bool"]["filter"]
    assert {"terms": {"organisation": ["krokom"]}} in kind
    assert {"terms": {"stage": ["concept", "launch"]}} in kind
    terms = aggs["target_group"]["aggs"]["values"]["terms"]
    assert terms["field"] == "target_group"
    assert terms["size"] >= 311  # every municipality and region fits in the organisation facet


def test_an_empty_filter_list_filters_nothing():
    body = body_for(q="", filters={"stage": []})
    assert "post_filter" not in body


def test_an_unknown_facet_value_is_just_a_filter_that_matches_nothing():
    body = body_for(q="", filters={"stage": ["no-such-stage"]})
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"stage": ["no-such-stage"]}}]


def test_an_unknown_facet_name_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown facets"):
        body_for(filters={"colour": ["red"]})


# --- Paging ---------------------------------------------------------------------------------


def test_pages_are_from_and_size():
    body = body_for(q="", page=3, page_size=20)
    assert (body["from"], body["size"]) == (40, 20)
    assert body["track_total_hits"] is True


def test_page_zero_is_the_first_page_and_page_size_is_capped():
    body = body_for(q="", page=0, page_size=10_000)
    assert (body["from"], body["size"]) == (0, q.MAX_PAGE_SIZE)


def test_a_page_past_the_engines_window_asks_for_counts_only():
    body = body_for(q="", page=10_000, page_size=20)
    assert (body["from"], body["size"]) == (0, 0)
    assert body["aggs"]


# --- What people mean: the same understood query as the database backends ------------------


def understood_body(q_text: str, **fields: Any) -> dict[str, Any]:
    from search import understand
    from search.thesaurus import Group, Thesaurus

    thesaurus = Thesaurus(
        [
            Group("forskola", ("förskola", "dagis", "barnstuga"), ("preschool",), None, "test"),
            Group("hemtjanst", ("hemtjänst", "hjälp i hemmet"), ("home care",), None, "test"),
        ]
    )
    understood = understand.understand(q_text, thesaurus)
    query = SearchQuery(q=q_text, access=ACCESS, **fields)
    needed = understood.min_should_match(all_failed=False)
    n = understood.clause_count
    return q.search_body(query, understood.parsed, min_should_match=needed if needed < n else None)


def test_a_synonym_is_searched_with_the_word_and_counts_half(db: None) -> None:
    must, _ = clauses(understood_body("dagis"))
    (clause,) = must
    described = describe(clause)
    assert described == "(dagis | förskola | barnstuga)"
    own, synonym, _other = clause["bool"]["should"]
    own_title = own["dis_max"]["queries"][0]["constant_score"]["boost"]
    synonym_title = synonym["dis_max"]["queries"][0]["constant_score"]["boost"]
    assert synonym_title == own_title * 0.5


def test_a_synonym_of_several_words_is_a_phrase(db: None) -> None:
    must, _ = clauses(understood_body("hemtjänst"))
    (clause,) = must
    several = clause["bool"]["should"][1]["dis_max"]["queries"][0]["constant_score"]["filter"]
    assert several["simple_query_string"]["query"] == '"hjälp i hemmet"'
    assert several["simple_query_string"]["flags"] == "PHRASE"


def test_english_words_are_searched_as_their_swedish_terms(db: None) -> None:
    must, _ = clauses(understood_body("home care"))
    assert describe(must[0]) == '(home care | hemtjänst | "hjälp i hemmet")'


def test_a_question_needs_half_its_words_and_ranks_those_matching_more_first(db: None) -> None:
    body = understood_body("hur får jag plats på dagis?")
    text = body["query"]["bool"]["must"][0]["bool"]
    assert text["minimum_should_match"] == 1  # two clauses: "plats", dagis and its synonyms
    first = text["should"][0]["bool"]["should"]
    assert first[1]["constant_score"]["boost"] == q.COVERAGE_BOOST
    assert first[1]["constant_score"]["filter"] == first[0]
    # The result can tell how many hits matched every word.
    assert "full_matches" in body["aggs"]


def test_a_statement_needs_every_word(db: None) -> None:
    body = understood_body("plats dagis")
    assert "must" in body["query"]["bool"]["must"][0]["bool"]
    assert "full_matches" not in body["aggs"]


def test_a_word_standing_for_its_form_with_diacritics_is_only_looked_for_as_that_word() -> None:
    query = q.term_query(Term(("aldre",), restore=True))
    fields = [
        next(iter(field_of(c["constant_score"]["filter"]))) for c in query["dis_max"]["queries"]
    ]
    assert fields == ["title.wordfold", "summary.wordfold", "body.wordfold"]


def test_compound_parts_are_the_words_stems_not_every_piece_of_the_typed_word():
    query = q.term_query(Term(("ansökningar",)))
    parts = [
        c["constant_score"]["filter"]
        for c in query["dis_max"]["queries"]
        if next(iter(field_of(c["constant_score"]["filter"]))).endswith(".parts")
    ]
    assert parts[0] == {
        "bool": {
            "should": [
                {"match": {"title.parts": {"query": "ansökning", "operator": "and"}}},
                {"match": {"title.parts": {"query": "ansökan", "operator": "and"}}},
            ]
        }
    }

"""The Elasticsearch backend without a cluster: the index, the query bodies, the alias swap
and the reading of answers, checked as the data that is sent and received; and a dead
cluster reported as SearchUnavailable by the real client."""

from __future__ import annotations

import datetime
import json
import re
import socket
from typing import Any

import pytest

from search.backends import elastic_index as ix
from search.backends import elastic_queries as q
from search.backends import elastic_reading as reading
from search.backends.base import FACETS, SearchDocument, SearchQuery
from search.backends.elastic import ElasticsearchBackend
from search.backends.errors import SearchUnavailable
from search.text import STOP_WORDS, Term

NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


def document(**fields: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "type": "idea",
        "id": 7,
        "idea_id": 7,
        "title": "Ledighetsansökan",
        "summary": "Ansök om ledighet digitalt",
        "body": "Blanketten ersätts av en e-tjänst.",
        "url": "/ideer/7/",
        "access": ("public",),
        "created_at": NOW,
        "updated_at": NOW,
        "kind": "service_concept",
        "stage": "concept",
        "organisation": "skelleftea",
        "organisation_name": "Skellefteå kommun",
        "county": "24",
        "category": "hr",
        "target_groups": ("employees", "managers"),
        "tags": ("ledighet",),
        "adoption_count": 2,
    }
    values.update(fields)
    return SearchDocument(**values)


def body_for(**fields: Any) -> dict[str, Any]:
    return q.search_body(SearchQuery(**fields))


def clauses(body: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, must_not) of the text part of a search body."""
    text = body["query"]["bool"]["must"][0]
    return text["bool"].get("must", []), text["bool"].get("must_not", [])


def describe(clause: dict[str, Any]) -> str:
    """A term or OR clause written back in the query language, checking its shape on the way:
    a term is a dis_max over the fields it is looked for in (q.term_fields: words typed
    without diacritics also in the folded fields, words with parts also in the parts
    fields), each a constant weight on a match of the term; parts are the word's stems."""
    if "bool" in clause:
        assert clause["bool"]["minimum_should_match"] == 1
        return "(" + " | ".join(describe(term) for term in clause["bool"]["should"]) + ")"
    queries = clause["dis_max"]["queries"]
    weights = q.field_weights()
    fields = [next(iter(field_of(c["constant_score"]["filter"]))) for c in queries]
    assert fields == [f for f in weights if f in fields]
    # The field weights, times the term's own weight (1 typed, less for synonyms).
    factor = queries[0]["constant_score"]["boost"] / weights[fields[0]]
    assert [c["constant_score"]["boost"] for c in queries] == [
        round(weights[f] * factor, 4) for f in fields
    ]
    (text,) = {
        c["constant_score"]["filter"].get("simple_query_string", {}).get("query") for c in queries
    } - {None}
    for c in queries:
        match = c["constant_score"]["filter"]
        if "simple_query_string" in match:
            continue
        matches = match["bool"]["should"] if "bool" in match else [match]
        typed = text.strip('"')
        expected = [typed] if text.startswith('"') else list(Term((typed,)).parts)
        seen = []
        for part in matches:
            ((kind, options_by_field),) = part.items()
            ((field, options),) = options_by_field.items()
            assert field.endswith(".parts")
            assert kind == ("match_phrase" if text.startswith('"') else "match")
            if kind == "match":
                assert options["operator"] == "and"
            seen.append(options["query"])
        assert seen == expected
    return text


def field_of(match: dict[str, Any]) -> dict[str, Any]:
    """{field: options} of a field match (the first part's, for several parts)."""
    if "simple_query_string" in match:
        (field,) = match["simple_query_string"]["fields"]
        return {field: match["simple_query_string"]}
    if "bool" in match:
        return field_of(match["bool"]["should"][0])
    ((_kind, fields),) = match.items()
    return fields


def query_string(body: dict[str, Any]) -> str:
    must, _ = clauses(body)
    return " ".join(describe(c) for c in must)


def boosts() -> dict[str, float]:
    return q.field_weights()


# --- The index ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return ix.index_body("delahub-20250301120000000000")


def test_swedish_analyzer_drops_stop_words_then_stems_and_keeps_diacritics(index):
    analysis = index["settings"]["analysis"]
    sv = analysis["analyzer"]["delahub_sv"]
    assert sv["tokenizer"] == "standard"
    assert sv["filter"] == [
        "lowercase",
        "delahub_sv_stop",
        "delahub_sv_stem",
        "delahub_sv_nominal",
    ]
    assert analysis["filter"]["delahub_sv_stem"] == {"type": "stemmer", "language": "swedish"}
    assert "asciifolding" not in sv["filter"]


def test_stop_words_are_the_ones_the_database_backends_drop(index):
    stop = index["settings"]["analysis"]["filter"]["delahub_sv_stop"]
    assert stop["type"] == "stop"
    assert set(stop["stopwords"]) == STOP_WORDS


def test_verbal_nouns_in_ning_and_an_meet_at_one_stem(index):
    nominal = index["settings"]["analysis"]["filter"]["delahub_sv_nominal"]
    assert nominal["type"] == "pattern_replace"
    assert nominal["replacement"] == "$1"
    # The same rule in Python's dialect (\p{L} is [^\W\d_], $1 is \1), run on Snowball stems.
    rule = re.compile(nominal["pattern"].replace(r"\p{L}", r"[^\W\d_]"))

    def cut(stem: str) -> str:
        return rule.sub(r"\1", stem)

    assert cut("ansökning") == "ansök"  # ansökningar
    assert cut("ansökan") == "ansök"
    assert cut("ledighetsansökan") == "ledighetsansök"
    assert cut("träning") == "träning"  # "trä" is too short to be a stem of its own
    assert cut("plan") == "plan"


def test_folded_subfield_folds_diacritics_only_in_the_text_not_in_the_query(index):
    analysis = index["settings"]["analysis"]["analyzer"]
    title = index["mappings"]["properties"]["title"]["fields"]["folded"]
    assert title["analyzer"] == "delahub_sv_folded"
    assert title["search_analyzer"] == "delahub_sv"
    assert "asciifolding" in analysis["delahub_sv_folded"]["filter"]
    assert "asciifolding" not in analysis[title["search_analyzer"]]["filter"]


def test_every_text_field_has_a_folded_subfield_and_long_texts_have_parts(index):
    properties = index["mappings"]["properties"]
    for name in q.FIELD_BOOSTS:
        assert properties[name]["type"] == "text"
        assert properties[name]["analyzer"] == "delahub_sv"
        assert "folded" in properties[name]["fields"]
        assert ("parts" in properties[name]["fields"]) == (name in q.PARTS_FIELDS)


def test_parts_are_four_character_ngrams_of_words(index):
    analysis = index["settings"]["analysis"]
    assert analysis["analyzer"]["delahub_parts"]["tokenizer"] == "delahub_parts"
    assert analysis["tokenizer"]["delahub_parts"] == {
        "type": "ngram",
        "min_gram": 4,
        "max_gram": 4,
        "token_chars": ["letter", "digit"],
    }
    assert index["mappings"]["properties"]["body"]["fields"]["parts"] == {
        "type": "text",
        "analyzer": "delahub_parts",
    }


def test_title_has_an_edge_ngram_subfield_for_suggest(index):
    analysis = index["settings"]["analysis"]
    suggest = index["mappings"]["properties"]["title"]["fields"]["suggest"]
    assert analysis["analyzer"][suggest["analyzer"]]["filter"] == [
        "lowercase",
        "delahub_suggest_grams",
    ]
    assert analysis["filter"]["delahub_suggest_grams"] == {
        "type": "edge_ngram",
        "min_gram": 1,
        "max_gram": 20,
    }
    # The query side is not cut into grams (else "sop" would match every "s…" title).
    query_side = analysis["analyzer"][suggest["search_analyzer"]]["filter"]
    assert "delahub_suggest_grams" not in query_side


def test_facets_and_access_are_keywords_dates_are_dates_and_the_mapping_is_strict(index):
    mappings = index["mappings"]
    properties = mappings["properties"]
    assert mappings["dynamic"] == "strict"
    for name in (*FACETS, "access", "key"):
        assert properties[name] == {"type": "keyword"}, name
    assert properties["created_at"] == properties["updated_at"] == {"type": "date"}
    assert properties["adoption_count"] == {"type": "integer"}
    assert index["settings"]["number_of_shards"] == 1


def test_a_document_is_stored_under_the_mapping_field_names(index):
    source = ix.document_source(document())
    assert set(source) <= set(index["mappings"]["properties"])
    assert source["key"] == "idea:7"
    assert source["target_group"] == ["employees", "managers"]
    assert source["access"] == ["public"]
    assert source["created_at"] == "2025-03-01T12:00:00+00:00"
    json.dumps(source)


def test_empty_facet_values_are_not_stored_so_no_facet_lists_an_empty_value():
    source = ix.document_source(document(type="finding", kind="", stage="", category=""))
    assert "kind" not in source
    assert "stage" not in source
    assert "category" not in source
    assert source["organisation"] == "skelleftea"


def test_bulk_lines_address_documents_by_type_and_id():
    operations = ix.bulk_index_operations([document(), document(type="prototype", id=3)])
    assert operations[0] == {"index": {"_id": "idea:7"}}
    assert operations[2] == {"index": {"_id": "prototype:3"}}
    assert ix.bulk_delete_operations("round", [4, 5]) == [
        {"delete": {"_id": "round:4"}},
        {"delete": {"_id": "round:5"}},
    ]


def test_bulk_errors_report_failures_but_not_deleting_a_missing_document():
    response = {
        "errors": True,
        "items": [
            {"index": {"_id": "idea:1", "status": 201}},
            {"delete": {"_id": "idea:2", "status": 404, "result": "not_found"}},
            {
                "index": {
                    "_id": "idea:3",
                    "status": 400,
                    "error": {"type": "strict_dynamic_mapping_exception", "reason": "no field x"},
                }
            },
        ],
    }
    assert ix.bulk_errors(response) == ["index idea:3: 400 no field x"]
    assert ix.bulk_errors({"errors": False, "items": []}) == []


# --- The alias ------------------------------------------------------------------------------


def test_new_index_is_named_by_its_utc_creation_time():
    local = datetime.datetime(
        2025, 3, 1, 13, 0, 5, 42, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert ix.new_index_name("delahub", local) == "delahub-20250301120005000042"


def test_alias_swap_adds_the_new_index_and_removes_the_old_in_one_request():
    assert ix.alias_swap_actions("delahub", "delahub-2", ["delahub-1"]) == [
        {"add": {"index": "delahub-2", "alias": "delahub"}},
        {"remove": {"index": "delahub-2", "alias": "delahub-incoming"}},
        {"remove": {"index": "delahub-1", "alias": "delahub"}},
    ]


def test_first_swap_has_nothing_to_remove():
    assert ix.alias_swap_actions("delahub", "delahub-1", []) == [
        {"add": {"index": "delahub-1", "alias": "delahub"}},
        {"remove": {"index": "delahub-1", "alias": "delahub-incoming"}},
    ]


def test_an_index_squatting_on_the_alias_name_is_removed_in_the_same_request():
    actions = ix.alias_swap_actions("delahub", "delahub-2", [], alias_is_index=True)
    assert actions[-1] == {"remove_index": {"index": "delahub"}}


def test_live_writes_reach_the_index_being_built_through_the_incoming_alias():
    assert ix.incoming_actions("delahub", "delahub-2", []) == [
        {"add": {"index": "delahub-2", "alias": "delahub-incoming"}}
    ]
    # A rebuild that died left the incoming alias on its half-built index: it moves.
    assert ix.incoming_actions("delahub", "delahub-3", ["delahub-2"]) == [
        {"remove": {"index": "delahub-2", "alias": "delahub-incoming"}},
        {"add": {"index": "delahub-3", "alias": "delahub-incoming"}},
    ]


def test_a_rebuild_only_creates_so_a_live_change_made_meanwhile_is_kept():
    operations = ix.bulk_index_operations([document()], op_type="create")
    assert operations[0] == {"create": {"_id": "idea:7"}}
    conflict = {
        "errors": True,
        "items": [
            {
                "create": {
                    "_id": "idea:7",
                    "status": 409,
                    "error": {"type": ix.CONFLICT, "reason": "document already exists"},
                }
            }
        ],
    }
    assert ix.bulk_errors(conflict, tolerate=frozenset({ix.CONFLICT})) == []
    assert ix.bulk_errors(conflict) == ["create idea:7: 409 document already exists"]


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

ACCESS = ("public", "org:3", "user:9")
ACCESS_FILTER = {"terms": {"access": list(ACCESS)}}


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


def test_similar_is_more_like_this_among_visible_ideas_except_the_document_itself():
    body = reading.similar_body(document(), ACCESS, limit=5)
    inner = body["query"]["bool"]
    assert inner["filter"] == [ACCESS_FILTER, {"term": {"type": "idea"}}]
    assert inner["must_not"] == [{"ids": {"values": ["idea:7"]}}]
    (mlt,) = inner["must"]
    assert mlt["more_like_this"]["fields"] == ["title", "summary", "body"]
    assert "Ledighetsansökan" in mlt["more_like_this"]["like"]
    assert "Blanketten" in mlt["more_like_this"]["like"]
    # Like the database backends: the 12 most significant terms, any one of them.
    assert mlt["more_like_this"]["max_query_terms"] == 12
    assert mlt["more_like_this"]["minimum_should_match"] == 1
    assert body["size"] >= 5


def similar_answer(*hits: tuple[int, str, float]) -> dict[str, Any]:
    return {
        "hits": {
            "total": {"value": len(hits)},
            "hits": [
                {
                    "_score": score,
                    "_source": {
                        "type": "idea",
                        "id": pk,
                        "idea_id": pk,
                        "title": f"Idé {pk}",
                        "summary": "",
                        "url": f"/ideer/{pk}/",
                        "organisation": org,
                    },
                }
                for pk, org, score in hits
            ],
        }
    }


def test_similar_lists_other_organisations_ideas_first_and_keeps_the_close_ones():
    answer = similar_answer(
        (1, "skelleftea", 9.0), (2, "krokom", 6.0), (3, "umea", 2.0), (4, "krokom", 1.0)
    )
    found = reading.parse_similar(answer, "skelleftea", limit=5)
    # 4 scores below a fifth of the best (9.0); the own organisation's idea comes last.
    assert [h.id for h in found] == [2, 3, 1]
    assert [h.id for h in reading.parse_similar(answer, "skelleftea", limit=2)] == [2, 3]


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


# --- Answers --------------------------------------------------------------------------------


def search_response() -> dict[str, Any]:
    source = ix.document_source(document(summary="<b>Ansök</b> om ledighet"))
    return {
        "hits": {
            "total": {"value": 12, "relation": "eq"},
            "hits": [
                {
                    "_id": "idea:7",
                    "_score": 3.5,
                    "_source": {k: source[k] for k in q.SOURCE_FIELDS if k in source},
                    "highlight": {
                        "body.parts": ["e-<mark>tjänst</mark> (part)"],
                        "body": ["en e-<mark>tjänst</mark> &lt;ny&gt;"],
                    },
                },
                {
                    "_id": "finding:2",
                    "_score": None,
                    "_source": {
                        "type": "finding",
                        "id": 2,
                        "idea_id": 7,
                        "title": "Svårt att hitta knappen",
                        "summary": "<script>x</script> " + "lång text " * 40,
                        "url": "/fynd/2/",
                        "organisation": "skelleftea",
                        "created_at": "2025-03-01T12:00:00Z",
                    },
                },
            ],
        },
        "aggregations": {
            "type": {"doc_count": 12, "values": {"buckets": [{"key": "idea", "doc_count": 9}]}},
            "county": {"doc_count": 12, "values": {"buckets": [{"key": 24, "doc_count": 12}]}},
        },
    }


def test_an_answer_becomes_a_search_result_with_every_facet():
    result = reading.parse_search(search_response())
    assert result.count == 12
    assert list(result.facets) == list(FACETS)
    assert result.facets["type"][0].value == "idea"
    assert result.facets["type"][0].count == 9
    assert result.facets["county"][0].value == "24"
    assert result.facets["stage"] == []
    first, second = result.hits
    assert (first.type, first.id, first.idea_id, first.url) == ("idea", 7, 7, "/ideer/7/")
    assert (first.organisation, first.stage, first.kind) == (
        "skelleftea",
        "concept",
        "service_concept",
    )
    assert first.score == 3.5
    assert first.created_at == NOW
    assert second.score == 0.0
    assert second.stage == ""
    assert second.created_at == NOW


def test_the_snippet_prefers_exact_highlights_and_otherwise_escapes_the_summary():
    first, second = reading.parse_search(search_response()).hits
    assert first.snippet == "en e-<mark>tjänst</mark> &lt;ny&gt;"
    assert second.snippet.startswith("&lt;script&gt;x&lt;/script&gt; lång text")
    assert "<script>" not in second.snippet
    assert len(second.snippet) < 260


def test_a_mark_inside_a_word_is_widened_to_the_whole_word():
    assert reading.whole_words("Byt sophämtnings<mark>abonnemang</mark> nu") == (
        "Byt <mark>sophämtningsabonnemang</mark> nu"
    )
    assert reading.whole_words(
        "<mark>led</mark><mark>ighet</mark>sansökan &amp; <mark>x</mark>"
    ) == ("<mark>ledighetsansökan</mark> &amp; <mark>x</mark>")
    assert reading.whole_words("en <mark>e-tjänst</mark>") == "en <mark>e-tjänst</mark>"


def test_a_suggestion_without_highlight_shows_the_escaped_title():
    response = search_response()
    response["hits"]["hits"][0]["highlight"] = {"title.suggest": ["<mark>Ledighetsansökan</mark>"]}
    response["hits"]["hits"][1]["_source"]["title"] = "Fönster <för> alla"
    first, second = reading.parse_suggest(response)
    assert first.snippet == "<mark>Ledighetsansökan</mark>"
    assert second.snippet == "Fönster &lt;för&gt; alla"


# --- A cluster that is not there ----------------------------------------------------------


@pytest.fixture
def dead_cluster() -> ElasticsearchBackend:
    """A backend pointed at a loopback port nothing listens on: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return ElasticsearchBackend(f"http://127.0.0.1:{port}", alias="delahub-dead", timeout=2)


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.index([document()]),
        lambda b: b.remove("idea", [7]),
        lambda b: b.search(SearchQuery(q="tjänst")),
        lambda b: b.similar(document(), ["public"]),
        lambda b: b.suggest("led", ["public"]),
        lambda b: b.count(),
        lambda b: b.rebuild([document()]),
        lambda b: b.clear(),
    ],
    ids=["index", "remove", "search", "similar", "suggest", "count", "rebuild", "clear"],
)
def test_an_unreachable_cluster_is_reported_as_search_unavailable(dead_cluster, call):
    with pytest.raises(SearchUnavailable, match="Elasticsearch .* failed"):
        call(dead_cluster)


def test_the_backend_refuses_to_start_without_a_url(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ValueError, match="ELASTICSEARCH_URL"):
        ElasticsearchBackend()


def test_the_refresh_policy_comes_from_settings_unless_given(settings):
    settings.ELASTICSEARCH_REFRESH = "wait_for"
    assert ElasticsearchBackend("http://127.0.0.1:9").refresh == "wait_for"
    assert ElasticsearchBackend("http://127.0.0.1:9", refresh=True).refresh == "true"
    with pytest.raises(ValueError, match="refresh"):
        ElasticsearchBackend("http://127.0.0.1:9", refresh="sometimes")


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


def test_the_mapping_keeps_words_as_written_and_folded_for_corrections_and_folding(index):
    properties = index["mappings"]["properties"]
    for name in q.PARTS_FIELDS:
        assert properties[name]["fields"]["words"]["analyzer"] == "delahub_words"
        assert properties[name]["fields"]["wordfold"]["analyzer"] == "delahub_wordfold"
        assert properties[name]["fields"]["wordfold"]["search_analyzer"] == "delahub_words"
    analyzers = index["settings"]["analysis"]["analyzer"]
    assert analyzers["delahub_wordfold"]["filter"] == ["lowercase", "asciifolding"]


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


def test_probes_count_visible_documents_only():
    bodies = reading.word_probe_bodies("aldre", ACCESS)
    assert len(bodies) == 3
    for body in bodies:
        assert body["size"] == 0
        assert ACCESS_FILTER in body["query"]["bool"]["filter"]
    assert bodies[2]["query"]["bool"]["must_not"] == [bodies[1]["query"]["bool"]["must"][0]]


def test_corrections_come_from_the_words_as_written_by_edit_distance():
    body = reading.correction_suggest_body("hemtjänts")
    suggest = body["suggest"]
    assert suggest["text"] == "hemtjänts"
    for name in q.PARTS_FIELDS:
        term = suggest[f"{name}_words"]["term"]
        assert term["field"] == f"{name}.words"
        assert term["string_distance"] == "damerau_levenshtein"
    answer = {
        "suggest": {
            "title_words": [{"options": [{"text": "hemtjänst"}, {"text": "hemtjänsten"}]}],
            "body_words": [{"options": [{"text": "hemtjänst"}]}],
        }
    }
    assert reading.parse_correction_candidates(answer) == ["hemtjänst", "hemtjänsten"]

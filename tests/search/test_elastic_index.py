"""The Elasticsearch index as data: analysis, mapping, documents, bulk operations and the alias
swap, without a cluster."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

from search.backends import elastic_index as ix
from search.backends import elastic_queries as q
from search.backends.base import FACETS
from search.text import STOP_WORDS
from tests.search.elastic_data import document

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


def test_the_mapping_keeps_words_as_written_and_folded_for_corrections_and_folding(index):
    properties = index["mappings"]["properties"]
    for name in q.PARTS_FIELDS:
        assert properties[name]["fields"]["words"]["analyzer"] == "delahub_words"
        assert properties[name]["fields"]["wordfold"]["analyzer"] == "delahub_wordfold"
        assert properties[name]["fields"]["wordfold"]["search_analyzer"] == "delahub_words"
    analyzers = index["settings"]["analysis"]["analyzer"]
    assert analyzers["delahub_wordfold"]["filter"] == ["lowercase", "asciifolding"]

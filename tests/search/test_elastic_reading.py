"""The Elasticsearch backend's other requests and answers as data (similar, probes,
corrections, hits and facets read back), and a dead cluster reported as SearchUnavailable by
the real client."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from search.backends import elastic_index as ix
from search.backends import elastic_queries as q
from search.backends import elastic_reading as reading
from search.backends.base import FACETS, SearchQuery
from search.backends.elastic import ElasticsearchBackend
from search.backends.errors import SearchUnavailable
from tests.search.elastic_data import (
    ACCESS,
    ACCESS_FILTER,
    NOW,
    document,
)


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

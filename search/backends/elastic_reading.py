"""The Elasticsearch backend's other requests and its reading of answers, as plain data:
similar ideas, suggestions, the probes and corrections a query needs first (search.understand
decides with them), and hits, facets and counts read from the engine's answers. Pure
functions; `search.backends.elastic` sends and reads them; the search body itself is built by
`search.backends.elastic_queries`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.text import Truncator

from search.backends.base import (
    FACETS,
    FacetValue,
    Hit,
    SearchDocument,
    SearchResult,
)
from search.backends.elastic_queries import (
    HIGHLIGHT,
    PARTS_FIELDS,
    SNIPPET_CHARS,
    SNIPPET_FIELDS,
    SOURCE_FIELDS,
    access_filter,
    term_query,
    text_query,
)
from search.text import ParsedQuery, Term

#: How many candidates `similar` reads before it keeps the close ones (the database
#: backends: 12 significant terms, ideas scoring at least a fifth of the best).
SIMILAR_CANDIDATES = 50
SIMILAR_TERMS = 12
SIMILAR_MIN_SHARE = 0.2


def similar_body(document: SearchDocument, access: Sequence[str], *, limit: int) -> dict[str, Any]:
    """Ideas like the document: more_like_this on its title, summary and body text (the
    document need not be indexed yet, e.g. an idea still being written), never the document
    itself, only ideas, only what the caller may see. Like the database backends: its 12
    most significant terms, any of them (no share of terms required — in a small corpus a
    30 % share left most ideas without any similar one); `parse_similar` keeps those scoring
    at least a fifth of the best and puts other organisations first."""
    like = "\n".join(part for part in (document.title, document.summary, document.body) if part)
    more_like_this = {
        "more_like_this": {
            "fields": ["title", "summary", "body"],
            "like": like,
            # The corpus is small: a term that occurs once is still a signal.
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": SIMILAR_TERMS,
            "minimum_should_match": 1,
        }
    }
    return {
        "query": {
            "bool": {
                "must": [more_like_this],
                "filter": [access_filter(access), {"term": {"type": "idea"}}],
                "must_not": [{"ids": {"values": [document.key]}}],
            }
        },
        "size": max(SIMILAR_CANDIDATES, limit),
        "sort": [{"_score": "desc"}, {"created_at": "desc"}, {"key": "asc"}],
        "_source": SOURCE_FIELDS,
    }


def parse_similar(response: dict[str, Any], organisation: str, *, limit: int) -> list[Hit]:
    """The close ones of similar_body's candidates, other organisations' ideas first (the
    same organisation's own are not what "others already work on this" means)."""
    hits = [parse_hit(raw) for raw in response["hits"]["hits"]]
    if not hits:
        return []
    best = max(h.score for h in hits)
    close = [h for h in hits if h.score >= best * SIMILAR_MIN_SHARE]
    close.sort(key=lambda h: (bool(organisation) and h.organisation == organisation, -h.score))
    return close[:limit]


# --- What a query needs to know first (folding and corrections) ------------------------------


def word_probe_bodies(word: str, access: Sequence[str]) -> list[dict[str, Any]]:
    """Three counts for a word typed without diacritics (an `_msearch`): how many visible
    documents it finds as typed (all fields, as a query would), whether it is a written
    word of theirs, and whether a word with diacritics folds to it where it is not written
    as typed ("aldre" in a text with "äldre")."""
    written = {"multi_match": {"query": word, "fields": [f"{f}.words" for f in PARTS_FIELDS]}}
    folds = {"multi_match": {"query": word, "fields": [f"{f}.wordfold" for f in PARTS_FIELDS]}}
    scope = [access_filter(access)]
    return [
        {
            "size": 0,
            "track_total_hits": True,
            "query": {"bool": {"must": [term_query(Term((word,)))], "filter": scope}},
        },
        {
            "size": 0,
            "track_total_hits": True,
            "query": {"bool": {"must": [written], "filter": scope}},
        },
        {
            "size": 0,
            "track_total_hits": True,
            "query": {"bool": {"must": [folds], "must_not": [written], "filter": scope}},
        },
    ]


def count_body(parsed: ParsedQuery, access: Sequence[str]) -> dict[str, Any]:
    """How many visible documents a (one-clause) query finds."""
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {
            "bool": {
                "must": [text_query(parsed) or {"match_none": {}}],
                "filter": [access_filter(access)],
            }
        },
    }


def correction_suggest_body(word: str) -> dict[str, Any]:
    """Words of the index near a typed word (Elasticsearch's term suggester over the words as
    written); search.understand.best_corrections picks among them, as on the database."""
    term = {
        "suggest_mode": "always",
        "max_edits": 2,
        "prefix_length": 0,
        "min_word_length": 4,
        "size": 20,
        "string_distance": "damerau_levenshtein",
    }
    return {
        "size": 0,
        "suggest": {
            "text": word,
            **{
                f"{name}_words": {"term": {**term, "field": f"{name}.words"}}
                for name in PARTS_FIELDS
            },
        },
    }


def parse_correction_candidates(response: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for entries in (response.get("suggest") or {}).values():
        for entry in entries:
            for option in entry.get("options", []):
                word = str(option.get("text", ""))
                if word and word not in found:
                    found.append(word)
    return found


def total_of(response: dict[str, Any]) -> int:
    total = response["hits"]["total"]
    return int(total["value"] if isinstance(total, dict) else total)


def suggest_body(prefix: str, access: Sequence[str], *, limit: int) -> dict[str, Any]:
    """Titles with a word starting with each word of `prefix` (edge n-grams), most adopted
    first among equals, only what the caller may see."""
    return {
        "query": {
            "bool": {
                "must": [{"match": {"title.suggest": {"query": prefix, "operator": "and"}}}],
                "filter": [access_filter(access)],
            }
        },
        "size": max(0, limit),
        "sort": [
            {"_score": "desc"},
            {"adoption_count": "desc"},
            {"created_at": "desc"},
            {"key": "asc"},
        ],
        "highlight": {**HIGHLIGHT, "fields": {"title.suggest": {"number_of_fragments": 0}}},
        "_source": SOURCE_FIELDS,
    }


# --- Answers ---------------------------------------------------------------------------------


_PARTIAL_MARK = re.compile(r"([^\W_]*)<mark>(.*?)</mark>([^\W_]*)")


def whole_words(fragment: str) -> str:
    """Widen marks to whole words: a compound-part match marks "sophämtningsabonnemang",
    not "sophämtnings<mark>abonnemang</mark>" (as the database backends do)."""
    return _PARTIAL_MARK.sub(r"<mark>\1\2\3</mark>", fragment.replace("</mark><mark>", ""))


def _snippet(highlight: dict[str, list[str]], fields: Sequence[str], fallback: str) -> str:
    for name in fields:
        if highlight.get(name):
            return " … ".join(whole_words(fragment) for fragment in highlight[name])
    return escape(Truncator(fallback).chars(SNIPPET_CHARS))


def _created(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def parse_hit(raw: dict[str, Any], *, snippet_fields: Sequence[str] = SNIPPET_FIELDS) -> Hit:
    source = raw["_source"]
    return Hit(
        type=source["type"],
        id=int(source["id"]),
        idea_id=int(source["idea_id"]),
        title=source["title"],
        snippet=_snippet(raw.get("highlight") or {}, snippet_fields, source.get("summary", "")),
        url=source["url"],
        score=float(raw.get("_score") or 0.0),
        organisation=source.get("organisation", ""),
        stage=source.get("stage", ""),
        kind=source.get("kind", ""),
        created_at=_created(source.get("created_at")),
    )


def parse_search(response: dict[str, Any]) -> SearchResult:
    """A SearchResult from a `_search` answer to search_body()."""
    hits = response["hits"]
    total = hits["total"]
    aggregations = response.get("aggregations", {})
    facets = {
        facet: [
            FacetValue(value=str(bucket["key"]), count=int(bucket["doc_count"]))
            for bucket in aggregations.get(facet, {}).get("values", {}).get("buckets", [])
        ]
        for facet in FACETS
    }
    return SearchResult(
        count=int(total["value"] if isinstance(total, dict) else total),
        hits=[parse_hit(raw) for raw in hits["hits"]],
        facets=facets,
    )


def full_matches(response: dict[str, Any]) -> int | None:
    """The number of hits matching every word, when search_body asked (relaxed queries)."""
    found = (response.get("aggregations") or {}).get("full_matches")
    return int(found["doc_count"]) if found else None


def parse_suggest(response: dict[str, Any]) -> list[Hit]:
    """Hits from an answer to suggest_body(); the snippet is the title with the matched
    word starts marked."""
    hits = []
    for raw in response["hits"]["hits"]:
        hit = parse_hit(raw, snippet_fields=("title.suggest",))
        if not (raw.get("highlight") or {}).get("title.suggest"):
            hit.snippet = escape(hit.title)
        hits.append(hit)
    return hits

"""What the Elasticsearch backend asks, built as plain data: the search, similar, suggest,
probe and correction bodies, and the reading of the answers. Every function is pure, so the
tests check the bodies as data without a cluster; `search.backends.elastic` only sends them.
The index itself (analysis, mapping, documents, alias) is `search.backends.elastic_index`.

Queries: the user's text is parsed by `search.text.parse_query`, the parser the database
backends use, so a query means the same on every backend: words ANDed, "quoted phrases",
``OR`` between two parts, ``-excluded``, stop words dropped, stray syntax and unbalanced
quotes reduced to words. Each word or phrase is matched per field (``simple_query_string``
for words and phrases, ``match`` for compound parts) and scored by the weight of the best
field it matched in (see `term_query` for why not BM25); clauses are bool ``must``,
exclusions ``must_not``.

Facet counts use Elasticsearch's ``post_filter``: the query (text + access) scopes both the
hits and the aggregations, the facet filters are applied to the hits afterwards, and each
facet's aggregation applies every *other* facet's filter itself. So choosing "Krokom" under
organisation narrows the hits and every other facet's counts, while the organisation facet
still shows how many hits the other organisations have (a sibling's count is never zeroed by
its own selection). The access filter sits in the query *and* in every facet aggregation,
so no count can be computed outside the caller's access, whatever the query shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from search.backends.base import (
    FACETS,
    SearchQuery,
)
from search.text import Clause, ParsedQuery, Term, parse_query

# --- Queries ---------------------------------------------------------------------------------

#: How much a match in each field counts: title > summary > tags > organisation > body.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.0,
    "tags": 1.5,
    "organisation_name": 1.0,
    "body": 1.0,
}
#: Sub-fields count for a fraction of their field: a diacritic-less (folded) or part-of-a-
#: compound match ranks below the same word matched exactly.
SUBFIELD_FACTORS: dict[str, float] = {"folded": 0.3, "parts": 0.2}
PARTS_FIELDS = ("title", "summary", "body")

FACET_SIZE = 400  # every organisation (311) fits
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window default
MAX_PAGE_SIZE = 100
#: A query word longer than this is dropped: no Swedish word is that long, and the n-grams
#: of a 1,000-character run of letters would exceed the engine's clause limit.
MAX_WORD_LENGTH = 40
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
#: Highlighted fields in the order a snippet is taken from: exact matches, then diacritic-
#: less ones, then compound parts.
SNIPPET_FIELDS = (
    "summary",
    "body",
    "summary.folded",
    "body.folded",
    "summary.parts",
    "body.parts",
)
SNIPPET_CHARS = 200
SOURCE_FIELDS = [
    "type",
    "id",
    "idea_id",
    "title",
    "summary",
    "url",
    "organisation",
    "stage",
    "kind",
    "created_at",
]

ORDERINGS: dict[str, list[dict[str, str]]] = {
    "relevance": [{"_score": "desc"}, {"created_at": "desc"}, {"key": "asc"}],
    "newest": [{"created_at": "desc"}, {"key": "asc"}],
    "updated": [{"updated_at": "desc"}, {"key": "asc"}],
    "adoptions": [{"adoption_count": "desc"}, {"created_at": "desc"}, {"key": "asc"}],
}


def field_weights() -> dict[str, float]:
    """What a query word matched in each field and sub-field is worth."""
    weights = {}
    for name, boost in FIELD_BOOSTS.items():
        weights[name] = boost
        weights[f"{name}.folded"] = boost * SUBFIELD_FACTORS["folded"]
        if name in PARTS_FIELDS:
            weights[f"{name}.parts"] = boost * SUBFIELD_FACTORS["parts"]
    return weights


def access_filter(access: Sequence[str]) -> dict[str, Any]:
    """Documents sharing at least one token with the caller (no tokens: nothing)."""
    return {"terms": {"access": list(access)}}


def field_match(field: str, term: Term) -> dict[str, Any]:
    """Whether one field matches one query word or phrase.

    Words and phrases go through ``simple_query_string``: term words are letters and digits
    only (search.text.words), so nothing a user typed can be syntax; only the phrase quotes
    written here are, and the phrase operator is the only one enabled; `lenient` so a value
    that does not fit a field is skipped, not an error. A compound part is one of the word's
    stems (search.text.Term.parts, as on the database backends), and needs every 4-gram of
    that stem (operator and): "abonnemang" finds "sophämtningsabonnemang", not every text
    that shares "ning". Several words that are one synonym (an `every` term) must all be in
    the field.
    """
    text = " ".join(term.words)
    if field.endswith(".parts"):
        if term.phrase:
            return {"match_phrase": {field: {"query": text}}}
        parts: list[dict[str, Any]] = [
            {"match": {field: {"query": p, "operator": "and"}}} for p in term.parts
        ]
        return parts[0] if len(parts) == 1 else {"bool": {"should": parts}}
    return {
        "simple_query_string": {
            "query": f'"{text}"' if term.phrase else text,
            "fields": [field],
            "default_operator": "and",
            "flags": "PHRASE",
            "lenient": True,
        }
    }


def term_fields(term: Term) -> dict[str, float]:
    """The fields a term is looked for in, with what a match there is worth (before the
    term's own weight): a word standing for its form with diacritics only in the word-level
    folded fields; a synonym or correction (not typed) in the exact fields and parts."""
    weights = field_weights()
    if term.restore:
        return {
            f"{name}.wordfold": FIELD_BOOSTS[name] * SUBFIELD_FACTORS["folded"]
            for name in PARTS_FIELDS
        }
    fields = {
        field: weight
        for field, weight in weights.items()
        if (not field.endswith(".parts") or term.parts)
        and (not field.endswith(".folded") or (term.folded and not term.known))
    }
    if term.known:
        fields |= {
            f"{name}.wordfold": FIELD_BOOSTS[name] * SUBFIELD_FACTORS["folded"]
            for name in PARTS_FIELDS
        }
    return fields


#: A word matched in more fields than its best one ranks a little higher.
TIE_BREAKER = 0.1


def term_query(term: Term) -> dict[str, Any]:
    """One query word or phrase, scored by the best field it matched in.

    Constant weights rather than BM25: term statistics are kept per field, so in a field
    most documents leave empty (summaries of findings, tags) a match gets a tiny IDF and a
    title or summary match could rank below a body match. Weighting by field makes "title >
    summary > body, exact > diacritic-less > part" hold whatever the corpus, as it does on
    the database backends; equal scores are ordered newest first.
    """
    return {
        "dis_max": {
            "queries": [
                {
                    "constant_score": {
                        "filter": field_match(field, term),
                        "boost": round(weight * term.weight, 4),
                    }
                }
                for field, weight in term_fields(term).items()
            ],
            "tie_breaker": TIE_BREAKER,
        }
    }


def clause_query(clause: Clause) -> dict[str, Any]:
    """Terms joined by OR: any one of them."""
    queries = [term_query(t) for t in clause.terms]
    if len(queries) == 1:
        return queries[0]
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def highlight_query(parsed: ParsedQuery) -> dict[str, Any]:
    """What the snippets mark: every field match of the wanted terms, as plain queries (not
    inside constant_score filters, which highlighters may skip)."""
    matches = [
        field_match(field, term)
        for clause in map(_usable, parsed.positive)
        if clause
        for term in clause.terms
        for field in term_fields(term)
        if not field.endswith((".words", ".wordfold"))
    ]
    return {"bool": {"should": matches}}


def _usable(clause: Clause) -> Clause | None:
    terms = tuple(t for t in clause.terms if all(len(w) <= MAX_WORD_LENGTH for w in t.words))
    return Clause(terms, negative=clause.negative) if terms else None


#: Each clause a document matches adds this much when not every clause must match, so
#: documents matching more of the words rank first (as on the database backends).
COVERAGE_BOOST = 1000.0


def text_query(
    parsed: ParsedQuery, *, min_should_match: int | None = None
) -> dict[str, Any] | None:
    """The parsed query (search.understand: the same parser, thesaurus and corrections as the
    database backends) as a bool query: every clause must match — or, with
    `min_should_match`, at least that many, those matching more first — excluded clauses
    must not. None when nothing searchable is left. Exclusions only: everything else."""
    positive = [c for c in map(_usable, parsed.positive) if c]
    negative = [c for c in map(_usable, parsed.negative) if c]
    if not positive and not negative:
        return None
    query: dict[str, Any]
    if positive and min_should_match is not None and min_should_match < len(positive):
        query = {
            "should": [
                {
                    "bool": {
                        "should": [
                            clause_query(c),
                            {
                                "constant_score": {
                                    "filter": clause_query(c),
                                    "boost": COVERAGE_BOOST,
                                }
                            },
                        ]
                    }
                }
                for c in positive
            ],
            "minimum_should_match": max(1, min_should_match),
        }
    else:
        query = {"must": [clause_query(c) for c in positive] if positive else [{"match_all": {}}]}
    if negative:
        query["must_not"] = [clause_query(c) for c in negative]
    return {"bool": query}


def full_match_query(parsed: ParsedQuery) -> dict[str, Any] | None:
    """Documents that match every positive clause (to tell a relaxed result from a full one)."""
    positive = [c for c in map(_usable, parsed.positive) if c]
    return {"bool": {"must": [clause_query(c) for c in positive]}} if positive else None


def facet_filter(facet: str, values: Sequence[str]) -> dict[str, Any]:
    return {"terms": {facet: list(values)}}


def _checked_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    unknown = set(filters) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown facets {sorted(unknown)}; known: {', '.join(FACETS)}")
    return {facet: list(values) for facet, values in filters.items() if values}


def facet_aggregations(
    filters: dict[str, list[str]], access: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """One aggregation per facet, each under the access filter and every other facet's
    filter (see the module docstring on post_filter)."""
    aggs = {}
    for facet in FACETS:
        scope = [access_filter(access)]
        scope += [facet_filter(other, v) for other, v in filters.items() if other != facet]
        aggs[facet] = {
            "filter": {"bool": {"filter": scope}},
            "aggs": {
                "values": {
                    "terms": {
                        "field": facet,
                        "size": FACET_SIZE,
                        "order": [{"_count": "desc"}, {"_key": "asc"}],
                    }
                }
            },
        }
    return aggs


def search_body(
    query: SearchQuery, parsed: ParsedQuery | None = None, *, min_should_match: int | None = None
) -> dict[str, Any]:
    """The `_search` body for a SearchQuery: its text as `parsed` (search.understand's query;
    the plain parse of `query.q` when not given), every clause required unless
    `min_should_match` says how many.

    Raises ValueError for an unknown facet name or ordering (the caller validates user
    input first); an unknown facet *value* simply matches nothing.
    """
    if query.ordering not in ORDERINGS:
        raise ValueError(f"unknown ordering {query.ordering!r}; known: {', '.join(ORDERINGS)}")
    filters = _checked_filters(query.filters)
    if parsed is None:
        parsed = parse_query(query.q)
    text = text_query(parsed, min_should_match=min_should_match)
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    start = (max(query.page, 1) - 1) * size
    if start + size > MAX_RESULT_WINDOW:
        # Past what the engine pages through: count and facets, no hits (like any page past
        # the end) instead of an engine error.
        start, size = 0, 0
    ordering = query.ordering
    if text is None and ordering == "relevance":
        ordering = "newest"  # nothing to rank by: newest first
    body: dict[str, Any] = {
        "query": {
            "bool": {
                "must": [text if text is not None else {"match_all": {}}],
                "filter": [access_filter(query.access)],
            }
        },
        "aggs": facet_aggregations(filters, query.access),
        "sort": ORDERINGS[ordering],
        "track_scores": True,
        "track_total_hits": True,
        "from": start,
        "size": size,
        "_source": SOURCE_FIELDS,
    }
    if filters:
        body["post_filter"] = {"bool": {"filter": [facet_filter(f, v) for f, v in filters.items()]}}
    full = full_match_query(parsed)
    if min_should_match is not None and full is not None:
        # How many of the hits (after the facet filters) match every word: fewer than the
        # total means the result is relaxed.
        scope = [full, *(facet_filter(f, v) for f, v in filters.items())]
        body["aggs"]["full_matches"] = {"filter": {"bool": {"filter": scope}}}
    if text is not None and parsed.positive:
        body["highlight"] = {
            **HIGHLIGHT,
            "highlight_query": highlight_query(parsed),
            "fields": {
                name: (
                    {"number_of_fragments": 0}
                    if name.startswith("summary")
                    else {"number_of_fragments": 2, "fragment_size": 160}
                )
                for name in SNIPPET_FIELDS
            },
        }
    return body

"""What the Elasticsearch backend sends, built as plain data: the index (settings, analyzers,
mapping), the documents, the query bodies, the alias swap, and reading the answers.

Everything here is a pure function of its arguments, so the tests check the bodies as data
without a cluster; `search.backends.elastic` only sends them.

Analysis (one analyzer per purpose, all on the standard tokenizer, lower-cased):

- ``delahub_sv`` (every text field): Snowball Swedish stemming after the Snowball Swedish
  stop words (the same list as the database backends, `search.text.STOP_WORDS`), then
  ``-ning``/``-an`` cut from stems of at least four letters, so "ansökningar" (stem
  "ansökning") and "ansökan" meet at "ansök". No folding: å, ä and ö are letters.
- ``.folded`` sub-field: the same chain with ``asciifolding`` *at index time only*; the
  query side uses ``delahub_sv``. A query typed without diacritics ("aldre") matches
  "äldre" here, at a low boost, so exact matches rank above; a query with diacritics
  ("äldre") can never match "aldre" text, because its own ä is never folded.
- ``.parts`` sub-field (title, summary, body): 4-character n-grams of each word, queried
  with a ``match`` whose operator is ``and``: every gram of "abonnemang" must occur, which
  "sophämtningsabonnemang" satisfies and a text merely sharing "ning" does not.
  Why n-grams and not a decompounder: ``dictionary_decompounder`` and
  ``hyphenation_decompounder`` need a Swedish word list or hyphenation grammar that no
  package here ships and that would have to be maintained on every node; n-grams need
  nothing and also find parts no dictionary lists. Why 4 and not 3: a three-letter word
  ("bil") would match inside unrelated compounds ("mobil", "stabil") — the database
  backends refuse parts shorter than four letters for the same reason — and 4-grams alone
  halve the index terms and query clauses of a 3-4 range. The boost is low so a stemmed
  word match outranks a part match.
- ``title.suggest``: edge n-grams (1-20) of every title word for suggest-as-you-type; the
  query side is lower-cased and cut to 20 characters.

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

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import escape
from django.utils.text import Truncator
from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from search.backends.base import (
    FACETS,
    FacetValue,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResult,
)
from search.text import STOP_WORDS, Clause, ParsedQuery, Term, parse_query

# --- Analysis and mapping -----------------------------------------------------------------

sv_stop = token_filter("delahub_sv_stop", "stop", stopwords=sorted(STOP_WORDS))
sv_stem = token_filter("delahub_sv_stem", "stemmer", language="swedish")
# Swedish verbal nouns: ansökan / ansökning(ar) / ansöka share "ansök". Four letters at least
# before the ending, so "träning" or "mening" keep their stems.
sv_nominal = token_filter(
    "delahub_sv_nominal", "pattern_replace", pattern=r"^(\p{L}{4,}?)(?:ning|an)$", replacement="$1"
)
SUGGEST_MAX = 20
suggest_grams = token_filter(
    "delahub_suggest_grams", "edge_ngram", min_gram=1, max_gram=SUGGEST_MAX
)
suggest_cut = token_filter("delahub_suggest_cut", "truncate", length=SUGGEST_MAX)
PART_LENGTH = 4
part_grams = tokenizer(
    "delahub_parts",
    "ngram",
    min_gram=PART_LENGTH,
    max_gram=PART_LENGTH,
    token_chars=["letter", "digit"],
)

SV = analyzer(
    "delahub_sv", tokenizer="standard", filter=["lowercase", sv_stop, sv_stem, sv_nominal]
)
SV_FOLDED = analyzer(
    "delahub_sv_folded",
    tokenizer="standard",
    filter=["lowercase", sv_stop, "asciifolding", sv_stem, sv_nominal],
)
PARTS = analyzer("delahub_parts", tokenizer=part_grams, filter=["lowercase"])
SUGGEST = analyzer("delahub_suggest", tokenizer="standard", filter=["lowercase", suggest_grams])
# Words as written (lower-cased), and the same folded: the vocabulary corrections come from,
# and the word-level folding that lets "aldre" find "äldre" without the stemmer's "aldrig".
WORDS = analyzer("delahub_words", tokenizer="standard", filter=["lowercase"])
WORDFOLD = analyzer("delahub_wordfold", tokenizer="standard", filter=["lowercase", "asciifolding"])
SUGGEST_QUERY = analyzer(
    "delahub_suggest_query", tokenizer="standard", filter=["lowercase", suggest_cut]
)


def _text(*, parts: bool = False, suggest: bool = False) -> Text:
    fields: dict[str, Text] = {"folded": Text(analyzer=SV_FOLDED, search_analyzer=SV)}
    if parts:
        fields["parts"] = Text(analyzer=PARTS)
        fields["words"] = Text(analyzer=WORDS)
        fields["wordfold"] = Text(analyzer=WORDFOLD, search_analyzer=WORDS)
    if suggest:
        fields["suggest"] = Text(analyzer=SUGGEST, search_analyzer=SUGGEST_QUERY)
    return Text(analyzer=SV, fields=fields)


class IndexedDocument(Document):
    """The mapping of one search document (see SearchDocument)."""

    key = Keyword()  # "<type>:<id>", also the _id; a stable tie-break for sorting
    type = Keyword()
    id = Integer()
    idea_id = Integer()
    title = _text(parts=True, suggest=True)
    summary = _text(parts=True)
    body = _text(parts=True)
    tags = _text()
    organisation_name = _text()
    url = Keyword(index=False)
    access = Keyword()
    created_at = Date()
    updated_at = Date()
    kind = Keyword()
    stage = Keyword()
    organisation = Keyword()
    county = Keyword()
    category = Keyword()
    target_group = Keyword()  # SearchDocument.target_groups, named after its facet
    adoption_count = Integer()

    class Meta:
        # A field the mapping does not know is an error, not a silently guessed type.
        dynamic = MetaField("strict")


def index_body(name: str) -> dict[str, Any]:
    """Settings (analysis included) and mappings for a new concrete index."""
    index = Index(name)
    # One shard: the corpus is small (hundreds of thousands of documents at most), and one
    # shard gives every document the same term statistics, so ranking does not depend on
    # which shard a document landed on.
    index.settings(number_of_shards=1)
    index.document(IndexedDocument)
    return index.to_dict()


# --- Documents ------------------------------------------------------------------------------


def document_source(document: SearchDocument) -> dict[str, Any]:
    """The JSON stored for one document; empty facet values are left out so no facet lists ""."""
    source: dict[str, Any] = {
        "key": document.key,
        "type": document.type,
        "id": document.id,
        "idea_id": document.idea_id,
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "tags": list(document.tags),
        "organisation_name": document.organisation_name,
        "url": document.url,
        "access": list(document.access),
        "created_at": document.created_at.isoformat(),
        "updated_at": document.updated_at.isoformat(),
        "target_group": list(document.target_groups),
        "adoption_count": document.adoption_count,
    }
    for name in ("kind", "stage", "organisation", "county", "category"):
        value = getattr(document, name)
        if value:
            source[name] = value
    return source


def bulk_index_operations(
    documents: Iterable[SearchDocument], *, op_type: str = "index"
) -> list[dict[str, Any]]:
    """Bulk API lines that add or replace (``index``) the documents by key, or add them only
    where no document with that key exists yet (``create``)."""
    operations: list[dict[str, Any]] = []
    for document in documents:
        operations.append({op_type: {"_id": document.key}})
        operations.append(document_source(document))
    return operations


def bulk_delete_operations(doc_type: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    return [{"delete": {"_id": f"{doc_type}:{pk}"}} for pk in ids]


#: A rebuild's `create` that finds the document already written by a live change: the
#: live version is newer and stays.
CONFLICT = "version_conflict_engine_exception"
#: A write to the incoming alias after the rebuild moved it: the main alias has it now.
MOVED = "index_not_found_exception"


def bulk_errors(response: dict[str, Any], *, tolerate: frozenset[str] = frozenset()) -> list[str]:
    """What went wrong in a bulk response, one line per failed item. Deleting a document that
    is not there is not an error, nor is an error whose type is in `tolerate`."""
    if not response.get("errors"):
        return []
    failures = []
    for item in response.get("items", []):
        ((operation, result),) = item.items()
        status = result.get("status", 500)
        if 200 <= status < 300 or (operation == "delete" and status == 404):
            continue
        error = result.get("error") or {}
        if isinstance(error, dict) and error.get("type") in tolerate:
            continue
        reason = error.get("reason", "") if isinstance(error, dict) else str(error)
        failures.append(f"{operation} {result.get('_id')}: {status} {reason}".strip())
    return failures


# --- The index alias -------------------------------------------------------------------------
#
# Searches and writes use `alias`. While a rebuild fills its new index, that index also
# carries `<alias>-incoming`, and every live write goes to it as well as to `alias`; the
# rebuild's own writes are `create`s, so a change made meanwhile (an edit, a visibility
# change) is never overwritten by the older copy the rebuild read before it. The swap moves
# `alias` to the new index and drops `-incoming` in one request.


def new_index_name(alias: str, now: datetime.datetime) -> str:
    """A concrete index behind `alias`, named by its creation time (UTC, to the microsecond)."""
    return f"{alias}-{now.astimezone(datetime.UTC):%Y%m%d%H%M%S%f}"


def incoming_alias(alias: str) -> str:
    """The alias of the index a rebuild is filling."""
    return f"{alias}-incoming"


def incoming_actions(alias: str, new_index: str, stale: Sequence[str]) -> list[dict[str, Any]]:
    """Point `<alias>-incoming` at the index being built (and away from any index a crashed
    rebuild left it on), so live writes reach the new index from now on."""
    incoming = incoming_alias(alias)
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": incoming}} for i in stale]
    actions.append({"add": {"index": new_index, "alias": incoming}})
    return actions


def alias_swap_actions(
    alias: str, new_index: str, old_indices: Sequence[str], *, alias_is_index: bool = False
) -> list[dict[str, Any]]:
    """One `_aliases` request that moves `alias` to `new_index` atomically: searches see the
    old index until the request, the new one after it, never none; `-incoming` goes too.

    `alias_is_index`: a concrete index holds the alias's name (Elasticsearch auto-created it
    when something wrote to the name before any alias existed); it is removed in the same
    request, which is the only way to put an alias in its place.
    """
    actions: list[dict[str, Any]] = [
        {"add": {"index": new_index, "alias": alias}},
        {"remove": {"index": new_index, "alias": incoming_alias(alias)}},
    ]
    actions += [{"remove": {"index": old, "alias": alias}} for old in old_indices]
    if alias_is_index:
        actions.append({"remove_index": {"index": alias}})
    return actions


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

"""What the Elasticsearch backend sends about the index, built as plain data: the
analysis (settings, analyzers), the mapping, the documents, bulk operations and the alias
swap. Every function is pure, so tests check the bodies as data without a cluster
(tests/search/test_elastic_index.py); `search.backends.elastic` only sends them. The
queries and the reading of answers are in `search.backends.elastic_queries`.

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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

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
    SearchDocument,
)
from search.text import STOP_WORDS

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

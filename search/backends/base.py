"""The one search interface every backend implements.

Documents are flat, already-rendered records built from the domain objects by
`search.documents`; backends never import ideas or prototypes. Visibility is carried
by each document's `access` tokens and each query's `access` tokens: a document matches
a query only if the two share at least one token. Tokens are

- ``"public"``            anyone, signed in or not;
- ``"org:<id>"``          members of organisation <id>;
- ``"user:<id>"``         that one user (the author of a draft).

`search.documents.access_for(obj)` computes a document's tokens from the same rules as
`Idea.objects.visible_to` and `prototypes.selectors`; `search.documents.tokens_for(user)`
computes a user's. Hits, totals, facet counts, suggestions and similar items are all
restricted by the query's tokens inside the engine, never filtered afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Document types, in the order the search page lists them.
DOC_TYPES = ("idea", "prototype", "round", "finding", "fact")

#: Facet fields. Each document carries zero or more values per facet.
FACETS = ("type", "kind", "stage", "organisation", "county", "category", "target_group")


@dataclass(frozen=True)
class SearchDocument:
    """What a backend indexes: one idea, prototype, test round, finding or fact sheet."""

    type: str  # one of DOC_TYPES
    id: int  # primary key of the object within its type
    idea_id: int  # the idea it belongs to (its own id for an idea; 0 for a fact sheet)
    title: str  # highest boost
    summary: str  # second boost
    body: str  # everything else: Markdown body as text, evidence, results, lessons, tasks…
    url: str  # the page a hit links to
    access: tuple[str, ...]  # visibility tokens, see module docstring
    created_at: datetime.datetime
    updated_at: datetime.datetime
    # Facet values (slugs/codes, not labels); `type` is implied by `type` above.
    kind: str = ""  # idea kind: service_concept / activity ("" when not applicable)
    stage: str = ""
    organisation: str = ""  # owning organisation slug
    organisation_name: str = ""  # indexed as text too, so "Krokom" finds Krokom's ideas
    county: str = ""  # two-digit länskod of the owning organisation
    category: str = ""
    target_groups: tuple[str, ...] = ()  # target group slugs
    tags: tuple[str, ...] = ()  # tag names (indexed as text, medium boost)
    adoption_count: int = 0

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass
class SearchQuery:
    q: str = ""  # user's query: words, "phrases", OR, -excluded
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> accepted values
    access: tuple[str, ...] = ("public",)
    page: int = 1
    page_size: int = 20
    ordering: str = "relevance"  # "relevance" | "newest" | "updated" | "adoptions"
    # The thesaurus to apply (search.thesaurus.Thesaurus; the service passes the current one).
    thesaurus: Any = None


@dataclass
class Hit:
    type: str
    id: int
    idea_id: int
    title: str
    snippet: str  # HTML-safe: escaped text with <mark>…</mark> around matches only
    url: str
    score: float
    organisation: str = ""
    stage: str = ""
    kind: str = ""
    created_at: datetime.datetime | None = None
    # Filled by search.services (the name as the database has it now), not by the engines.
    organisation_name: str = ""


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Expanded:
    """A word or words the person typed, and the thesaurus terms searched with them."""

    typed: str
    official: str  # the group's official term
    terms: list[str]  # the group's other Swedish terms


@dataclass
class QueryNotes:
    """What search did with the query, for the page and the API to say."""

    did_you_mean: str = ""  # the query with its typos corrected, when a correction was used
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> correction
    expanded: list[Expanded] = field(default_factory=list)
    relaxed: bool = False  # no document matched every word: these match most of them
    english: bool = False  # English words found Swedish content through the thesaurus
    related: list[str] = field(default_factory=list)  # broader/narrower terms to try


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # every name in FACETS, counts under the query's access
    notes: QueryNotes = field(default_factory=QueryNotes)


class SearchBackend(Protocol):
    """Implemented by search.backends.database.DatabaseBackend (SQLite FTS5 or
    PostgreSQL, picked by the connection vendor) and search.backends.elastic.ElasticsearchBackend."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by type + id)."""

    def remove(self, doc_type: str, ids: Sequence[int]) -> None:
        """Remove documents; unknown ids are ignored."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def similar(
        self, document: SearchDocument, access: Sequence[str], *, limit: int = 5
    ) -> list[Hit]:
        """Ideas like `document` (by title, summary, body), excluding the document itself."""

    def suggest(self, prefix: str, access: Sequence[str], *, limit: int = 8) -> list[Hit]:
        """Titles starting with, or containing a word starting with, `prefix`."""

    def clear(self) -> None:
        """Remove every document (used by search_reindex and tests)."""

    def count(self) -> int:
        """Number of indexed documents (all access levels)."""

    def rebuild(
        self, documents: Iterable[SearchDocument], *, total: int | None = None, progress: Any = None
    ) -> int:
        """Replace the whole index with `documents`; return how many were indexed.
        The Elasticsearch backend builds a new index and swaps the alias."""

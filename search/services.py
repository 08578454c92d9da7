"""Search: the one code path for the API, the pages, the reindex command and the tests.

Reads (`search_query`, `search_similar`, `search_suggest`) carry the caller's access tokens
into the engine. Writes (`index_now`, `index_objects`, `reindex_all`) turn domain objects
into documents. A write of the site never indexes in its request: it queues the documents it
changed, and search.indexing indexes them after the commit (why and how: that module).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import Organisation
from ideas.models import Idea
from search import documents, thesaurus
from search.backends.base import DOC_TYPES, FACETS, Hit, SearchBackend, SearchQuery, SearchResult

if TYPE_CHECKING:
    from hub.auth import Viewer


logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 500
PAGE_SIZE = 20

_backends: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend named by settings.SEARCH_BACKEND, created once per process."""
    path = settings.SEARCH_BACKEND
    if path not in _backends:
        _backends[path] = import_string(path)()
    return _backends[path]


# --- Reading ----------------------------------------------------------------------------


def search_query(
    *,
    user: Viewer,
    q: str = "",
    filters: Mapping[str, Iterable[str]] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    ordering: str = "relevance",
) -> SearchResult:
    """Search everything the user may open: hits, total and facet counts."""
    cleaned = {
        name: [str(v)[:100] for v in values if str(v).strip()]
        for name, values in (filters or {}).items()
        if name in FACETS
    }
    query = SearchQuery(
        q=(q or "")[:MAX_QUERY_LENGTH],
        filters={name: values for name, values in cleaned.items() if values},
        access=documents.tokens_for(user),
        page=max(1, page),
        page_size=page_size,
        ordering=ordering,
        thesaurus=thesaurus.current(),
    )
    result = get_backend().search(query)
    _with_organisation_names(result.hits)
    return result


def _with_organisation_names(hits: list[Hit]) -> list[Hit]:
    """Each hit with its organisation's name as it is now (one query): a list of similar
    ideas says which municipality works on each."""
    slugs = {hit.organisation for hit in hits if hit.organisation}
    names = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "name"))
    for hit in hits:
        hit.organisation_name = names.get(hit.organisation, "")
    return hits


def search_similar(*, user: Viewer, idea: Idea, limit: int = 5) -> list[Hit]:
    """Ideas like this one that the user may see, other organisations first."""
    return _with_organisation_names(
        get_backend().similar(
            documents.idea_document(idea), documents.tokens_for(user), limit=limit
        )
    )


def search_similar_text(
    *, user: Viewer, title: str, summary: str = "", organisation: str = "", limit: int = 5
) -> list[Hit]:
    """Ideas like one being written (the create form's hint), other organisations first."""
    now = timezone.now()
    draft = documents.SearchDocument(
        type="idea",
        id=0,
        idea_id=0,
        title=(title or "")[:MAX_QUERY_LENGTH],
        summary=(summary or "")[:MAX_QUERY_LENGTH],
        body="",
        url="",
        access=(),
        created_at=now,
        updated_at=now,
        organisation=organisation,
    )
    return _with_organisation_names(
        get_backend().similar(draft, documents.tokens_for(user), limit=limit)
    )


def search_suggest(*, user: Viewer, q: str, limit: int = 8) -> list[Hit]:
    """Titles the user may open that start with `q` or have a word that does."""
    return _with_organisation_names(
        get_backend().suggest((q or "")[:100], documents.tokens_for(user), limit=limit)
    )


# --- Writing ----------------------------------------------------------------------------


def index_now(keys: Mapping[str, Iterable[int]]) -> None:
    """(Re)index the given objects by type and id at once, removing those that no longer
    exist. Raises when the engine fails."""
    backend = get_backend()
    for doc_type in DOC_TYPES:
        ids = sorted(set(keys.get(doc_type, ())))
        if not ids:
            continue
        docs, missing = documents.documents_for(doc_type, ids)
        if docs:
            backend.index(docs)
        if missing:
            backend.remove(doc_type, missing)


def index_objects(keys: Mapping[str, Iterable[int]]) -> bool:
    """(Re)index the given objects at once; returns whether it worked.

    Never raises: a failure is logged and the documents wait in the queue (search.indexing).
    Writes do not call this; they queue their documents with `indexing.index_on_commit`.
    """
    from search import indexing

    keys = {doc_type: list(ids) for doc_type, ids in keys.items() if ids}
    try:
        index_now(keys)
    except Exception as error:
        logger.exception("Search indexing failed for %s; queued for the next drain", keys)
        try:
            indexing.queue_documents(keys, error=repr(error)[:2000])
        except Exception:  # the database itself failing: search_reindex will still catch up
            logger.exception("Could not queue documents to be indexed")
        return False
    return True


def reindex_all(*, progress: Any = None) -> int:
    """Rebuild the whole index from the database; returns how many documents were indexed.
    Clears the queue of documents waiting to be indexed, as far as the rebuild covered it."""
    from search.models import DirtyDocument

    # The queued documents that have committed now are covered by the rebuild, which reads
    # every document after this; rows that commit later stay for the next drain.
    covered = list(DirtyDocument.objects.values_list("pk", flat=True))
    total = documents.count_all()
    if progress is not None and hasattr(progress, "total"):
        progress.total = total
    done = get_backend().rebuild(documents.all_documents(), total=total, progress=progress)
    for start in range(0, len(covered), 500):
        DirtyDocument.objects.filter(pk__in=covered[start : start + 500]).delete()
    return done

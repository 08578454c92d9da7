"""Search: the one code path for the API, the pages, the reindex command and the tests.

Reads (`search_query`, `search_similar`, `search_suggest`) carry the caller's access tokens
into the engine. Writes (`index_objects`, `reindex_all`) turn domain objects into documents;
an indexing failure is logged and remembered in the dirty table, never raised into the
write that caused it, and retried after the next successful indexing or by `search_reindex`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from ideas.models import Idea
from search import documents, thesaurus
from search.backends.base import DOC_TYPES, FACETS, Hit, SearchBackend, SearchQuery, SearchResult

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 500
PAGE_SIZE = 20

_backends: dict[str, SearchBackend] = {}
_local = threading.local()


def get_backend() -> SearchBackend:
    """The backend named by settings.SEARCH_BACKEND, created once per process."""
    path = settings.SEARCH_BACKEND
    if path not in _backends:
        _backends[path] = import_string(path)()
    return _backends[path]


# --- Reading ----------------------------------------------------------------------------


def search_query(
    *,
    user: Any,
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
    return get_backend().search(query)


def search_similar(*, user: Any, idea: Idea, limit: int = 5) -> list[Hit]:
    """Ideas like this one that the user may see, other organisations first."""
    return get_backend().similar(
        documents.idea_document(idea), documents.tokens_for(user), limit=limit
    )


def search_similar_text(
    *, user: Any, title: str, summary: str = "", organisation: str = "", limit: int = 5
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
    return get_backend().similar(draft, documents.tokens_for(user), limit=limit)


def search_suggest(*, user: Any, q: str, limit: int = 8) -> list[Hit]:
    """Titles the user may open that start with `q` or have a word that does."""
    return get_backend().suggest((q or "")[:100], documents.tokens_for(user), limit=limit)


# --- Writing ----------------------------------------------------------------------------


def _mark_dirty(keys: Mapping[str, Iterable[int]], error: Exception) -> None:
    from search.models import DirtyDocument

    try:
        for doc_type, ids in keys.items():
            for obj_id in ids:
                DirtyDocument.objects.update_or_create(
                    doc_type=doc_type, obj_id=obj_id, defaults={"error": repr(error)[:2000]}
                )
    except Exception:  # the database itself failing: search_reindex will still catch up
        logger.exception("Could not record documents waiting to be indexed")


def _index_keys(keys: Mapping[str, Iterable[int]]) -> None:
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


def index_objects(keys: Mapping[str, Iterable[int]], *, retry_dirty: bool = True) -> bool:
    """(Re)index the given objects by type and id, removing those that no longer exist.

    Never raises: a failure is logged and the documents wait in the dirty table. Returns
    whether indexing succeeded; after a success, earlier failures are retried.
    """
    keys = {doc_type: list(ids) for doc_type, ids in keys.items() if ids}
    try:
        _index_keys(keys)
    except Exception as error:
        logger.exception("Search indexing failed for %s; search_reindex will catch up", keys)
        _mark_dirty(keys, error)
        return False
    if retry_dirty:
        retry_dirty_documents()
    return True


def retry_dirty_documents() -> int:
    """Index the documents whose indexing failed before; returns how many were caught up."""
    from search.models import DirtyDocument

    try:
        rows = list(DirtyDocument.objects.order_by("id")[:1000])
        if not rows:
            return 0
        keys: dict[str, list[int]] = {}
        for row in rows:
            keys.setdefault(row.doc_type, []).append(row.obj_id)
        _index_keys(keys)
        DirtyDocument.objects.filter(
            pk__in=[r.pk for r in rows], failed_at__lte=max(r.failed_at for r in rows)
        ).delete()
        return len(rows)
    except Exception:
        logger.exception("Retrying documents waiting to be indexed failed")
        return 0


def _flush() -> None:
    pending: dict[str, set[int]] = getattr(_local, "pending", {})
    _local.pending = {}
    if pending:
        index_objects(pending)


def index_on_commit(keys: Mapping[str, Iterable[int]]) -> None:
    """Index the objects once the current transaction commits (at once without one).

    Keys gathered during one transaction are indexed together, once each.
    """
    pending: dict[str, set[int]] = getattr(_local, "pending", None) or {}
    for doc_type, ids in keys.items():
        pending.setdefault(doc_type, set()).update(ids)
    _local.pending = pending
    # Every write registers the flush; the first one after commit does the work. Keys left
    # by a rolled-back transaction are indexed with the next flush: indexing reads the
    # database, so they come out right (or are removed) anyway.
    transaction.on_commit(_flush)


def reindex_all(*, progress: Any = None) -> int:
    """Rebuild the whole index from the database; returns how many documents were indexed."""
    from search.models import DirtyDocument

    started = timezone.now()
    total = documents.count_all()
    if progress is not None and hasattr(progress, "total"):
        progress.total = total
    done = get_backend().rebuild(documents.all_documents(), total=total, progress=progress)
    DirtyDocument.objects.filter(failed_at__lte=started).delete()
    return done

"""Errors a search backend raises for its callers to handle.

Kept apart from `base.py` so that code catching them (the search services, the API's
exception handler) does not import any engine's client library.
"""

from __future__ import annotations


class SearchUnavailable(Exception):
    """The search engine could not be reached or refused the request.

    Raised by index(), remove(), search(), similar(), suggest(), count(), clear() and
    rebuild() of a backend that talks to a separate engine (Elasticsearch). The write
    that caused an indexing call has already been committed: the caller logs the error
    and leaves the document for `search_reindex` to catch up; a search answers 503.
    """

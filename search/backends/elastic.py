"""The Elasticsearch backend: sends what `search.backends.elastic_queries` builds.

Searches and writes go to an alias (settings.ELASTICSEARCH_INDEX_PREFIX, "delahub" by
default), never to a concrete index. `rebuild()` fills a new index
``<alias>-<UTC timestamp>`` while searches keep reading the old one, moves the alias in one
atomic `_aliases` request, then deletes the old index: no moment without an index. Changes
made while a rebuild runs reach the new index too (see `elastic_queries`). Writes use
``require_alias``, so a write can never auto-create a concrete index with guessed mappings
where the alias should be.

Every engine failure (unreachable, timed out, refused, partly failed bulk) is raised as
`search.backends.errors.SearchUnavailable`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from search import text, understand
from search.backends import elastic_index as index_ops
from search.backends import elastic_queries as queries
from search.backends import elastic_reading as reading
from search.backends.base import Hit, SearchDocument, SearchQuery, SearchResult
from search.backends.errors import SearchUnavailable
from search.thesaurus import EMPTY

BULK_CHUNK = 500
#: A search page must not hang on a sick cluster: fail fast, the caller answers 503.
DEFAULT_TIMEOUT = 5.0


def _refresh_value(refresh: bool | str) -> str:
    if isinstance(refresh, bool):
        return "true" if refresh else "false"
    if refresh not in ("true", "false", "wait_for"):
        raise ValueError(f"refresh must be true, false or wait_for, not {refresh!r}")
    return refresh


def _error_type(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return str(error.get("type", "")) if isinstance(error, dict) else ""


@contextmanager
def _engine(action: str) -> Iterator[None]:
    try:
        yield
    except (ApiError, TransportError) as exc:
        raise SearchUnavailable(f"Elasticsearch {action} failed: {exc}") from exc


def _report(progress: Any, done: int) -> None:
    """Tell a progress bar (tqdm-like `update(n)`) or a callable(n) about `done` more."""
    if progress is None or not done:
        return
    update = getattr(progress, "update", None)
    (update if callable(update) else progress)(done)


def _chunks(items: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _marked(term: text.Term, restore: set[str], known: set[str]) -> text.Term:
    """A typed word marked with what the index said of it (see search.text.Term)."""
    if not term.typed or term.phrase or term.every:
        return term
    word = term.words[0]
    if word in restore:
        return replace(term, restore=True)
    if word in known:
        return replace(term, known=True)
    return term


class ElasticsearchBackend:
    """SearchBackend on an Elasticsearch 8 cluster (see the module docstring)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        alias: str | None = None,
        refresh: bool | str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        now: Callable[[], datetime.datetime] | None = None,
    ) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        if not self.url:
            raise ValueError("ElasticsearchBackend needs a URL: set ELASTICSEARCH_URL.")
        self.alias = alias or settings.ELASTICSEARCH_INDEX_PREFIX
        self.incoming = index_ops.incoming_alias(self.alias)
        self.refresh = _refresh_value(
            refresh if refresh is not None else settings.ELASTICSEARCH_REFRESH
        )
        self.client = Elasticsearch(
            self.url, request_timeout=timeout, max_retries=1, retry_on_timeout=False
        )
        self._now = now or (lambda: datetime.datetime.now(datetime.UTC))
        self._ready = False

    # --- the index and its alias ----------------------------------------------------------

    def _create_index(self, name: str, *, with_alias: bool = False) -> None:
        body = index_ops.index_body(name)
        if with_alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)

    def ensure_index(self) -> None:
        """Create the alias and a first index behind it if the cluster has neither (a new
        cluster before its first `search_reindex`)."""
        if self._ready:
            return
        with _engine("index check"):
            if not self.client.indices.exists(index=self.alias):
                try:
                    # A fixed name, so two processes starting at once create one index.
                    self._create_index(f"{self.alias}-initial", with_alias=True)
                except ApiError as exc:
                    if _error_type(exc) != "resource_already_exists_exception":
                        raise
        self._ready = True

    def _holders(self, alias: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except NotFoundError:
            return []

    def alias_indices(self) -> list[str]:
        """The concrete indices the alias points to now (normally one)."""
        with _engine("alias lookup"):
            return self._holders(self.alias)

    def _alias_is_index(self) -> bool:
        return bool(self.client.indices.exists(index=self.alias)) and not bool(
            self.client.indices.exists_alias(name=self.alias)
        )

    # --- writes ---------------------------------------------------------------------------

    def _bulk(
        self,
        operations: list[dict[str, Any]],
        *,
        index: str,
        refresh: str,
        tolerate: frozenset[str] = frozenset(),
    ) -> None:
        # Writes through an alias require it to be one: a missing alias is an error, never an
        # index auto-created under its name with guessed mappings.
        response = self.client.bulk(
            operations=operations,
            index=index,
            refresh=refresh,
            require_alias=index in (self.alias, self.incoming),
        )
        failures = index_ops.bulk_errors(response.body, tolerate=tolerate)
        if failures:
            more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
            raise SearchUnavailable(
                f"Elasticsearch refused {len(failures)} of {len(response.body['items'])} "
                f"operations: {'; '.join(failures[:3])}{more}"
            )

    def _write(self, operations: list[dict[str, Any]]) -> None:
        """Send live changes to the alias, and first to the index a rebuild is filling, if
        one is: whenever the swap happens between the two, the change is in the new index."""
        if self.client.indices.exists_alias(name=self.incoming):
            self._bulk(
                operations,
                index=self.incoming,
                refresh=self.refresh,
                tolerate=frozenset({index_ops.MOVED}),
            )
        self._bulk(operations, index=self.alias, refresh=self.refresh)

    def index(self, documents: Iterable[SearchDocument]) -> None:
        self.ensure_index()
        with _engine("indexing"):
            for chunk in _chunks(documents, BULK_CHUNK):
                self._write(index_ops.bulk_index_operations(chunk))

    def remove(self, doc_type: str, ids: Sequence[int]) -> None:
        if not ids:
            return
        self.ensure_index()
        with _engine("removal"):
            for start in range(0, len(ids), BULK_CHUNK):
                self._write(
                    index_ops.bulk_delete_operations(doc_type, ids[start : start + BULK_CHUNK])
                )

    def rebuild(
        self, documents: Iterable[SearchDocument], *, total: int | None = None, progress: Any = None
    ) -> int:
        """Index `documents` into a new index, then swap the alias to it and delete the old
        one. Until the swap, searches use the old index, and live writes go to both (see
        elastic_queries on `-incoming`); if anything fails the new index is deleted and the
        old one stays in service."""
        name = index_ops.new_index_name(self.alias, self._now())
        count = 0
        with _engine("rebuild"):
            self._create_index(name)
            try:
                stale = self._holders(self.incoming)
                self.client.indices.update_aliases(
                    actions=index_ops.incoming_actions(self.alias, name, stale)
                )
                for chunk in _chunks(documents, BULK_CHUNK):
                    self._bulk(
                        index_ops.bulk_index_operations(chunk, op_type="create"),
                        index=name,
                        refresh="false",
                        tolerate=frozenset({index_ops.CONFLICT}),
                    )
                    count += len(chunk)
                    _report(progress, len(chunk))
                self.client.indices.refresh(index=name)
                old = self._holders(self.alias)
                actions = index_ops.alias_swap_actions(
                    self.alias, name, old, alias_is_index=self._alias_is_index()
                )
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                self._discard(name)
                raise
            # The old index, and any a crashed rebuild left behind.
            for index in sorted(set(old) | set(stale) - {name}):
                self.client.indices.delete(index=index, ignore_unavailable=True)
        self._ready = True
        return count

    def _discard(self, name: str) -> None:
        """Delete a half-built index; a failure here must not hide the one that got us here."""
        try:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        except (ApiError, TransportError):
            pass

    def clear(self) -> None:
        """An empty index swapped in like any rebuild."""
        self.rebuild([])

    # --- reads ----------------------------------------------------------------------------

    def _search(self, body: dict[str, Any], action: str) -> dict[str, Any]:
        self.ensure_index()
        with _engine(action):
            return self.client.search(index=self.alias, body=body).body

    def _msearch(self, bodies: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
        if not bodies:
            return []
        self.ensure_index()
        lines: list[dict[str, Any]] = []
        for body in bodies:
            lines += [{}, body]
        with _engine(action):
            answers = self.client.msearch(index=self.alias, searches=lines).body["responses"]
        for answer in answers:
            if "error" in answer:
                raise SearchUnavailable(f"Elasticsearch {action} failed: {answer['error']}")
        return list(answers)

    def _understand(self, query: SearchQuery) -> understand.Understood:
        """The query as search.understand reads it (thesaurus, question, corrections), with
        the engine asked what only the index knows: whether a word typed without diacritics
        is a word of its own, and what a word that finds nothing visible was meant as."""
        thesaurus = query.thesaurus or EMPTY
        understood = understand.understand(query.q, thesaurus)
        typed = [
            clause.terms[0].words[0]
            for clause in understood.parsed.positive
            if len(clause.terms) == 1
            and clause.terms[0].typed
            and not clause.terms[0].phrase
            and not clause.terms[0].every
        ]
        if not typed:
            return understood
        answers = self._msearch(
            [b for w in typed for b in reading.word_probe_bodies(w, query.access)], "probe"
        )
        restore: set[str] = set()
        known: set[str] = set()
        nothing: list[str] = []
        for i, word in enumerate(typed):
            found, written, folds = (reading.total_of(a) for a in answers[3 * i : 3 * i + 3])
            if not text.has_diacritics(word):
                if folds and not written:
                    restore.add(word)
                elif written:
                    known.add(word)
            if not found and word not in restore:
                nothing.append(word)
        if restore or known:
            understood.parsed = text.ParsedQuery(
                [
                    text.Clause(
                        tuple(_marked(t, restore, known) for t in c.terms), negative=c.negative
                    )
                    for c in understood.parsed.clauses
                ],
                question=understood.parsed.question,
            )
        corrections: dict[str, str] = {}
        for word in nothing:
            response = self._search(reading.correction_suggest_body(word), "suggest")
            candidates = reading.parse_correction_candidates(response)
            candidates += [w for w in thesaurus.single_words if abs(len(w) - len(word)) <= 2]
            for candidate in understand.best_corrections(word, candidates)[:5]:
                trial = understand.apply_thesaurus(
                    text.ParsedQuery([text.Clause((text.Term((candidate,)),))]), thesaurus
                )
                body = reading.count_body(trial.parsed, query.access)
                if reading.total_of(self._search(body, "correction")):
                    corrections[word] = candidate
                    break
        if corrections:
            understood = understand.with_corrections(understood, corrections)
            corrected = understand.apply_thesaurus(understood.parsed, thesaurus)
            understood.parsed = corrected.parsed
            understood.expansions += corrected.expansions
        return understood

    def search(self, query: SearchQuery) -> SearchResult:
        understood = self._understand(query)
        n = understood.clause_count
        needed = understood.min_should_match(all_failed=False)
        answer = self._search(
            queries.search_body(
                query, understood.parsed, min_should_match=needed if needed < n else None
            ),
            "search",
        )
        if reading.total_of(answer) == 0 and understood.min_should_match(all_failed=True) < needed:
            needed = understood.min_should_match(all_failed=True)
            answer = self._search(
                queries.search_body(query, understood.parsed, min_should_match=needed), "search"
            )
        result = reading.parse_search(answer)
        full = reading.full_matches(answer)
        relaxed = full is not None and full < result.count
        result.notes = understand.notes_for(
            query.q, understood, query.thesaurus or EMPTY, relaxed=relaxed, count=result.count
        )
        return result

    def similar(
        self, document: SearchDocument, access: Sequence[str], *, limit: int = 5
    ) -> list[Hit]:
        if limit <= 0 or not (document.title or document.summary or document.body).strip():
            return []
        body = reading.similar_body(document, access, limit=limit)
        return reading.parse_similar(
            self._search(body, "similar"), document.organisation, limit=limit
        )

    def suggest(self, prefix: str, access: Sequence[str], *, limit: int = 8) -> list[Hit]:
        if limit <= 0 or not prefix.strip():
            return []
        body = reading.suggest_body(prefix.strip(), access, limit=limit)
        return reading.parse_suggest(self._search(body, "suggest"))

    def count(self) -> int:
        self.ensure_index()
        with _engine("count"):
            return int(self.client.count(index=self.alias).body["count"])

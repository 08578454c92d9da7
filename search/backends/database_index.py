"""The writing half of the database search engine (search.backends.database reads).

A batch of documents is written in one transaction of the project's own database: their rows
in search_document (a changed document keeps its id, so the columnar arrays stay dense),
their access tokens and target groups, the columnar postings (search.backends.columnar) and
what only the database has (search.backends.sql_<vendor>: SQLite's FTS5 tables). Writers
queue behind the database's write lock (SQLite's one writer; PostgreSQL's advisory lock).
"""

# SQL here is assembled from constant fragments and placeholders only; every value travels
# as a query parameter, never in the SQL text.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search.backends import columnar, sql_postgresql, sql_sqlite
from search.backends import columnar_read as reading
from search.backends.base import (
    SearchDocument,
)
from search.backends.matching import run

BATCH_SIZE = 500
SIMILAR_TERMS = 12
SIMILAR_MIN_SHARE = 0.2  # similar ideas score at least this share of the best one

ORDERINGS = ("relevance", "newest", "updated", "adoptions")
SQL_MODULES: dict[str, Any] = {
    sql_sqlite.VENDOR: sql_sqlite,
    sql_postgresql.VENDOR: sql_postgresql,
}
HIT_COLUMNS = (
    "id, doc_type, obj_id, idea_id, title, summary, meta, body, url, organisation, stage, kind, "
    "created_at"
)
DOC_COLUMNS = (
    "doc_type",
    "obj_id",
    "idea_id",
    "title",
    "summary",
    "meta",
    "body",
    "folded",
    "url",
    "created_at",
    "updated_at",
    "kind",
    "stage",
    "organisation",
    "organisation_name",
    "county",
    "category",
    "adoption_count",
)


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _meta(doc: SearchDocument) -> str:
    return "\n".join(part for part in (" ".join(doc.tags), doc.organisation_name) if part)


def _progress(progress: Any, n: int) -> None:
    if progress is None:
        return
    if hasattr(progress, "update"):
        progress.update(n)
    else:
        progress(n)


class DatabaseIndex:
    """Writes of the database engine, on whichever database the connection has."""

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self._reader = reading.Reader()

    # --- helpers ------------------------------------------------------------------------

    @property
    def connection(self) -> Any:
        return connections[self.using]

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    @property
    def sql(self) -> Any:
        """The SQL only this database has, as data (search.backends.sql_<vendor>)."""
        return SQL_MODULES[self.vendor]

    def _dt_in(self, value: datetime.datetime) -> Any:
        return self.connection.ops.adapt_datetimefield_value(value)

    def _dt_out(self, value: Any) -> datetime.datetime | None:
        if value is None:
            return None
        parsed = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
        if parsed is not None and timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed

    # --- writing ------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by type + id)."""
        batch: list[SearchDocument] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                self._index_batch(batch)
                batch = []
        if batch:
            self._index_batch(batch)

    def _ids_of(self, cursor: Any, keys: dict[str, list[int]]) -> list[int]:
        ids: list[int] = []
        for doc_type, obj_ids in keys.items():
            if not obj_ids:
                continue
            cursor.execute(
                "SELECT id FROM search_document WHERE doc_type = %s AND obj_id IN "
                f"({_placeholders(len(obj_ids))})",
                [doc_type, *obj_ids],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids

    def _ids_by_key(self, cursor: Any, keys: dict[str, list[int]]) -> dict[str, int]:
        found: dict[str, int] = {}
        for doc_type, obj_ids in keys.items():
            for start in range(0, len(obj_ids), BATCH_SIZE):
                part = obj_ids[start : start + BATCH_SIZE]
                cursor.execute(
                    "SELECT obj_id, id FROM search_document WHERE doc_type = %s AND obj_id IN "
                    f"({_placeholders(len(part))})",
                    [doc_type, *part],
                )
                found.update((f"{doc_type}:{obj_id}", int(pk)) for obj_id, pk in cursor.fetchall())
        return found

    def _delete_ids(self, cursor: Any, ids: list[int]) -> None:
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            marks = _placeholders(len(chunk))
            columnar.remove(cursor, chunk)
            run(cursor, self.sql.forget_texts(chunk))
            cursor.execute(f"DELETE FROM search_access WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_target_group WHERE document_id IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_document WHERE id IN ({marks})", chunk)

    def _lock_for_writing(self, cursor: Any) -> None:
        run(cursor, self.sql.write_lock())

    def _new_ids(self, cursor: Any, n: int) -> list[int]:
        # Under the write lock (SQLite: its one writer; PostgreSQL: WRITE_LOCK), so nobody
        # else takes these ids. Dense ids keep the columnar arrays small.
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + n))

    def _index_batch(self, docs: list[SearchDocument]) -> None:
        unique = {doc.key: doc for doc in docs}
        docs = list(unique.values())
        keys: dict[str, list[int]] = {}
        for doc in docs:
            keys.setdefault(doc.type, []).append(doc.id)
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._lock_for_writing(cursor)
            existing = self._ids_by_key(cursor, keys)
            # A changed document keeps its id (its slot in the columnar arrays); new ones are
            # numbered before the changed ones' rows go, so none takes a kept id.
            fresh = iter(self._new_ids(cursor, sum(1 for d in docs if d.key not in existing)))
            self._delete_ids(cursor, list(existing.values()))
            ids = [existing[d.key] if d.key in existing else next(fresh) for d in docs]
            rows: list[tuple[Any, ...]] = []
            texts: list[tuple[int, SearchDocument, str]] = []
            entries: list[columnar.Entry] = []
            access_rows: list[tuple[int, str]] = []
            group_rows: list[tuple[int, str]] = []
            for pk, doc in zip(ids, docs, strict=True):
                meta = _meta(doc)
                all_text = "\n".join((doc.title, doc.summary, meta, doc.body))
                folded = self.sql.folded_text(all_text)
                rows.append(
                    (
                        pk,
                        doc.type,
                        doc.id,
                        doc.idea_id,
                        doc.title,
                        doc.summary,
                        meta,
                        doc.body,
                        folded,
                        doc.url,
                        self._dt_in(doc.created_at),
                        self._dt_in(doc.updated_at),
                        doc.kind,
                        doc.stage,
                        doc.organisation,
                        doc.organisation_name,
                        doc.county,
                        doc.category,
                        doc.adoption_count,
                    )
                )
                texts.append((pk, doc, meta))
                entries.append(columnar.entry_of_document(pk, doc, meta))
                access_rows.extend((pk, token) for token in sorted(set(doc.access)))
                group_rows.extend((pk, value) for value in sorted(set(doc.target_groups)))
            cursor.executemany(
                f"INSERT INTO search_document (id, {', '.join(DOC_COLUMNS)}) "
                f"VALUES ({_placeholders(len(DOC_COLUMNS) + 1)})",
                rows,
            )
            for sql, text_rows in self.sql.text_rows(texts):
                cursor.executemany(sql, text_rows)
            columnar.add(cursor, entries)
            if access_rows:
                cursor.executemany(
                    "INSERT INTO search_access (document_id, token) VALUES (%s, %s)", access_rows
                )
            if group_rows:
                cursor.executemany(
                    "INSERT INTO search_target_group (document_id, value) VALUES (%s, %s)",
                    group_rows,
                )

    def remove(self, doc_type: str, ids: Sequence[int]) -> None:
        """Remove documents; unknown ids are ignored."""
        if not ids:
            return
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._lock_for_writing(cursor)
            self._delete_ids(cursor, self._ids_of(cursor, {doc_type: list(ids)}))

    def clear(self) -> None:
        """Remove every document."""
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._lock_for_writing(cursor)
            columnar.clear(cursor)
            run(cursor, self.sql.clear_texts())
            cursor.execute("DELETE FROM search_access")
            cursor.execute("DELETE FROM search_target_group")
            cursor.execute("DELETE FROM search_document")

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_document")
            return int(cursor.fetchone()[0])

    def rebuild(
        self, documents: Iterable[SearchDocument], *, total: int | None = None, progress: Any = None
    ) -> int:
        """Replace the whole index. Each batch commits on its own, so writers are never held up
        for the length of a rebuild; searches meanwhile see a partial index."""
        self.clear()
        done = 0
        batch: list[SearchDocument] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                self._index_batch(batch)
                done += len(batch)
                _progress(progress, len(batch))
                batch = []
        if batch:
            self._index_batch(batch)
            done += len(batch)
            _progress(progress, len(batch))
        with self.connection.cursor() as cursor:
            run(cursor, self.sql.after_rebuild())
        return done

    # --- matching -----------------------------------------------------------------------

    # --- reading ------------------------------------------------------------------------

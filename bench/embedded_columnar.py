"""bench/embedded_engines.py's columnar engine: the project's DatabaseBackend through Django
used as a library (a throwaway SQLite file, or the database of DATABASE_URL), and which of
its tables are the columnar store proper."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository root first: the script's own folder holds bench/search.py, which would
# otherwise shadow the `search` package.
sys.path.insert(0, str(ROOT))

from common import setup_django  # noqa: E402
from embedded_corpus import PAGE, Answer  # noqa: E402

from search.backends.base import SearchDocument  # noqa: E402

# --- Engine: the columnar store (the project's DatabaseBackend) -------------------------------


class Columnar:
    """search.backends.database.DatabaseBackend, through Django used as a library."""

    name = "columnar"

    def __init__(self, workdir: Path) -> None:
        setup_django(workdir, prefix="delahub-engines-", database="engines.sqlite3")
        from django.db import connection

        from search.backends.base import SearchQuery
        from search.backends.database import DatabaseBackend

        self.connection = connection
        self.vendor = connection.vendor
        self.backend = DatabaseBackend()
        self.query_class = SearchQuery

    def build(self, docs: Sequence[SearchDocument]) -> None:
        self.backend.rebuild(docs)

    def update(self, doc: SearchDocument) -> None:
        # What services.index_objects does after the change commits: one transaction of its
        # own (transaction.atomic in _index_batch), committed on return; the next search of
        # any process sees it.
        self.backend.index([doc])

    def search(self, q: str, filters: dict[str, list[str]], access: tuple[str, ...]) -> Answer:
        result = self.backend.search(
            self.query_class(q=q, filters=filters, access=access, page_size=PAGE)
        )
        return Answer(
            count=result.count,
            facets={
                name: {v.value: v.count for v in values} for name, values in result.facets.items()
            },
            top=[hit.id for hit in result.hits],
        )

    def prepare_writes(self) -> None:
        pass

    def size(self) -> dict[str, int]:
        """Bytes per table of the search app (SQLite: dbstat; PostgreSQL: total relation
        size, after VACUUM FULL so that the deletes of clear() do not count)."""
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
                )
                rows = cursor.fetchall()
                # Indexes are reported under their own names: fold them into their table.
                cursor.execute(
                    "SELECT name, tbl_name FROM sqlite_master WHERE tbl_name LIKE 'search%'"
                )
                owner = dict(cursor.fetchall())
                sizes: dict[str, int] = {}
                for name, size in rows:
                    table = owner.get(name, name)
                    sizes[table] = sizes.get(table, 0) + int(size)
                return sizes
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename LIKE 'search%%'"
            )
            tables = [t for (t,) in cursor.fetchall()]
        self.connection.set_autocommit(True)
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM FULL ANALYZE "{table}"')
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
                [tables],
            )
            return {name: int(size) for name, size in cursor.fetchall()}

    def close(self) -> None:
        pass


#: Which tables are the columnar store proper, and which the documents and FTS5 tables that
#: phrases, suggestions, similar ideas and hit rows need (both are the embedded engine today).
COLUMNAR_TABLES = (
    "search_posting",
    "search_chunk",
    "search_doc_terms",
    "search_term",
    "search_word_tri",
    "search_word_fold",
    "search_facet_code",
)

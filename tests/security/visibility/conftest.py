"""The matrix's world: built once for the whole package (not per module: building and
indexing it is most of the matrix's time) and committed, then removed after its last test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from ideas.models import Idea
from search.models import IndexedDocument
from tests.security.visibility.table import OBJECT_KEYS, SEARCHABLE_TYPES, TYPE_OF_KIND, kind_of
from tests.security.visibility.world import World, build


@pytest.fixture(scope="package")
def matrix_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, matrix_media: Path) -> None:
    # Overrides conftest's per-test media directory: the world's evidence files live as long
    # as the world does.
    settings.MEDIA_ROOT = matrix_media


@pytest.fixture(scope="package")
def world(django_db_setup: None, django_db_blocker: Any, matrix_media: Path) -> Iterator[World]:
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=matrix_media, PASSWORD_HASHERS=fast_hashing),
    ):
        assert not Idea.objects.exists(), "the matrix builds its world in a database without ideas"
        with transaction.atomic():
            built = build()
        # Committed: the index was filled by the signals' on-commit hooks, as in production.
        searchable = [k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] in SEARCHABLE_TYPES]
        assert IndexedDocument.objects.count() == len(searchable)
        try:
            yield built
        finally:
            built.remove()
            assert not IndexedDocument.objects.exists(), "the world's documents left the index"

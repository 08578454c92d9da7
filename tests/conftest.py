"""Shared fixtures: personas (owner, colleague, outsider, citizen, staff) and API clients.

`make test` runs the suite on SQLite and again on PostgreSQL + Redis; the
DELAHUB_EXPECT_* variables it sets make a wrong engine fail loudly instead of
passing on the embedded default.
"""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Iterator

import pytest
from channels.layers import channel_layers
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Membership, Organisation, User
from tests import factories

# `live_site`: a real Daphne with its own database, for browser and fuzz tests.
pytest_plugins = ["tests.live"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [f"delahub: database={db} channel_layer={layer} search={settings.SEARCH_BACKEND}"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _isolated_cache(settings) -> None:  # type: ignore[no-untyped-def]
    # Rate limits live in the cache: each test gets its own key prefix, so one test's
    # requests never count against another's (user ids repeat across tests), and nothing
    # is flushed under a Redis that other processes of the test share.
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    # Each test runs in an event loop of its own, as each Daphne process has a channel
    # layer of its own: the Redis layer keeps asyncio locks bound to the loop that made
    # them, so a layer is never carried from one test's loop into the next.
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True, scope="session")
def _index_in_the_committing_thread() -> Iterator[None]:
    # pytest-django's tests never commit (on-commit callbacks run only when a test captures
    # them) and a background thread could not see their data: the index is updated by the
    # same drain, in the test's own thread, right after a (captured) commit. For the whole
    # session, so that module-scoped data (the visibility matrix's world) is indexed so too.
    # Tests of the background thread turn it back on (tests/search/test_background_indexing.py);
    # the Daphne processes of tests/live.py and tests/servers.py run with the real setting.
    with override_settings(SEARCH_INDEX_IN_BACKGROUND=False):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    # PBKDF2's deliberate slowness protects real accounts; in tests it only costs minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def skelleftea(db: None) -> Organisation:
    return factories.organisation("skelleftea")


@pytest.fixture
def krokom(db: None) -> Organisation:
    return factories.organisation("krokom")


@pytest.fixture
def owner(skelleftea: Organisation) -> User:
    """A member (municipal developer) of Skellefteå kommun."""
    return factories.user(
        email="owner@skelleftea.example", organisation=skelleftea, display_name="Olga Owner"
    )


@pytest.fixture
def coordinator(skelleftea: Organisation) -> User:
    return factories.user(
        email="coordinator@skelleftea.example",
        organisation=skelleftea,
        role=Membership.Role.COORDINATOR,
    )


@pytest.fixture
def org_admin(skelleftea: Organisation) -> User:
    return factories.user(
        email="admin@skelleftea.example", organisation=skelleftea, role=Membership.Role.ADMIN
    )


@pytest.fixture
def colleague(skelleftea: Organisation) -> User:
    return factories.user(email="colleague@skelleftea.example", organisation=skelleftea)


@pytest.fixture
def outsider(krokom: Organisation) -> User:
    """A member of another municipality (Krokom)."""
    return factories.user(email="outsider@krokom.example", organisation=krokom)


@pytest.fixture
def citizen(db: None) -> User:
    return factories.user(email="citizen@example.org", display_name="Cecilia")


@pytest.fixture
def staff(db: None) -> User:
    return factories.user(email="staff@delahub.example", is_staff=True)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as():  # type: ignore[no-untyped-def]
    """`api_as(user)` gives an API client authenticated as that user (or anonymous for None)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything under tests/browser is a browser test, selected with -m browser.
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)

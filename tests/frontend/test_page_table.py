"""The every-page table (tests/browser/pages.py) stays complete: every URL pattern of the site
is visited by the browser tests or named with the reason it has no page, and every row
points at a real page."""

from __future__ import annotations

import string
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.browser.page_world import PERSONAS
from tests.browser.pages import NOT_PAGES, NOT_PAGES_UNDER, PAGES, VISITOR, cases

# What the page world's ids look like, to fill the paths without building it.
EXAMPLE_WORLD = {
    "password_reset_path": "/accounts/password/reset/key/1-abc/",
    "email_confirmation_key": "MQ:abc",
}


def url_patterns(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(route, key) of every URL pattern; the key is the pattern's name ("frontend:idea_list")
    or, for an unnamed pattern, its route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        else:
            yield route, f"{namespace}{pattern.name}" if pattern.name else route


def site_url_keys() -> set[str]:
    return {
        key
        for route, key in url_patterns()
        if not any(route.startswith(prefix) for prefix in NOT_PAGES_UNDER)
    }


def test_every_url_pattern_is_visited_or_says_why_it_has_no_page() -> None:
    visited = {visit.url for visit in PAGES}
    missing = site_url_keys() - visited - set(NOT_PAGES)
    assert missing == set(), (
        "Add a Visit row to tests/browser/pages.py PAGES for each page (or a reason to "
        f"NOT_PAGES): {sorted(missing)}"
    )


def test_the_table_names_only_url_patterns_that_exist() -> None:
    named = {visit.url for visit in PAGES if not visit.url.startswith("error:")} | set(NOT_PAGES)
    assert named - site_url_keys() == set()
    assert {visit.url for visit in PAGES} & set(NOT_PAGES) == set()


def test_each_path_in_the_table_is_the_page_it_names() -> None:
    world = {
        name: EXAMPLE_WORLD.get(name, "1") for visit in PAGES for name in _placeholders(visit.path)
    }
    for visit in PAGES:
        if visit.url.startswith("error:"):
            continue
        path = visit.path.format(**world).split("?")[0]
        assert resolve(path).view_name == visit.url, (visit.url, path)


def test_each_visit_is_made_as_a_person_of_the_page_world_in_both_languages() -> None:
    for case in cases():
        assert case.persona in {VISITOR, *PERSONAS}, case.id
    languages = {(case.visit.url, case.visit.path, case.language) for case in cases()}
    for visit in PAGES:
        if visit.url != "swagger-ui":  # the API documentation is in English only
            assert {(visit.url, visit.path, "sv"), (visit.url, visit.path, "en")} <= languages


def _placeholders(path: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(path) if name]

"""Pages: every page route with an object (page_routes.OBJECT_PAGES) answers a hidden object
exactly like a missing id, on GET and POST; the pages about no one object
(page_routes.GLOBAL_PAGES) show exactly what each persona may see. A new page about no one
object says here what it shows."""

from __future__ import annotations

import pytest

from tests.security.visibility.checks import Leaks, Reader, check_operation, rolled_back, searchable
from tests.security.visibility.page_routes import FRONTEND_ROUTES, OBJECT_PAGES, Page
from tests.security.visibility.table import OBJECT_KEYS, ROUNDS, keys_of, kind_of, visible
from tests.security.visibility.world import PERSONAS, WORD, World, marker

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=str)
def test_page_route(world: World, page: Page) -> None:
    template = FRONTEND_ROUTES[page.name]
    leaks = Leaks(world)
    for persona in PERSONAS:
        # What a visible object's page looks like is the page tests' business; here: the
        # rows of the table, and hidden objects answered exactly like missing ones, also when
        # a form is sent about them.
        for method in ("GET", "POST"):
            rows = page.rows if method == "GET" else {}
            check_operation(
                leaks,
                world,
                persona,
                method,
                template,
                page.type,
                rows,
                page.params,
                None,
                visible_without_row=False,
            )
    leaks.report()


# --- Pages ------------------------------------------------------------------------------

SIGNED_IN_PAGES = (
    "/mitt-konto/",
    "/mina-testomgangar/",
    "/mitt-konto/notiser/",
    "/mitt-konto/export/",
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_show_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)

    def shows(what: str, body: str, keys: set[str]) -> None:
        for key in keys:
            if marker(key) not in body:
                leaks.found.append(f"{persona} {what}: does not show {key}")

    ideas = {k for k in keys_of("idea") if visible(persona, k)}
    open_rounds = {
        k for k in OBJECT_KEYS if kind_of(k) == "round-recruiting" and visible(persona, k)
    }
    _r, body = read.get("/")
    shows("home", body, ideas | open_rounds)
    response, body = read.get("/ideer/")
    shows("idea list", body, ideas)
    read.same("idea list count", response.context["page"].paginator.count, len(ideas))
    _r, body = read.get("/ideer/", organisation="skelleftea", stage="prototype")
    shows("filtered idea list", body, ideas)
    _r, body = read.get("/testa/")
    shows("open test rounds", body, open_rounds)
    _r, body = read.get("/organisationer/skelleftea/")
    shows(
        "organisation page",
        body,
        ideas | {k for k in OBJECT_KEYS if kind_of(k) in ROUNDS and visible(persona, k)},
    )
    _r, body = read.get("/organisationer/krokom/")
    shows("reusing organisation's page", body, {"idea:public"})
    read.get("/organisationer/", q="Skellefte")
    read.get("/tillganglighet/")
    for q in ("", WORD.lower()):
        response, _body = read.get("/sok/", q=q)
        result = response.context["result"]
        read.same(f"search page {q!r} count", result.count, len(searchable(persona)))
        read.same(
            f"search page {q!r} type facet total",
            sum(f.count for f in result.facets["type"]),
            len(searchable(persona)),
        )
    for feed in ("/feeds/ideas/", "/feeds/stages/"):
        _r, body = read.get(feed)
        shows(feed, body, {"idea:public"})
        for key in ("idea:organisation", "idea:draft"):
            if marker(key) in body:
                leaks.found.append(f"{persona} {feed}: the open feed shows {key}")
    signed_in = persona != "anonymous"
    for url in SIGNED_IN_PAGES:
        read.get(url, want=200 if signed_in else 302)
    moderates = persona in ("coordinator", "staff")
    read.get("/moderering/", want=200 if moderates else 403 if signed_in else 302)
    shares = persona in ("member", "other", "coordinator")  # members of any organisation
    read.get("/ideer/ny/", want=200 if shares else 403 if signed_in else 302)
    client = world.client(persona)
    for url, data in (
        ("/ideer/forhandsgranska/", {"body": "**hej**"}),
        ("/mitt-konto/notiser/last/", {}),
        ("/mitt-konto/radera/", {"confirm": "on"}),
    ):
        with rolled_back():
            response = client.post(url, data)
            leaks.scan(f"{persona} POST {url}", persona, response)
            if response.status_code >= 500:
                leaks.found.append(f"{persona} POST {url}: {response.status_code}")
    leaks.report()

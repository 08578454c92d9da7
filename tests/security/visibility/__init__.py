"""The visibility and permission matrix (issue 7): every API operation, the search endpoints,
the live comment socket and the pages, for six personas, against public, organisation-only
and draft ideas with their evidence, prototypes (open and draft), test rounds, findings and
comments.

What each persona may see and do is ONE table, `TABLE` in table.py. The rule it states is
DESIGN.md's: public to all, organisation to its members, draft to its author; draft
prototypes, their rounds and the findings of a round that is not closed only for the team. A
hidden object is 404 everywhere (never 403): on its own URLs and on every operation with it,
exactly as for an id that does not exist; it is absent from lists, counts, facet counts,
suggestions, similar ideas and snippets, no JSON field refers to it, no page or message shows
its text (each object has a marker word of its own, see world.py), and the comment socket
refuses it. A filter value (tag, target group) only hidden ideas carry is answered like one
that exists nowhere, and a closed round's figures reach people outside the team only from the
minimum group size (issue 12).

The world is built once for the whole package and committed (conftest.py, world.py). Reads
run against it as they are; every write runs inside a savepoint that is rolled back at once,
so no request changes what the next one sees.

Where things are:

    world.py           the personas and the objects (one marker word each)
    table.py           TABLE: who may see and do what, and its reading (visible, expected_status)
    api_routes.py      every API operation walked: OBJECT_OPS, GLOBAL_OPS, LIST_OPS
    page_routes.py     every page walked: OBJECT_PAGES, GLOBAL_PAGES (by frontend URL name)
    checks.py          how an answer is checked: Leaks, Reader, check_operation, request
    conftest.py        the `world` fixture
    test_table.py      the table is consistent, and nothing in the API or the pages is left out
    test_api_operations.py, test_references.py, test_api_lists.py, test_search.py,
    test_filters.py, test_round_summaries.py, test_pages.py, test_selectors.py,
    test_socket.py     the checks, by surface (each module says what it covers)

A new API endpoint: an `Op` in api_routes.OBJECT_OPS if its URL names an object (with the
table action its status comes from, or none if it depends on state), a `GlobalOp` in
GLOBAL_OPS with a row in TABLE if it names none, or LIST_OPS if it lists (then say what it
must contain in test_api_lists.py or test_search.py). test_table.py fails until every
operation of the OpenAPI schema is in one of them and every table row is used.
A new page: a `Page` in page_routes.OBJECT_PAGES (by its URL name, with its URL parameters)
or its name in GLOBAL_PAGES (and what it shows in test_pages.py); test_table.py fails until
every frontend URL name is in one of them. A new kind of object: world.py builds it (with a
marker), table.py gets its `see` rows.
"""

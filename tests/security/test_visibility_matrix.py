"""The visibility and permission matrix (issue 7): every API operation, the search endpoints,
the live comment socket and the pages, for six personas, against public, organisation-only
and draft ideas with their evidence, prototypes (open and draft), test rounds, findings and
comments.

What each persona may see and do is ONE table, `TABLE` below. The rule it states is DESIGN.md's:
public to all, organisation to its members, draft to its author; draft prototypes, their
rounds and the findings of a round that is not closed only for the team. A hidden object is
404 everywhere (never 403): on its own URLs and on every operation with it, exactly as for an
id that does not exist; it is absent from lists, counts, facet counts, suggestions, similar
ideas and snippets, no JSON field refers to it, no page or message shows its text (each object
has a marker word of its own, see matrix_world), and the comment socket refuses it. A filter
value (tag, target group) only hidden ideas carry is answered like one that exists nowhere,
and a closed round's figures reach people outside the team only from the minimum group size
(issue 12).

The world is built once per module and committed (see matrix_world). Reads run against it as
they are; every write runs inside a savepoint that is rolled back at once, so no request
changes what the next one sees.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from hub.asgi import application
from ideas.models import Idea
from ideas.selectors import may_see_idea, users_who_may_see_idea
from search.models import IndexedDocument
from tests.factories import PASSWORD
from tests.security.matrix_world import (
    KINDS,
    MISSING_ID,
    PERSONAS,
    VISIBILITIES,
    WORD,
    World,
    build,
    group_slug,
    marker,
    tag_slug,
)

# Every test runs in pytest-django's usual transaction (rolled back after it) on top of the
# committed world.
pytestmark = pytest.mark.django_db

# --- The table --------------------------------------------------------------------------
#
# `see` rows: Y = the persona may see the object (200 on its URLs, listed, found), - = hidden
# (404 on its URLs, nowhere else). Other rows: the status each persona gets for that action;
# on a hidden object that is always 404 (401 for anonymous where signing in comes first,
# which does not depend on the object) - test_the_table_answers_404_for_every_hidden_object
# holds the table to that. The member is the author of everything; the coordinator is the
# owning organisation's coordinator (not the author); "other" is a member of Krokom.

TABLE = """
action          target                          anon citizen member other coord staff
see             idea:public                       Y     Y      Y     Y     Y     Y
see             idea:organisation                 -     -      Y     -     Y     -
see             idea:draft                        -     -      Y     -     -     -
see             evidence:public                   Y     Y      Y     Y     Y     Y
see             evidence:organisation             -     -      Y     -     Y     -
see             evidence:draft                    -     -      Y     -     -     -
see             prototype-open:public             Y     Y      Y     Y     Y     Y
see             prototype-open:organisation       -     -      Y     -     Y     -
see             prototype-open:draft              -     -      Y     -     -     -
see             prototype-draft:public            -     -      Y     -     Y     -
see             prototype-draft:organisation      -     -      Y     -     Y     -
see             prototype-draft:draft             -     -      Y     -     -     -
see             round-recruiting:public           Y     Y      Y     Y     Y     Y
see             round-recruiting:organisation     -     -      Y     -     Y     -
see             round-recruiting:draft            -     -      Y     -     -     -
see             round-closed:public               Y     Y      Y     Y     Y     Y
see             round-closed:organisation         -     -      Y     -     Y     -
see             round-closed:draft                -     -      Y     -     -     -
see             round-on-draft:public             -     -      Y     -     Y     -
see             round-on-draft:organisation       -     -      Y     -     Y     -
see             round-on-draft:draft              -     -      Y     -     -     -
see             finding-closed:public             Y     Y      Y     Y     Y     Y
see             finding-closed:organisation       -     -      Y     -     Y     -
see             finding-closed:draft              -     -      Y     -     -     -
see             finding-open:public               -     -      Y     -     Y     -
see             finding-open:organisation         -     -      Y     -     Y     -
see             finding-open:draft                -     -      Y     -     -     -
see             comment:public                    Y     Y      Y     Y     Y     Y
see             comment:organisation              -     -      Y     -     Y     -
see             comment:draft                     -     -      Y     -     -     -

# Ideas: edit, stage and evidence by the owning organisation's members (a draft: its author);
# delete by its coordinators and platform staff; reuse recorded by other organisations.
PATCH           idea:public                      401   403    200   403   200   403
PATCH           idea:organisation                401   404    200   404   200   404
PATCH           idea:draft                       401   404    200   404   404   404
DELETE          idea:public                      401   403    403   403   204   204
DELETE          idea:organisation                401   404    403   404   204   404
DELETE          idea:draft                       401   404    204   404   404   404
stage           idea:public                      401   403    201   403   201   403
stage           idea:organisation                401   404    201   404   201   404
stage           idea:draft                       401   404    201   404   404   404
add-evidence    idea:public                      401   403    201   403   201   403
add-evidence    idea:organisation                401   404    201   404   201   404
add-evidence    idea:draft                       401   404    201   404   404   404
adopt           idea:public                      401   403    403   201   403   403
adopt           idea:organisation                401   404    403   404   403   404
adopt           idea:draft                       401   404    403   404   404   404
withdraw        idea:public                      401   403    403   204   403   403
withdraw        idea:organisation                401   404    403   404   403   404
withdraw        idea:draft                       401   404    403   404   404   404
follow          idea:public                      401   200    200   200   200   200
follow          idea:organisation                401   404    200   404   200   404
follow          idea:draft                       401   404    200   404   404   404
comment         idea:public                      401   201    201   201   201   201
comment         idea:organisation                401   404    201   404   201   404
comment         idea:draft                       401   404    201   404   404   404
add-prototype   idea:public                      401   403    201   403   201   403
add-prototype   idea:organisation                401   404    201   404   201   404
add-prototype   idea:draft                       401   404    201   404   404   404

# Prototypes, rounds and findings: the team (members of the owning organisation).
PATCH           prototype-open:public            401   403    200   403   200   403
PATCH           prototype-open:organisation      401   404    200   404   200   404
PATCH           prototype-open:draft             401   404    200   404   404   404
plan-round      prototype-open:public            401   403    201   403   201   403
plan-round      prototype-open:organisation      401   404    201   404   201   404
plan-round      prototype-open:draft             401   404    201   404   404   404
PATCH           round-recruiting:public          401   403    200   403   200   403
PATCH           round-recruiting:organisation    401   404    200   404   200   404
PATCH           round-recruiting:draft           401   404    200   404   404   404
add-finding     round-recruiting:public          401   403    201   403   201   403
add-finding     round-recruiting:organisation    401   404    201   404   201   404
add-finding     round-recruiting:draft           401   404    201   404   404   404
PATCH           finding-closed:public            401   403    200   403   200   403
PATCH           finding-closed:organisation      401   404    200   404   200   404
PATCH           finding-closed:draft             401   404    200   404   404   404
DELETE          finding-closed:public            401   403    204   403   204   403
DELETE          finding-closed:organisation      401   404    204   404   204   404
DELETE          finding-closed:draft             401   404    204   404   404   404
PATCH           finding-open:public              401   404    200   404   200   404
PATCH           finding-open:organisation        401   404    200   404   200   404
PATCH           finding-open:draft               401   404    200   404   404   404

# The summary (and the findings list and results page) is published when the round closes;
# until then a visible round's summary is the team's (403 for others).
summary         round-recruiting:public          403   403    200   403   200   403
summary         round-recruiting:organisation    404   404    200   404   200   404
summary         round-recruiting:draft           404   404    200   404   404   404
summary         round-closed:public              200   200    200   200   200   200
summary         round-closed:organisation        404   404    200   404   200   404
summary         round-closed:draft               404   404    200   404   404   404
summary         round-on-draft:public            404   404    200   404   200   404
summary         round-on-draft:organisation      404   404    200   404   200   404
summary         round-on-draft:draft             404   404    200   404   404   404
# Participants under pseudonyms: the team and platform staff.
participants    round-recruiting:public          401   403    200   403   200   200
participants    round-recruiting:organisation    401   404    200   404   200   404
participants    round-recruiting:draft           401   404    200   404   404   404
# Nobody in the world takes part yet: a visible round's feedback is "participants only".
feedback        round-recruiting:public          401   403    403   403   403   403
feedback        round-recruiting:organisation    401   404    403   404   403   404
feedback        round-recruiting:draft           401   404    403   404   404   404
# Sign-up: anyone signed in who sees the round, except its team (400: testers only).
sign-up         round-recruiting:public          401   201    400   201   400   201
sign-up         round-recruiting:organisation    401   404    400   404   400   404
sign-up         round-recruiting:draft           401   404    400   404   404   404

# Comments: edited by their author, deleted by the author or a moderator (the owning
# organisation's coordinators, platform staff), flagged by other readers (the citizen and
# the coordinator flagged the public and the organisation comment already: 400).
PATCH           comment:public                   401   403    200   403   403   403
PATCH           comment:organisation             401   404    200   404   403   404
PATCH           comment:draft                    401   404    200   404   404   404
DELETE          comment:public                   401   403    204   403   204   204
DELETE          comment:organisation             401   404    204   404   204   404
DELETE          comment:draft                    401   404    204   404   404   404
flag            comment:public                   401   400    400   201   201   201
flag            comment:organisation             401   404    400   404   400   404
flag            comment:draft                    401   404    400   404   404   404
hide            comment:public                   401   403    403   403   200   200
hide            comment:organisation             401   404    403   404   200   404
hide            comment:draft                    401   404    403   404   404   404
dismiss-flags   comment:public                   401   403    403   403   200   200
dismiss-flags   comment:organisation             401   404    403   404   200   404
dismiss-flags   comment:draft                    401   404    403   404   404   404

# Not about one object: the organisation's members, creating ideas, the moderation queue,
# the account.
members         organisation:skelleftea          401   403    200   403   200   200
add-member      organisation:skelleftea          401   403    403   403   201   201
create-idea     organisation:skelleftea          401   403    201   403   201   403
moderation      -                                401   403    403   403   200   200
account         -                                401   200    200   200   200   200
delete-account  -                                401   204    204   204   204   204
"""


def _parse(text: str) -> dict[tuple[str, str, str], str]:
    table: dict[tuple[str, str, str], str] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, rows = lines[0].split(), lines[1:]
    assert header[2:] == ["anon", "citizen", "member", "other", "coord", "staff"], header
    for line in rows:
        action, target, *cells = line.split()
        assert len(cells) == len(PERSONAS), f"six cells expected: {line!r}"
        for persona, cell in zip(PERSONAS, cells, strict=True):
            assert (action, target, persona) not in table, f"row twice: {action} {target}"
            table[action, target, persona] = cell
    return table


EXPECTED = _parse(TABLE)
OBJECT_KEYS = [f"{kind}:{visibility}" for kind in KINDS for visibility in VISIBILITIES]


def visible(persona: str, key: str) -> bool:
    return EXPECTED["see", key, persona] == "Y"


def expected_status(action: str, key: str, persona: str) -> int:
    cell = EXPECTED[action, key, persona]
    if action == "see":
        return 200 if cell == "Y" else 404
    return int(cell)


def kind_of(key: str) -> str:
    return key.split(":")[0]


TYPE_OF_KIND = {
    "idea": "idea",
    "evidence": "evidence",
    "prototype-open": "prototype",
    "prototype-draft": "prototype",
    "round-recruiting": "round",
    "round-closed": "round",
    "round-on-draft": "round",
    "finding-closed": "finding",
    "finding-open": "finding",
    "comment": "comment",
}
SEARCHABLE_TYPES = ("idea", "prototype", "round", "finding")


def keys_of(object_type: str) -> list[str]:
    return [k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] == object_type]


# --- The operations ---------------------------------------------------------------------


@dataclass
class Op:
    """One operation on one kind of object: which table row gives the expected status for
    each kind it is tried on. Kinds without a row still get the no-leak checks (a hidden
    object answers exactly like a missing id) but no exact status: those answers depend on
    state (not signed up, no feedback yet) rather than on who may see what."""

    method: str
    path: str  # as the OpenAPI schema spells it
    type: str  # the object the path's ids point at
    rows: dict[str, str] = field(default_factory=dict)  # object kind -> TABLE action
    body: dict[str, Any] | None = None
    # What each placeholder is filled with: "self" the object's id, "idea" its idea's id.
    params: dict[str, str] = field(default_factory=lambda: {"id": "self"})

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _see(*kinds: str) -> dict[str, str]:
    return dict.fromkeys(kinds, "see")


ROUNDS = ("round-recruiting", "round-closed", "round-on-draft")
FINDINGS = ("finding-closed", "finding-open")
PROTOTYPES = ("prototype-open", "prototype-draft")
NEW_ROUND = {
    "title": "Ny omgång",
    "goal": "Mål",
    "tasks": ["Logga in"],
    "capacity": 5,
    "consent_text": "Jag samtycker.",
}
FEEDBACK = {
    "tasks": [
        {"completed": True, "difficulty": 2, "seconds": 60, "comment": ""},
        {"completed": True, "difficulty": 2, "seconds": 60, "comment": ""},
    ],
    "sus": [4, 2, 4, 2, 4, 2, 4, 2, 4, 2],
    "text": "Bra",
}

OBJECT_OPS = [
    # Ideas
    Op("GET", "/api/v1/ideas/{id}/", "idea", _see("idea")),
    Op("PATCH", "/api/v1/ideas/{id}/", "idea", {"idea": "PATCH"}, {"summary": "Ny"}),
    Op("DELETE", "/api/v1/ideas/{id}/", "idea", {"idea": "DELETE"}),
    Op("POST", "/api/v1/ideas/{id}/stage/", "idea", {"idea": "stage"}, {"stage": "user_test"}),
    Op("GET", "/api/v1/ideas/{id}/stages/", "idea", _see("idea")),
    Op("GET", "/api/v1/ideas/{id}/adoptions/", "idea", _see("idea")),
    Op(
        "POST", "/api/v1/ideas/{id}/adoptions/", "idea", {"idea": "adopt"}, {"status": "evaluating"}
    ),
    Op("DELETE", "/api/v1/ideas/{id}/adoptions/", "idea", {"idea": "withdraw"}),
    Op("POST", "/api/v1/ideas/{id}/follow/", "idea", {"idea": "follow"}),
    Op("DELETE", "/api/v1/ideas/{id}/follow/", "idea", {"idea": "follow"}),
    Op("GET", "/api/v1/ideas/{id}/similar/", "idea", _see("idea")),
    Op("GET", "/api/v1/ideas/{id}/evidence/", "idea", _see("idea")),
    Op(
        "POST",
        "/api/v1/ideas/{id}/evidence/",
        "idea",
        {"idea": "add-evidence"},
        {"stage": "analysis", "title": "Analys", "text": "Vi analyserade."},
    ),
    Op(
        "GET",
        "/api/v1/ideas/{id}/evidence/{evidence_id}/file/",
        "evidence",
        _see("evidence"),
        params={"id": "idea", "evidence_id": "self"},
    ),
    Op("GET", "/api/v1/ideas/{id}/publiccode.yml", "idea", _see("idea")),
    Op("GET", "/api/v1/ideas/{id}/comments/", "idea", _see("idea")),
    Op("POST", "/api/v1/ideas/{id}/comments/", "idea", {"idea": "comment"}, {"body": "Hej"}),
    Op(
        "GET",
        "/api/v1/ideas/{idea_pk}/prototypes/",
        "idea",
        _see("idea"),
        params={"idea_pk": "self"},
    ),
    Op(
        "POST",
        "/api/v1/ideas/{idea_pk}/prototypes/",
        "idea",
        {"idea": "add-prototype"},
        {"label": "Ny version"},
        params={"idea_pk": "self"},
    ),
    # Prototypes
    Op("GET", "/api/v1/prototypes/{id}/", "prototype", _see(*PROTOTYPES)),
    Op(
        "PATCH",
        "/api/v1/prototypes/{id}/",
        "prototype",
        {"prototype-open": "PATCH"},
        {"description": "Ny beskrivning"},
    ),
    Op("GET", "/api/v1/prototypes/{id}/test-rounds/", "prototype", _see(*PROTOTYPES)),
    Op(
        "POST",
        "/api/v1/prototypes/{id}/test-rounds/",
        "prototype",
        {"prototype-open": "plan-round"},
        NEW_ROUND,
    ),
    # Test rounds
    Op("GET", "/api/v1/test-rounds/{id}/", "round", _see(*ROUNDS)),
    Op(
        "PATCH",
        "/api/v1/test-rounds/{id}/",
        "round",
        {"round-recruiting": "PATCH"},
        {"goal": "Nytt"},
    ),
    Op("GET", "/api/v1/test-rounds/{id}/summary/", "round", dict.fromkeys(ROUNDS, "summary")),
    Op("GET", "/api/v1/test-rounds/{id}/findings/", "round", dict.fromkeys(ROUNDS, "summary")),
    Op(
        "POST",
        "/api/v1/test-rounds/{id}/findings/",
        "round",
        {"round-recruiting": "add-finding"},
        {"severity": "minor", "description": "Nytt fynd"},
    ),
    Op(
        "GET",
        "/api/v1/test-rounds/{id}/participants/",
        "round",
        {"round-recruiting": "participants"},
    ),
    Op("GET", "/api/v1/test-rounds/{id}/participation/", "round"),
    Op(
        "POST",
        "/api/v1/test-rounds/{id}/participation/",
        "round",
        {"round-recruiting": "sign-up"},
        {"consent": True},
    ),
    Op("DELETE", "/api/v1/test-rounds/{id}/participation/", "round"),
    Op("GET", "/api/v1/test-rounds/{id}/feedback/", "round", {"round-recruiting": "feedback"}),
    Op("POST", "/api/v1/test-rounds/{id}/feedback/", "round", body=FEEDBACK),
    Op("PUT", "/api/v1/test-rounds/{id}/feedback/", "round", body=FEEDBACK),
    Op("PATCH", "/api/v1/test-rounds/{id}/feedback/", "round", body={"text": "Ändrat"}),
    # Findings
    Op("GET", "/api/v1/findings/{id}/", "finding", _see(*FINDINGS)),
    Op(
        "PATCH",
        "/api/v1/findings/{id}/",
        "finding",
        dict.fromkeys(FINDINGS, "PATCH"),
        {"description": "Ändrat fynd"},
    ),
    Op("DELETE", "/api/v1/findings/{id}/", "finding", {"finding-closed": "DELETE"}),
    # Comments
    Op("GET", "/api/v1/comments/{id}/", "comment", _see("comment")),
    Op("PATCH", "/api/v1/comments/{id}/", "comment", {"comment": "PATCH"}, {"body": "Ändrad"}),
    Op("DELETE", "/api/v1/comments/{id}/", "comment", {"comment": "DELETE"}),
    Op("POST", "/api/v1/comments/{id}/flag/", "comment", {"comment": "flag"}, {"reason": "Fel"}),
    Op("POST", "/api/v1/comments/{id}/hide/", "comment", {"comment": "hide"}, {"reason": "Fel"}),
    # Showing a comment that is not hidden changes nothing, but who may is the same.
    Op("DELETE", "/api/v1/comments/{id}/hide/", "comment", {"comment": "hide"}),
    Op("POST", "/api/v1/comments/{id}/dismiss-flags/", "comment", {"comment": "dismiss-flags"}),
]


@dataclass
class GlobalOp:
    """An operation on no world object: its table row names the status per persona."""

    method: str
    path: str
    action: str
    target: str = "-"
    body: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


NEW_IDEA = {"kind": "activity", "title": "Ny idé", "organisation": "skelleftea"}
GLOBAL_OPS = [
    GlobalOp("GET", "/api/v1/organisations/{slug}/members/", "members", "organisation:skelleftea"),
    GlobalOp(
        "POST",
        "/api/v1/organisations/{slug}/members/",
        "add-member",
        "organisation:skelleftea",
        {"email": "matrix-citizen@example.org", "role": "member"},
    ),
    GlobalOp("POST", "/api/v1/ideas/", "create-idea", "organisation:skelleftea", NEW_IDEA),
    GlobalOp("GET", "/api/v1/moderation/flags/", "moderation"),
    GlobalOp("GET", "/api/v1/me/", "account"),
    GlobalOp("PATCH", "/api/v1/me/", "account", body={"display_name": "Nytt namn"}),
    GlobalOp("GET", "/api/v1/me/export/", "account"),
    GlobalOp("GET", "/api/v1/me/notifications/", "account"),
    GlobalOp("POST", "/api/v1/me/notifications/read/", "account", body={"all": True}),
    GlobalOp("DELETE", "/api/v1/me/", "delete-account"),
]
#: Lists and search: what they contain is checked per persona in test_api_lists_* below.
LIST_OPS = {
    ("GET", "/api/v1/ideas/"),
    ("GET", "/api/v1/ideas/export.csv"),
    ("GET", "/api/v1/ideas/export.json"),
    ("GET", "/api/v1/test-rounds/"),
    ("GET", "/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/{slug}/"),
    ("GET", "/api/v1/search/"),
    ("GET", "/api/v1/search/suggest/"),
    ("GET", "/api/v1/search/similar/"),
    ("POST", "/api/v1/auth/token/"),  # test_a_token_sees_what_the_session_sees
    # Revokes the caller's own token; nobody names another's (tests/accounts/test_token_lifetime.py).
    ("DELETE", "/api/v1/auth/token/"),
}


@dataclass
class Page:
    """A page route with an object in its URL (frontend URL name, URL kwargs as for Op)."""

    name: str
    type: str
    rows: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=lambda: {"pk": "self"})

    def __str__(self) -> str:
        return self.name


_COMMENT = {"pk": "idea", "comment_id": "self"}
OBJECT_PAGES = [
    Page("idea_detail", "idea", _see("idea")),
    Page("idea_edit", "idea"),
    Page("idea_stage", "idea"),
    Page("evidence_add", "idea"),
    Page("evidence_delete", "evidence", params={"pk": "idea", "evidence_id": "self"}),
    Page("idea_adopt", "idea"),
    Page("idea_follow", "idea"),
    Page("idea_delete", "idea"),
    Page("idea_prototypes", "idea", _see("idea"), params={"idea_pk": "self"}),
    Page("prototype_detail", "prototype", _see(*PROTOTYPES)),
    Page(
        "prototype_image",
        "prototype",
        _see(*PROTOTYPES),
        params={"pk": "self", "image_id": "image"},
    ),
    Page("prototype_edit", "prototype"),
    Page("round_create", "prototype"),
    Page("round_detail", "round", _see(*ROUNDS)),
    Page("round_sign_up", "round"),
    Page("round_withdraw", "round"),
    Page("round_feedback", "round"),
    Page("round_results", "round", dict.fromkeys(ROUNDS, "summary")),
    Page("round_edit", "round"),
    Page("round_status", "round"),
    Page("finding_create", "round"),
    Page("finding_edit", "finding"),
    Page("comment_post", "idea"),
    Page("comment_reply", "comment", params=_COMMENT),
    Page("comment_edit", "comment", params=_COMMENT),
    Page("comment_delete", "comment", params=_COMMENT),
    Page("comment_flag", "comment", params=_COMMENT),
    Page("comment_hide", "comment", params=_COMMENT),
    Page("comment_dismiss_flags", "comment", params={"comment_id": "self"}),
]
#: Pages about no one object: checked per persona in test_pages_* below.
GLOBAL_PAGES = {
    "home",
    "organisation_list",
    "organisation_detail",
    "my_account",
    "my_export",
    "my_delete",
    # POST only, on the caller's own tokens (tests/accounts/test_token_lifetime.py).
    "my_token_revoke",
    "accessibility",
    "idea_list",
    "idea_create",
    "markdown_preview",
    "round_list",
    "my_rounds",
    "search",
    "moderation",
    "notification_list",
    "notification_read",
}


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, matrix_media: Path) -> None:
    # Overrides conftest's per-test media directory: the world's evidence files live as long
    # as the world does.
    settings.MEDIA_ROOT = matrix_media


@pytest.fixture(scope="module")
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


# --- Helpers ----------------------------------------------------------------------------


@contextmanager
def rolled_back() -> Iterator[None]:
    """A write that happens for real and is then undone: the test client runs in this thread
    and on this connection, so the whole request is inside the transaction."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def request(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if method == "GET":
        return client.get(url)
    with rolled_back():
        if method == "DELETE" and body is None:
            return client.delete(url)
        return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def content(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        data = response.content
    return data.decode("utf-8", errors="replace")


@dataclass
class Leaks:
    """Collects every failure of one test, so that its report lists them all at once, and
    checks each answer for traces of what the persona may not see."""

    world: World
    found: list[str] = field(default_factory=list)

    def hidden_keys(self, persona: str) -> list[str]:
        return [k for k in OBJECT_KEYS if not visible(persona, k)]

    def hidden_ids(self, persona: str, object_type: str) -> set[int]:
        return {
            self.world.id(k)
            for k in self.hidden_keys(persona)
            if k.startswith(_TYPES_PREFIX[object_type])
        }

    def status(self, what: str, response: Any, want: int) -> None:
        if response.status_code != want:
            self.found.append(f"{what}: {response.status_code}, expected {want}")

    def scan(self, what: str, persona: str, response: Any) -> str:
        """No marker of a hidden object in the body; no JSON field refers to one."""
        body = content(response)
        for key in self.hidden_keys(persona):
            if marker(key) in body:
                self.found.append(f"{what}: shows hidden {key} to {persona}")
        if response.get("Content-Type", "").startswith("application/json") and body:
            self._references(what, persona, json.loads(body))
        return body

    def _references(self, what: str, persona: str, data: Any) -> None:
        if isinstance(data, list):
            for item in data:
                self._references(what, persona, item)
            return
        if not isinstance(data, dict):
            return
        refs: list[tuple[str, Any]] = [
            (REFERENCE_FIELDS[name], value)
            for name, value in data.items()
            if name in REFERENCE_FIELDS
        ]
        if data.get("type") in SEARCHABLE_TYPES and "id" in data:
            refs.append((data["type"], data["id"]))
        for object_type, value in refs:
            if isinstance(value, int) and value in self.hidden_ids(persona, object_type):
                self.found.append(
                    f"{what}: refers to hidden {object_type} {value} for {persona}: {data}"
                )
        for value in data.values():
            self._references(what, persona, value)

    def report(self) -> None:
        assert not self.found, f"{len(self.found)} problems:\n" + "\n".join(self.found)


_TYPES_PREFIX = {
    "idea": ("idea:",),
    "prototype": ("prototype-",),
    "round": ("round-",),
    "finding": ("finding-",),
    "comment": ("comment:",),
}
#: JSON fields that hold the id of another object.
REFERENCE_FIELDS = {
    "idea": "idea",
    "idea_id": "idea",
    "prototype": "prototype",
    "addressed_in": "prototype",
    "round": "round",
    "parent": "comment",
    "root": "comment",
}


def fill(template: str, params: dict[str, str], world: World, key: str | None) -> str:
    """The URL of `template` for the object `key`, or for a missing id (key None). Each
    placeholder takes the object's own id ("self"), its idea's ("idea") or its screenshot's
    ("image"). Nested URLs of a missing object keep a parent everyone sees."""
    values: dict[str, int] = {}
    for name, source in params.items():
        if key is None:
            values[name] = world.id("idea:public") if source == "idea" else MISSING_ID
        elif source == "self":
            values[name] = world.id(key)
        elif source == "image":
            values[name] = world.images[key].pk
        else:
            values[name] = world.id(f"idea:{key.split(':')[1]}")
    return template.format(**values)


def foreign_parent(template: str, params: dict[str, str], world: World, key: str) -> str | None:
    """For a nested URL of a hidden object: the object under a parent everyone sees that is
    not its own (its id under the public idea; its screenshot under the public prototype)."""
    sources = set(params.values())
    if "idea" in sources:
        parent = {"self": world.id(key), "idea": world.id("idea:public")}
    elif "image" in sources:
        parent = {"self": world.id("prototype-open:public"), "image": world.images[key].pk}
    else:
        return None
    return template.format(**{name: parent[source] for name, source in params.items()})


def check_operation(
    leaks: Leaks,
    world: World,
    persona: str,
    method: str,
    template: str,
    object_type: str,
    rows: dict[str, str],
    params: dict[str, str],
    body: dict[str, Any] | None,
    *,
    visible_without_row: bool = True,
) -> None:
    """One operation for one persona: on a missing id, on every object of its type hidden from
    them (answered exactly like the missing id), on the visible ones with a table row (the
    row's status) and, with `visible_without_row`, on the other visible ones (no 5xx)."""
    client = world.client(persona)
    missing = request(client, method, fill(template, params, world, None), body)
    leaks.scan(f"{persona} {method} {template} (missing id)", persona, missing)
    # 405: the route does not take this method, whatever the id.
    if persona != "anonymous" and missing.status_code not in (404, 405):
        leaks.found.append(f"{persona} {method} {template}: a missing id is {missing.status_code}")
    for key in (k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] == object_type):
        if visible(persona, key) and kind_of(key) not in rows and not visible_without_row:
            continue
        url = fill(template, params, world, key)
        what = f"{persona} {method} {url} [{key}]"
        response = request(client, method, url, body)
        leaks.scan(what, persona, response)
        if not visible(persona, key):
            # Exactly what a missing id gets: the object's existence does not show.
            leaks.status(what + " hidden", response, missing.status_code)
            if other := foreign_parent(template, params, world, key):
                crossed = request(client, method, other, body)
                what = f"{persona} {method} {other} [{key} under idea:public]"
                leaks.scan(what, persona, crossed)
                leaks.status(what, crossed, missing.status_code)
        elif kind_of(key) in rows:
            leaks.status(what, response, expected_status(rows[kind_of(key)], key, persona))
        elif response.status_code >= 500:
            leaks.found.append(f"{what}: {response.status_code} for a visible object")


# --- The table itself -------------------------------------------------------------------


def test_the_table_has_a_see_row_for_every_object() -> None:
    assert {target for (action, target, _p) in EXPECTED if action == "see"} == set(OBJECT_KEYS)


def test_the_table_answers_404_for_every_hidden_object() -> None:
    wrong = [
        f"{action} {target} {persona}: {cell}"
        for (action, target, persona), cell in EXPECTED.items()
        if action != "see"
        and target in OBJECT_KEYS
        and not visible(persona, target)
        and cell not in ("404", "401")
    ]
    assert not wrong, "a hidden object must be 404 (401 before signing in):\n" + "\n".join(wrong)


def test_every_table_row_is_used() -> None:
    used = {("see", k) for k in OBJECT_KEYS}
    for op in OBJECT_OPS:
        for kind, action in op.rows.items():
            used |= {(action, f"{kind}:{v}") for v in VISIBILITIES}
    for page in OBJECT_PAGES:
        for kind, action in page.rows.items():
            used |= {(action, f"{kind}:{v}") for v in VISIBILITIES}
    used |= {(g.action, g.target) for g in GLOBAL_OPS}
    assert {(a, t) for (a, t, _p) in EXPECTED} == used


# --- Nothing is left out ----------------------------------------------------------------


def test_every_api_operation_is_in_the_matrix(world: World) -> None:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    methods = {"get", "post", "put", "patch", "delete"}
    in_schema = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    }
    covered = (
        {(op.method, op.path) for op in OBJECT_OPS}
        | {(op.method, op.path) for op in GLOBAL_OPS}
        | LIST_OPS
    )
    assert in_schema - covered == set(), "API operations the matrix does not walk"
    assert covered - in_schema == set(), "the matrix walks operations the API no longer has"


def _frontend_routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Frontend URL names and their paths with {placeholders}, from the URL conf."""
    routes: dict[str, str] = {}
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes |= _frontend_routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace == "frontend:":
            routes[entry.name] = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return routes


FRONTEND_ROUTES = _frontend_routes(get_resolver().url_patterns)


def test_every_page_is_in_the_matrix() -> None:
    names = set(FRONTEND_ROUTES)
    covered = {page.name for page in OBJECT_PAGES} | GLOBAL_PAGES
    assert names - covered == set(), "pages the matrix does not walk"
    assert covered - names == set(), "the matrix walks pages that no longer exist"


# --- Every object operation, every persona ----------------------------------------------


@pytest.mark.parametrize("op", OBJECT_OPS, ids=str)
def test_api_operation(world: World, op: Op) -> None:
    leaks = Leaks(world)
    # Operations without a row (their answers depend on state, not on who may see what) are
    # still tried on every visible object: never a server error.
    visible_without_row = not op.rows
    for persona in PERSONAS:
        check_operation(
            leaks,
            world,
            persona,
            op.method,
            op.path,
            op.type,
            op.rows,
            op.params,
            op.body,
            visible_without_row=visible_without_row,
        )
    leaks.report()


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


@pytest.mark.parametrize("op", GLOBAL_OPS, ids=str)
def test_api_operation_without_an_object(world: World, op: GlobalOp) -> None:
    leaks = Leaks(world)
    url = op.path.replace("{slug}", "skelleftea")
    for persona in PERSONAS:
        response = request(world.client(persona), op.method, url, op.body)
        leaks.scan(f"{persona} {op}", persona, response)
        leaks.status(f"{persona} {op}", response, expected_status(op.action, op.target, persona))
    leaks.report()


# --- Lists, counts and search -----------------------------------------------------------


def _visible_ids(world: World, persona: str, *kinds: str) -> set[int]:
    return {
        world.id(f"{kind}:{v}")
        for kind in kinds
        for v in VISIBILITIES
        if visible(persona, f"{kind}:{v}")
    }


def _searchable(persona: str) -> set[str]:
    return {
        k
        for k in OBJECT_KEYS
        if TYPE_OF_KIND[kind_of(k)] in SEARCHABLE_TYPES and visible(persona, k)
    }


def _hit_key(world: World, hit: dict[str, Any]) -> str:
    for key in OBJECT_KEYS:
        if TYPE_OF_KIND[kind_of(key)] == hit["type"] and world.id(key) == hit["id"]:
            return key
    return f"{hit['type']}:{hit['id']} (not of the world)"


class Reader:
    """GETs as one persona: every answer scanned for leaks, JSON returned."""

    def __init__(self, world: World, persona: str, leaks: Leaks) -> None:
        self.world, self.persona, self.leaks = world, persona, leaks
        self.client = world.client(persona)

    def get(self, url: str, want: int = 200, **params: Any) -> Any:
        response = self.client.get(url, params)
        what = f"{self.persona} GET {url} {params or ''}"
        body = self.leaks.scan(what, self.persona, response)
        self.leaks.status(what, response, want)
        return response, body

    def json(self, url: str, **params: Any) -> Any:
        response, body = self.get(url, **params)
        return json.loads(body) if response.status_code == 200 else {"results": [], "count": -1}

    def same(self, what: str, got: Any, want: Any) -> None:
        if got != want:
            self.leaks.found.append(f"{self.persona} {what}: got {got}, expected {want}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_show_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    ideas = _visible_ids(world, persona, "idea")
    county = world.skelleftea.county_id
    for filters in (
        {},
        {"organisation": "skelleftea"},
        {"county": county},
        {"stage": "prototype"},
        {"kind": "service_concept"},
        {"category": "culture"},
        {"ordering": "-adoption_count"},
    ):
        data = read.json("/api/v1/ideas/", page_size=100, **filters)
        read.same(f"ideas {filters}", {r["id"] for r in data["results"]}, ideas)
        read.same(f"ideas {filters} count", data["count"], len(ideas))
    # Open data is public ideas only, whoever asks.
    public = {world.id("idea:public")}
    _response, text = read.get("/api/v1/ideas/export.csv")
    read.same("export.csv", {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}, public)
    exported = read.json("/api/v1/ideas/export.json")
    read.same("export.json", {row["id"] for row in exported["ideas"]}, public)
    read.same("export.json count", exported["count"], 1)
    open_rounds = read.json("/api/v1/test-rounds/", page_size=100)
    want_open = _visible_ids(world, persona, "round-recruiting")
    read.same("open rounds", {r["id"] for r in open_rounds["results"]}, want_open)
    read.same("open rounds count", open_rounds["count"], len(want_open))
    for v in VISIBILITIES:
        if not visible(persona, f"idea:{v}"):
            continue
        idea_id = world.id(f"idea:{v}")
        prototypes = read.json(f"/api/v1/ideas/{idea_id}/prototypes/", page_size=100)
        want = {world.id(f"{k}:{v}") for k in PROTOTYPES if visible(persona, f"{k}:{v}")}
        read.same(f"prototypes of idea:{v}", {p["id"] for p in prototypes["results"]}, want)
        read.same(f"prototypes of idea:{v} count", prototypes["count"], len(want))
        comments = read.json(f"/api/v1/ideas/{idea_id}/comments/")
        read.same(
            f"comments of idea:{v}",
            [c["id"] for c in comments["results"]],
            [world.id(f"comment:{v}")],
        )
        read.json(f"/api/v1/ideas/{idea_id}/adoptions/")
        read.json(f"/api/v1/ideas/{idea_id}/stages/")
        read.json(f"/api/v1/ideas/{idea_id}/evidence/")
        for kind in PROTOTYPES:
            if not visible(persona, f"{kind}:{v}"):
                continue
            rounds = read.json(f"/api/v1/prototypes/{world.id(f'{kind}:{v}')}/test-rounds/")
            want = {
                world.id(f"{r}:{v}")
                for r in ROUNDS
                if visible(persona, f"{r}:{v}")
                and world.objects[f"{r}:{v}"].prototype_id == world.id(f"{kind}:{v}")
            }
            read.same(f"rounds of {kind}:{v}", {r["id"] for r in rounds["results"]}, want)
        for kind, finding in (
            ("round-recruiting", "finding-open"),
            ("round-closed", "finding-closed"),
        ):
            if expected_status("summary", f"{kind}:{v}", persona) != 200:
                continue
            findings = read.json(f"/api/v1/test-rounds/{world.id(f'{kind}:{v}')}/findings/")
            read.same(
                f"findings of {kind}:{v}",
                [f["id"] for f in findings["results"]],
                [world.id(f"{finding}:{v}")],
            )
    read.json("/api/v1/organisations/", search="Skellefte")
    read.json("/api/v1/organisations/skelleftea/")
    if persona in ("coordinator", "staff"):
        queue = read.json("/api/v1/moderation/flags/")
        flagged = {
            world.id(f"comment:{v}")
            for v in ("public", "organisation")
            if visible(persona, f"comment:{v}")
        }
        read.same("moderation queue", {e["comment"]["id"] for e in queue["results"]}, flagged)
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_finds_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    want = _searchable(persona)
    for q in ("", WORD.lower()):
        data = read.json("/api/v1/search/", q=q, page_size=100)
        read.same(f"search {q!r} hits", {_hit_key(world, h) for h in data["results"]}, want)
        read.same(f"search {q!r} count", data["count"], len(want))
        by_type = {
            t: sum(1 for k in want if TYPE_OF_KIND[kind_of(k)] == t) for t in SEARCHABLE_TYPES
        }
        read.same(
            f"search {q!r} type facet",
            {f["value"]: f["count"] for f in data["facets"]["type"]},
            {t: n for t, n in by_type.items() if n},
        )
        # Every document carries one value of these facets: their counts add up to the total.
        for facet in ("kind", "stage", "organisation", "county", "category"):
            total = sum(f["count"] for f in data["facets"][facet])
            read.same(f"search {q!r} {facet} facet total", total, len(want))
        for doc_type, n in by_type.items():
            filtered = read.json("/api/v1/search/", q=q, type=doc_type, page_size=100)
            read.same(f"search {q!r} type={doc_type} count", filtered["count"], n)
    for key in sorted(k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] in SEARCHABLE_TYPES):
        data = read.json("/api/v1/search/", q=marker(key), page_size=100)
        hits = {_hit_key(world, h) for h in data["results"]}
        read.same(f"search {marker(key)} finds {key}", key in hits, visible(persona, key))
        read.same(f"search {marker(key)} count", data["count"], len(hits))
        type_total = sum(f["count"] for f in data["facets"]["type"])
        read.same(f"search {marker(key)} type facet total", type_total, len(hits))
        suggested = read.json("/api/v1/search/suggest/", q=marker(key))
        hits = {_hit_key(world, h) for h in suggested["results"]}
        read.same(f"suggest {marker(key)} offers {key}", key in hits, visible(persona, key))
    ideas = {k for k in keys_of("idea") if visible(persona, k)}
    for key in ideas:
        similar = read.json(f"/api/v1/ideas/{world.id(key)}/similar/")
        read.same(
            f"similar to {key}", {_hit_key(world, h) for h in similar["results"]}, ideas - {key}
        )
    similar = read.json("/api/v1/search/similar/", title=f"{WORD} seniorer", organisation="krokom")
    read.same("similar to a new title", {_hit_key(world, h) for h in similar["results"]}, ideas)
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_token_sees_what_the_session_sees(world: World, persona: str) -> None:
    user = world.users[persona]
    if user is None:
        response = Client().post(
            "/api/v1/auth/token/",
            {"email": "nobody@example.org", "password": PASSWORD},
            "application/json",
        )
        assert response.status_code == 400
        return
    leaks = Leaks(world)
    with rolled_back():  # the token row goes with the transaction
        token = Client().post(
            "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, "application/json"
        )
        assert token.status_code == 200, token.content
        client = Client(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        ideas = client.get("/api/v1/ideas/")
        leaks.scan(f"{persona} ideas by token", persona, ideas)
        assert {r["id"] for r in ideas.json()["results"]} == _visible_ids(world, persona, "idea")
        search = client.get("/api/v1/search/", {"q": WORD.lower(), "page_size": 100})
        leaks.scan(f"{persona} search by token", persona, search)
        assert search.json()["count"] == len(_searchable(persona))
    leaks.report()


# --- Filter values and the published summary -------------------------------------------

UNKNOWN_SLUG = "finns-inte-alls"
#: Lists and pages that filter by a tag or target group (issue 12, finding 9): a value only
#: hidden ideas carry is answered like one that exists nowhere.
FILTERED = [
    ("/api/v1/ideas/", "tag"),
    ("/api/v1/ideas/", "target_group"),
    ("/api/v1/ideas/export.csv", "tag"),
    ("/api/v1/ideas/export.csv", "target_group"),
    ("/api/v1/ideas/export.json", "tag"),
    ("/api/v1/ideas/export.json", "target_group"),
    ("/api/v1/test-rounds/", "target_group"),
    ("/api/v1/search/", "target_group"),
    ("/ideer/", "tag"),
    ("/ideer/", "target_group"),
    ("/testa/", "target_group"),
    ("/sok/", "target_group"),
]


def _filter_answer(response: Any, value: str) -> tuple[int, str]:
    """Status and body without the asked value and the per-response CSRF tokens."""
    text = content(response)
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", text)
    text = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1", text)
    return response.status_code, text.replace(value, "<value>")


def _filtered_ids(path: str, response: Any) -> set[int]:
    text = content(response)
    if path.endswith(".csv"):
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}
    data = json.loads(text)
    return {row["id"] for row in data["ideas" if path.endswith(".json") else "results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_filter_value_of_a_hidden_idea_is_answered_like_an_unknown_one(
    world: World, persona: str
) -> None:
    leaks = Leaks(world)
    client = world.client(persona)
    for path, name in FILTERED:
        unknown = client.get(path, {name: UNKNOWN_SLUG})
        leaks.scan(f"{persona} GET {path}?{name}=<unknown>", persona, unknown)
        leaks.status(f"{persona} GET {path}?{name}=<unknown>", unknown, 200)
        want = _filter_answer(unknown, UNKNOWN_SLUG)
        for v in VISIBILITIES:
            value = tag_slug(v) if name == "tag" else group_slug(v)
            response = client.get(path, {name: value})
            what = f"{persona} GET {path}?{name}={value}"
            leaks.scan(what, persona, response)
            if not visible(persona, f"idea:{v}"):
                if _filter_answer(response, value) != want:
                    leaks.found.append(f"{what}: answered unlike a value that exists nowhere")
                continue
            leaks.status(what, response, 200)
            if path.startswith("/api/v1/ideas/"):
                # The list: the idea; open data: the idea if public.
                public = not path.endswith("/ideas/")
                want_ids = set() if public and v != "public" else {world.id(f"idea:{v}")}
                if _filtered_ids(path, response) != want_ids:
                    leaks.found.append(f"{what}: does not give exactly idea:{v}")
            elif path == "/api/v1/test-rounds/":
                key = f"round-recruiting:{v}"
                if _filtered_ids(path, response) != {world.id(key)}:
                    leaks.found.append(f"{what}: does not give exactly {key}")
            elif path == "/ideer/" and marker(f"idea:{v}") not in content(response):
                leaks.found.append(f"{what}: does not show idea:{v}")
    leaks.report()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_closed_rounds_figures_are_the_teams_below_the_minimum_group(
    world: World, persona: str
) -> None:
    """Nobody answered in the world's closed rounds, fewer than ROUND_SUMMARY_MIN_PARTICIPANTS
    (issue 12, finding 11): the team and platform staff get the figures; everyone else who
    may read the summary gets the participants and findings, and why."""
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    figures = persona in ("member", "coordinator", "staff")
    for v in VISIBILITIES:
        key = f"round-closed:{v}"
        if expected_status("summary", key, persona) != 200:
            continue
        data = read.json(f"/api/v1/test-rounds/{world.id(key)}/summary/")
        read.same(f"summary of {key}: withheld", data["suppressed"], not figures)
        read.same(f"summary of {key}: tasks shown", bool(data["tasks"]), figures)
        response, _body = read.get(f"/testomgangar/{world.id(key)}/resultat/")
        summary = response.context["summary"]
        read.same(f"results page of {key}: withheld", summary["suppressed"], not figures)
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
        read.same(f"search page {q!r} count", result.count, len(_searchable(persona)))
        read.same(
            f"search page {q!r} type facet total",
            sum(f.count for f in result.facets["type"]),
            len(_searchable(persona)),
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


# --- The rule as selectors ---------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_idea_selectors_answer_as_the_table_does(world: World, persona: str) -> None:
    """`may_see_idea` (one person, memberships read afresh: services and sockets) and
    `users_who_may_see_idea` (many people in one query: notifications) state the same rule
    as `Idea.objects.visible_to`."""
    user = world.users[persona]
    for key in keys_of("idea"):
        idea = world.objects[key]
        assert may_see_idea(user or AnonymousUser(), idea.pk) == visible(persona, key), key
        if user is not None:
            audience = users_who_may_see_idea(idea, [user.pk]).values_list("pk", flat=True)
            assert (user.pk in audience) == visible(persona, key), key


# --- The live comment socket ------------------------------------------------------------

ORIGIN = (b"origin", b"http://localhost")


async def _socket_answers(world: World, persona: str) -> dict[str | None, Any]:
    headers = [ORIGIN]
    if persona in world.session_keys:
        headers.append((b"cookie", f"sessionid={world.session_keys[persona]}".encode()))
    answers: dict[str | None, Any] = {}
    for key in [*keys_of("idea"), None]:
        idea_id = world.id(key) if key else MISSING_ID
        socket = WebsocketCommunicator(
            application, f"/ws/ideas/{idea_id}/comments/", headers=headers
        )
        connected, _code = await socket.connect(timeout=5)
        messages: list[dict[str, Any]] = []
        if connected:
            await socket.send_json_to({"type": "resume", "after": 0})
            while not messages or messages[-1]["type"] != "comment.created":
                messages.append(await socket.receive_json_from(timeout=5))
            await socket.disconnect()
        answers[key] = (connected, messages)
    return answers


@pytest.mark.parametrize("persona", PERSONAS)
async def test_comment_socket_opens_exactly_the_threads_the_persona_may_see(
    world: World, persona: str
) -> None:
    # The consumer reads the database on a thread of its own (database_sync_to_async), with a
    # connection of its own: it sees the committed world, as a Daphne process would.
    answers = await _socket_answers(world, persona)
    # That thread keeps its connection open otherwise, and PostgreSQL then refuses to drop the
    # test database at the end of the run ("being accessed by other users").
    await database_sync_to_async(connections.close_all)()
    leaks = Leaks(world)
    connected, _messages = answers[None]
    if connected:
        leaks.found.append(f"{persona}: the socket of a missing idea opened")
    for key in keys_of("idea"):
        connected, messages = answers[key]
        if connected != visible(persona, key):
            leaks.found.append(f"{persona}: socket of {key} {'opened' if connected else 'refused'}")
        if not connected:
            continue
        text = json.dumps(messages)
        for hidden in leaks.hidden_keys(persona):
            if marker(hidden) in text:
                leaks.found.append(f"{persona} socket of {key}: shows hidden {hidden}")
        leaks._references(f"{persona} socket of {key}", persona, messages)
        comment = messages[-1]["comment"]
        comment_key = key.replace("idea:", "comment:")
        if comment["id"] != world.id(comment_key) or marker(comment_key) not in comment["body"]:
            leaks.found.append(f"{persona} socket of {key}: resume sent {comment}")
    leaks.report()


# --- References in what people send -----------------------------------------------------

#: Writes that name another object: (path, the object in the path, the field, the rest of the body).
REFERENCES = [
    ("/api/v1/ideas/{id}/comments/", "idea:public", "prototype", {"body": "Om versionen"}),
    ("/api/v1/ideas/{id}/comments/", "idea:public", "parent", {"body": "Svar"}),
    (
        "/api/v1/test-rounds/{id}/findings/",
        "round-recruiting:public",
        "addressed_in",
        {"severity": "minor", "description": "Fynd"},
    ),
    ("/api/v1/findings/{id}/", "finding-closed:public", "addressed_in", {}),
]


def _normalised(response: Any, *ids: int) -> tuple[int, str]:
    text = content(response)
    for value in ids:
        text = text.replace(str(value), "<id>")
    return response.status_code, text


def test_a_reference_to_a_hidden_object_is_answered_like_a_missing_one(world: World) -> None:
    """Naming a hidden object in a write gets the answer a missing id gets, word for word."""
    leaks = Leaks(world)
    referred = {"prototype": "prototype", "addressed_in": "prototype", "parent": "comment"}
    for path, target, name, body in REFERENCES:
        url = path.format(id=world.id(target))
        method = "PATCH" if path.startswith("/api/v1/findings/") else "POST"
        for persona in PERSONAS[1:]:
            missing = request(world.client(persona), method, url, {**body, name: MISSING_ID})
            want = _normalised(missing, MISSING_ID)
            hidden = [
                k
                for k in OBJECT_KEYS
                if TYPE_OF_KIND[kind_of(k)] == referred[name] and not visible(persona, k)
            ]
            for key in hidden:
                response = request(
                    world.client(persona), method, url, {**body, name: world.id(key)}
                )
                got = _normalised(response, world.id(key))
                if got != want:
                    leaks.found.append(
                        f"{persona} {method} {url} {name}={key}: {got}, a missing id gets {want}"
                    )
    leaks.report()


# --- Maps (issue 17, helper h19): a block of its own, to move as a whole ----------------
# The map API and /karta/ count per municipality and county only what the persona may see:
# the world's ideas are Skellefteå's (Västerbottens län, 24); Krokom reuses the public one.

LIST_OPS |= {
    ("GET", "/api/v1/map/municipalities/"),
    ("GET", "/api/v1/map/counties/"),
    # Places: test_places_are_seen_and_managed_as_the_persona_may below.
    ("GET", "/api/v1/places/"),
    ("POST", "/api/v1/places/"),
    ("GET", "/api/v1/places.geojson"),
    ("GET", "/api/v1/places/{id}/"),
    ("PATCH", "/api/v1/places/{id}/"),
    ("DELETE", "/api/v1/places/{id}/"),
}
GLOBAL_PAGES |= {"map", "place_detail"}
FILTERED += [
    ("/api/v1/map/municipalities/", "tag"),
    ("/api/v1/map/municipalities/", "target_group"),
    ("/api/v1/map/counties/", "target_group"),
    ("/karta/", "target_group"),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_maps_count_exactly_what_the_persona_may_see(world: World, persona: str) -> None:
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    ideas = len(_visible_ids(world, persona, "idea"))
    # Open for sign-up: the recruiting round on the open prototype (the one on the draft
    # prototype is not open, even for the team).
    open_rounds = len(_visible_ids(world, persona, "round-recruiting"))
    skelleftea, krokom = world.skelleftea.code, world.krokom.code
    for filters in ({}, {"stage": "prototype"}, {"county": world.skelleftea.county_id}):
        data = read.json("/api/v1/map/municipalities/", **filters)
        props = {f["properties"]["code"]: f["properties"] for f in data.get("features", [])}
        read.same(f"map {filters} features", len(props), 290)
        read.same(f"map {filters} Skellefteå ideas", props[skelleftea]["ideas"], ideas)
        read.same(f"map {filters} Skellefteå rounds", props[skelleftea]["open_rounds"], open_rounds)
        read.same(f"map {filters} Krokom reuses", props[krokom]["adoptions"], 1)
        read.same(f"map {filters} all ideas", sum(p["ideas"] for p in props.values()), ideas)
        counties = read.json("/api/v1/map/counties/", **filters)
        by_code = {f["properties"]["code"]: f["properties"] for f in counties.get("features", [])}
        read.same(f"county map {filters} ideas", by_code["24"]["ideas"], ideas)
    response, body = read.get("/karta/")
    row = re.search(r">Skellefteå</a></th><td>[^<]*</td><td class=\"number\">(\d+)<", body)
    read.same("map page Skellefteå ideas", int(row.group(1)) if row else None, ideas)
    leaks.report()


#: Places of Skellefteå (the world's municipality): a public one and one for its members.
#: Managed by its members (member, coordinator); seen by all (public) or by them (internal).
PLACE_TABLE = {
    # persona: (sees the internal place, manages Skellefteå's places)
    "anonymous": (False, False),
    "citizen": (False, False),
    "member": (True, True),
    "other": (False, False),
    "coordinator": (True, True),
    "staff": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_places_are_seen_and_managed_as_the_persona_may(world: World, persona: str) -> None:
    from maps import services as place_services

    member = world.users["member"]
    assert member is not None
    skelleftea = (20.9500, 64.7500)
    public = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="shop",
        name="Byns butik",
        point=skelleftea,
    )
    internal = place_services.place_create(
        actor=member,
        organisation=world.skelleftea,
        kind="safety_point",
        name=f"Krisrum {marker('idea:organisation')}",
        point=skelleftea,
        visibility="organisation",
        ideas=[world.id("idea:organisation")],
    )
    sees, manages = PLACE_TABLE[persona]
    leaks = Leaks(world)
    read = Reader(world, persona, leaks)
    listed = read.json("/api/v1/places/", organisation="skelleftea")
    want = {public.pk, internal.pk} if sees else {public.pk}
    read.same("place list", {p["id"] for p in listed["results"]}, want)
    geojson = read.json("/api/v1/places.geojson")
    read.same("places.geojson", {f["id"] for f in geojson["features"]} >= want, True)
    read.same("places.geojson hidden", internal.pk in {f["id"] for f in geojson["features"]}, sees)
    read.get(f"/api/v1/places/{public.pk}/")
    read.get(f"/platser/{public.pk}/")
    read.get(f"/api/v1/places/{internal.pk}/", want=200 if sees else 404)
    read.get(f"/platser/{internal.pk}/", want=200 if sees else 404)
    # A public place links the public idea only for those who see it: ideas are checked by
    # Leaks' scan (no marker of a hidden idea anywhere).
    client = world.client(persona)
    signed_in = persona != "anonymous"
    for place, visible_place in ((public, True), (internal, sees)):
        url = f"/api/v1/places/{place.pk}/"
        hidden = 404 if not visible_place else None
        patch = request(client, "PATCH", url, {"name": "Nytt namn"})
        leaks.status(
            f"{persona} PATCH {url}",
            patch,
            401 if not signed_in else hidden or (200 if manages else 403),
        )
        delete = request(client, "DELETE", url)
        leaks.status(
            f"{persona} DELETE {url}",
            delete,
            401 if not signed_in else hidden or (204 if manages else 403),
        )
    created = request(
        client,
        "POST",
        "/api/v1/places/",
        {"organisation": "skelleftea", "kind": "shop", "name": "Ny", "point": list(skelleftea)},
    )
    leaks.status(
        f"{persona} POST /api/v1/places/",
        created,
        401 if not signed_in else 201 if manages else 403,
    )
    leaks.report()

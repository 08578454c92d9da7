"""Every API operation the matrix walks, as data: test_table.py compares these with the
OpenAPI schema and fails on one missing here or one the API no longer has.

- OBJECT_OPS: operations whose URL names a world object (`Op`: method, path as the schema
  spells it, the object type, which TABLE action gives each kind's status, the body, what
  each URL placeholder is filled with). Checked in test_api_operations.py: for every
  persona, a hidden object answers exactly like a missing id.
- GLOBAL_OPS: operations about no world object; each names its TABLE row.
- LIST_OPS: lists and search, whose content is checked per persona in test_api_lists.py,
  test_search.py and test_filters.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.security.visibility.table import FINDINGS, PROTOTYPES, ROUNDS, see

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
    Op("GET", "/api/v1/ideas/{id}/", "idea", see("idea")),
    Op("PATCH", "/api/v1/ideas/{id}/", "idea", {"idea": "PATCH"}, {"summary": "Ny"}),
    Op("DELETE", "/api/v1/ideas/{id}/", "idea", {"idea": "DELETE"}),
    Op("POST", "/api/v1/ideas/{id}/stage/", "idea", {"idea": "stage"}, {"stage": "user_test"}),
    Op("GET", "/api/v1/ideas/{id}/stages/", "idea", see("idea")),
    Op("GET", "/api/v1/ideas/{id}/adoptions/", "idea", see("idea")),
    Op(
        "POST", "/api/v1/ideas/{id}/adoptions/", "idea", {"idea": "adopt"}, {"status": "evaluating"}
    ),
    Op("DELETE", "/api/v1/ideas/{id}/adoptions/", "idea", {"idea": "withdraw"}),
    Op("POST", "/api/v1/ideas/{id}/follow/", "idea", {"idea": "follow"}),
    Op("DELETE", "/api/v1/ideas/{id}/follow/", "idea", {"idea": "follow"}),
    Op("GET", "/api/v1/ideas/{id}/similar/", "idea", see("idea")),
    Op("GET", "/api/v1/ideas/{id}/evidence/", "idea", see("idea")),
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
        see("evidence"),
        params={"id": "idea", "evidence_id": "self"},
    ),
    Op("GET", "/api/v1/ideas/{id}/publiccode.yml", "idea", see("idea")),
    Op("GET", "/api/v1/ideas/{id}/comments/", "idea", see("idea")),
    Op("POST", "/api/v1/ideas/{id}/comments/", "idea", {"idea": "comment"}, {"body": "Hej"}),
    Op(
        "GET",
        "/api/v1/ideas/{idea_pk}/prototypes/",
        "idea",
        see("idea"),
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
    Op("GET", "/api/v1/prototypes/{id}/", "prototype", see(*PROTOTYPES)),
    Op(
        "PATCH",
        "/api/v1/prototypes/{id}/",
        "prototype",
        {"prototype-open": "PATCH"},
        {"description": "Ny beskrivning"},
    ),
    Op("GET", "/api/v1/prototypes/{id}/test-rounds/", "prototype", see(*PROTOTYPES)),
    Op(
        "POST",
        "/api/v1/prototypes/{id}/test-rounds/",
        "prototype",
        {"prototype-open": "plan-round"},
        NEW_ROUND,
    ),
    # Test rounds
    Op("GET", "/api/v1/test-rounds/{id}/", "round", see(*ROUNDS)),
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
    Op("GET", "/api/v1/findings/{id}/", "finding", see(*FINDINGS)),
    Op(
        "PATCH",
        "/api/v1/findings/{id}/",
        "finding",
        dict.fromkeys(FINDINGS, "PATCH"),
        {"description": "Ändrat fynd"},
    ),
    Op("DELETE", "/api/v1/findings/{id}/", "finding", {"finding-closed": "DELETE"}),
    # Comments
    Op("GET", "/api/v1/comments/{id}/", "comment", see("comment")),
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
    ("GET", "/api/v1/ideas/export.xlsx"),
    ("GET", "/api/v1/test-rounds/"),
    ("GET", "/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/{slug}/"),
    ("GET", "/api/v1/search/"),
    ("GET", "/api/v1/search/suggest/"),
    ("GET", "/api/v1/search/similar/"),
    ("POST", "/api/v1/auth/token/"),  # test_a_token_sees_what_the_session_sees
    # Revokes the caller's own token; nobody names another's (tests/accounts/test_token_lifetime.py).
    ("DELETE", "/api/v1/auth/token/"),
    # Citizen proposals, their threads and their moderation: test_proposals.py.
    ("GET", "/api/v1/proposals/"),
    ("POST", "/api/v1/proposals/"),
    ("GET", "/api/v1/proposals/{id}/"),
    ("PATCH", "/api/v1/proposals/{id}/"),
    ("POST", "/api/v1/proposals/{id}/me-too/"),
    ("DELETE", "/api/v1/proposals/{id}/me-too/"),
    ("POST", "/api/v1/proposals/{id}/follow/"),
    ("DELETE", "/api/v1/proposals/{id}/follow/"),
    ("GET", "/api/v1/proposals/{id}/comments/"),
    ("POST", "/api/v1/proposals/{id}/comments/"),
    ("POST", "/api/v1/proposals/{id}/flag/"),
    ("POST", "/api/v1/proposals/{id}/hide/"),
    ("DELETE", "/api/v1/proposals/{id}/hide/"),
    ("POST", "/api/v1/proposals/{id}/dismiss-flags/"),
    ("GET", "/api/v1/moderation/proposals/"),
    # Maps and places: test_maps.py.
    ("GET", "/api/v1/map/municipalities/"),
    ("GET", "/api/v1/map/counties/"),
    ("GET", "/api/v1/places/"),
    ("POST", "/api/v1/places/"),
    ("GET", "/api/v1/places.geojson"),
    ("GET", "/api/v1/places/{id}/"),
    ("PATCH", "/api/v1/places/{id}/"),
    ("DELETE", "/api/v1/places/{id}/"),
    # Facts: test_facts.py.
    ("GET", "/api/v1/organisations/{slug}/facts/"),
    ("POST", "/api/v1/organisations/{slug}/facts/"),
    ("GET", "/api/v1/facts/{id}/"),
    ("PATCH", "/api/v1/facts/{id}/"),
    ("DELETE", "/api/v1/facts/{id}/"),
    # Dialogue meetings: test_meetings.py.
    ("GET", "/api/v1/dialogues/{id}/meetings/"),
    ("POST", "/api/v1/dialogues/{id}/meetings/"),
    ("GET", "/api/v1/dialogues/{id}/calendar.ics"),
    ("GET", "/api/v1/meetings/{id}/"),
    ("PATCH", "/api/v1/meetings/{id}/"),
    ("POST", "/api/v1/meetings/{id}/cancel/"),
    ("POST", "/api/v1/meetings/{id}/registration/"),
    ("DELETE", "/api/v1/meetings/{id}/registration/"),
    ("GET", "/api/v1/meetings/{id}/registrations/"),
    ("GET", "/api/v1/meetings/{id}/report/"),
    ("PUT", "/api/v1/meetings/{id}/report/"),
    ("GET", "/api/v1/meetings/{id}/calendar.ics"),
    # Citizen dialogues: test_dialogues.py.
    ("GET", "/api/v1/dialogues/"),
    ("POST", "/api/v1/dialogues/"),
    ("GET", "/api/v1/dialogues/{id}/"),
    ("PATCH", "/api/v1/dialogues/{id}/"),
    ("GET", "/api/v1/dialogues/{id}/contributions/"),
    ("POST", "/api/v1/dialogues/{id}/contributions/"),
    ("GET", "/api/v1/dialogues/{id}/contributions.geojson"),
    ("PATCH", "/api/v1/dialogues/{id}/contributions/{contribution_id}/"),
    ("POST", "/api/v1/dialogues/{id}/contributions/{contribution_id}/idea/"),
    ("POST", "/api/v1/dialogues/{id}/contributions/{contribution_id}/flag/"),
    ("POST", "/api/v1/dialogues/{id}/contributions/{contribution_id}/dismiss-flags/"),
    ("GET", "/api/v1/moderation/contributions/"),
    ("GET", "/api/v1/dialogues/{id}/summary/"),
}

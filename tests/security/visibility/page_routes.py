"""Every page the matrix walks, by its frontend URL name: test_table.py compares these with
the URL conf and fails on a page missing here or one that no longer exists.

- OBJECT_PAGES: pages whose URL names a world object (`Page`: URL name, object type, which
  TABLE action gives each kind's status on GET, what each URL parameter is filled with).
  Checked in test_pages.py (test_page_route): for every persona, GET and POST on a hidden
  object answer exactly like a missing id.
- GLOBAL_PAGES: pages about no one object; what they show is checked per persona in
  test_pages.py (test_pages_show_exactly_what_the_persona_may_see).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.visibility.table import PROTOTYPES, ROUNDS, see


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
    Page("idea_detail", "idea", see("idea")),
    Page("idea_edit", "idea"),
    Page("idea_stage", "idea"),
    Page("evidence_add", "idea"),
    Page("evidence_delete", "evidence", params={"pk": "idea", "evidence_id": "self"}),
    Page("idea_adopt", "idea"),
    Page("idea_follow", "idea"),
    Page("idea_delete", "idea"),
    Page("idea_prototypes", "idea", see("idea"), params={"idea_pk": "self"}),
    Page("prototype_detail", "prototype", see(*PROTOTYPES)),
    Page(
        "prototype_image",
        "prototype",
        see(*PROTOTYPES),
        params={"pk": "self", "image_id": "image"},
    ),
    Page("prototype_edit", "prototype"),
    Page("round_create", "prototype"),
    Page("round_detail", "round", see(*ROUNDS)),
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
    "privacy",  # public notice pages: walked in test_notice_pages.py
    "map",  # maps and places: test_maps.py
    "place_detail",
    "place_create",
    "place_edit",
    "place_delete",
    "fact_sheet",  # facts: test_facts.py
    "fact_sheet_create",
    "fact_sheet_edit",
    # Citizen proposals and their threads: test_proposals.py.
    "proposal_list",
    "proposal_create",
    "proposal_detail",
    "proposal_edit",
    "proposal_withdraw",
    "proposal_answer",
    "proposal_me_too",
    "proposal_follow",
    "proposal_flag",
    "proposal_hide",
    "proposal_dismiss_flags",
    "proposal_comment_post",
    "proposal_comment_reply",
    "proposal_comment_edit",
    "proposal_comment_delete",
    "proposal_comment_flag",
    "proposal_comment_hide",
    # Dialogue meetings: test_meetings.py.
    "dialogue_meetings",
    "meeting_create",
    "meeting_detail",
    "meeting_register",
    "meeting_cancel",
    "meeting_report",
    "meeting_edit",
    "meeting_call_off",
    # Citizen dialogues: test_dialogues.py.
    "dialogue_list",
    "dialogue_create",
    "dialogue_detail",
    "dialogue_edit",
    "dialogue_status",
    "contribution_gold",
    "contribution_idea",
    "contribution_hide",
    "contribution_flag",
    "contribution_dismiss_flags",
}


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

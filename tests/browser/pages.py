"""Every page of the site, as a visitor, a citizen, a member and staff meet it: THE place
to add a page.

`PAGES` lists each HTML page once per kind of person for whom it differs; the every-page
browser tests (tests/browser/test_every_page.py) visit each one in Swedish and in English
with axe-core's WCAG 2.2 A/AA rules (0 violations), at 320 CSS px (no sideways scrolling,
WCAG 1.4.10) and with the header at desktop widths. `NOT_PAGES` names every URL pattern that
has no HTML page of its own on GET, with the reason. tests/frontend/test_page_table.py fails
when a URL pattern of the site is in neither, so a new page cannot be forgotten: add a
`Visit` row here (and, if it needs data, a line in tests/browser/page_world.py).

A path is filled from the page world (tests/browser/page_world.py): "{idea}" is the id of
its idea, "{round_closed}" the id of its closed test round, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# The people a page is visited as. "visitor" is not signed in; the others are the page
# world's personas (tests/browser/page_world.py PERSONAS): "member" is a member of the
# organisation that owns everything in the world, "adopter" a member of another one,
# "staff" platform staff, "mfa" a member with an authenticator app, recovery codes and a
# security key, "no-password" a member who signs in only by single sign-on.
VISITOR = "visitor"
LANGUAGES = ("sv", "en")

# Steps taken before the visit (see test_every_page.py `arrive`).
REAUTHENTICATE = "reauthenticate"  # allauth asks for the password again first
SIGN_IN_UP_TO_SECOND_FACTOR = "sign-in-up-to-second-factor"  # password given, code asked


@dataclass(frozen=True)
class Visit:
    """One page as one kind of person meets it."""

    # The URL pattern the visit covers: its name ("frontend:idea_detail", "account_login")
    # or, for an error page, "error:<status>".
    url: str
    path: str
    personas: tuple[str, ...] = (VISITOR,)
    status: int = 200
    before: str = ""
    # Axe rules a third-party page is known to break (and the accessibility statement says
    # so); never for the site's own pages.
    known_violations: frozenset[str] = field(default_factory=frozenset)
    languages: tuple[str, ...] = LANGUAGES
    # A selector to wait for before checking, on a page its script builds.
    ready: str = ""
    # Where the visit ends when the page moves on by itself (a regular expression of the
    # path); by default the path asked for.
    lands_on: str = ""


PAGES: list[Visit] = [
    # --- The shell and organisations
    Visit("frontend:home", "/", (VISITOR, "citizen", "member", "staff")),
    Visit("frontend:organisation_list", "/organisationer/?county=19"),
    Visit("frontend:organisation_detail", "/organisationer/skelleftea/", (VISITOR, "member")),
    Visit("frontend:accessibility", "/tillganglighet/"),
    Visit("frontend:privacy", "/integritet/"),
    # --- Maps and places
    Visit("frontend:map", "/karta/"),
    Visit("frontend:map", "/karta/?county=24&measure=open_rounds"),
    Visit("frontend:place_detail", "/platser/{place}/", (VISITOR, "member")),
    Visit("frontend:place_create", "/organisationer/skelleftea/platser/ny/", ("member",)),
    Visit("frontend:place_edit", "/platser/{place}/redigera/", ("member",)),
    Visit("frontend:place_delete", "/platser/{place}/ta-bort/", ("member",)),
    # --- Facts
    Visit("frontend:fact_sheet", "/organisationer/skelleftea/fakta/", (VISITOR, "member")),
    Visit("frontend:fact_sheet", "/organisationer/skelleftea/fakta/?year=2022"),
    Visit("frontend:fact_sheet", "/organisationer/krokom/fakta/"),  # none yet
    Visit("frontend:fact_sheet_create", "/organisationer/skelleftea/fakta/ny/", ("member",)),
    Visit("frontend:fact_sheet_edit", "/organisationer/skelleftea/fakta/2023/andra/", ("member",)),
    Visit(
        "frontend:dialogue_meetings", "/dialoger/{dialogue}/moten/", (VISITOR, "citizen", "member")
    ),
    Visit("frontend:meeting_detail", "/moten/{meeting}/", (VISITOR, "citizen", "member")),
    Visit("frontend:meeting_create", "/dialoger/{dialogue}/moten/nytt/", ("member",)),
    Visit("frontend:meeting_report", "/moten/{meeting_held}/rapport/", ("member",)),
    Visit("frontend:meeting_edit", "/moten/{meeting}/redigera/", ("member",)),
    Visit("frontend:meeting_call_off", "/moten/{meeting}/installa/", ("member",)),
    # A cancelled meeting: "Inställt" with the reason, no sign-up form.
    Visit("frontend:meeting_detail", "/moten/{meeting_cancelled}/", ("citizen", "member")),
    # --- Citizen dialogues
    Visit("frontend:dialogue_list", "/dialoger/"),
    Visit("frontend:dialogue_detail", "/dialoger/{dialogue}/", (VISITOR, "citizen", "member")),
    Visit("frontend:dialogue_detail", "/dialoger/{dialogue_reported}/"),
    Visit("frontend:dialogue_create", "/dialoger/ny/", ("member",)),
    Visit("frontend:dialogue_edit", "/dialoger/{dialogue}/redigera/", ("member",)),
    Visit(
        "frontend:contribution_flag",
        "/dialoger/{dialogue}/bidrag/{contribution}/flagga/",
        ("citizen",),
    ),
    Visit("frontend:my_account", "/mitt-konto/", ("citizen", "member", "staff")),
    # --- Ideas
    Visit("frontend:idea_list", "/ideer/"),
    Visit("frontend:idea_detail", "/ideer/{idea}/", (VISITOR, "citizen", "member", "staff")),
    Visit("frontend:idea_detail", "/ideer/{stopped_idea}/"),  # discontinued: another timeline
    Visit("frontend:idea_create", "/ideer/ny/", ("member",)),
    Visit("frontend:idea_edit", "/ideer/{idea}/redigera/", ("member",)),
    Visit("frontend:idea_stage", "/ideer/{idea}/steg/", ("member",)),
    Visit("frontend:evidence_add", "/ideer/{idea}/underlag/", ("member",)),
    Visit("frontend:evidence_delete", "/ideer/{idea}/underlag/{evidence}/ta-bort/", ("member",)),
    Visit("frontend:idea_adopt", "/ideer/{idea}/ateranvandning/", ("adopter",)),
    Visit("frontend:idea_delete", "/ideer/{idea}/radera/", ("staff",)),
    # --- Prototypes and test rounds
    Visit("frontend:round_list", "/testa/"),
    Visit("frontend:my_rounds", "/mina-testomgangar/", ("citizen",)),
    Visit("frontend:idea_prototypes", "/prototyper/ide/{idea}/", (VISITOR, "member")),
    Visit("frontend:prototype_detail", "/prototyper/{prototype}/", (VISITOR, "member")),
    Visit("frontend:prototype_edit", "/prototyper/{prototype}/redigera/", ("member",)),
    Visit("frontend:round_create", "/prototyper/{prototype}/ny-testomgang/", ("member",)),
    Visit(
        "frontend:round_detail",
        "/testomgangar/{round_recruiting}/",
        (VISITOR, "citizen", "member"),
    ),
    Visit("frontend:round_detail", "/testomgangar/{round_running}/", ("citizen", "member")),
    Visit("frontend:round_detail", "/testomgangar/{round_closed}/"),
    Visit("frontend:round_withdraw", "/testomgangar/{round_running}/avanmalan/", ("citizen",)),
    Visit("frontend:round_feedback", "/testomgangar/{round_running}/aterkoppling/", ("citizen",)),
    Visit("frontend:round_results", "/testomgangar/{round_closed}/resultat/", (VISITOR, "member")),
    Visit("frontend:round_edit", "/testomgangar/{round_recruiting}/redigera/", ("member",)),
    Visit("frontend:finding_edit", "/fynd/{finding}/redigera/", ("member",)),
    # --- Citizen proposals
    Visit("frontend:proposal_list", "/forslag/"),
    Visit("frontend:proposal_list", "/forslag/?status=answered&county=24"),
    Visit("frontend:proposal_create", "/forslag/ny/", ("citizen",)),
    Visit("frontend:proposal_create", "/forslag/ny/?plats={place}&fakta={fact}", ("citizen",)),
    Visit("frontend:proposal_detail", "/forslag/{proposal}/", (VISITOR, "citizen", "member")),
    Visit("frontend:proposal_detail", "/forslag/{answered_proposal}/"),
    Visit("frontend:proposal_edit", "/forslag/{proposal}/redigera/", ("citizen",)),
    Visit("frontend:proposal_withdraw", "/forslag/{proposal}/dra-tillbaka/", ("citizen",)),
    Visit("frontend:proposal_answer", "/forslag/{proposal}/svara/", ("member",)),
    Visit("frontend:proposal_flag", "/forslag/{proposal}/flagga/", ("member",)),
    Visit("frontend:proposal_hide", "/forslag/{proposal}/dolj/", ("staff",)),
    Visit(
        "frontend:proposal_comment_reply",
        "/forslag/{proposal}/kommentarer/{proposal_comment}/svara/",
        ("member",),
    ),
    Visit(
        "frontend:proposal_comment_edit",
        "/forslag/{proposal}/kommentarer/{proposal_comment}/redigera/",
        ("citizen",),
    ),
    Visit(
        "frontend:proposal_comment_delete",
        "/forslag/{proposal}/kommentarer/{proposal_comment}/radera/",
        ("citizen",),
    ),
    Visit(
        "frontend:proposal_comment_flag",
        "/forslag/{proposal}/kommentarer/{proposal_comment}/flagga/",
        ("member",),
    ),
    Visit(
        "frontend:proposal_comment_hide",
        "/forslag/{proposal}/kommentarer/{proposal_comment}/dolj/",
        ("staff",),
    ),
    # --- Search
    Visit("frontend:search", "/sok/"),
    Visit("frontend:search", "/sok/?q=seniorer"),
    # --- Comments, moderation, notifications
    Visit("frontend:comment_reply", "/ideer/{idea}/kommentarer/{answer}/svara/", ("citizen",)),
    Visit("frontend:comment_edit", "/ideer/{idea}/kommentarer/{question}/redigera/", ("citizen",)),
    Visit("frontend:comment_delete", "/ideer/{idea}/kommentarer/{question}/radera/", ("citizen",)),
    Visit("frontend:comment_flag", "/ideer/{idea}/kommentarer/{question}/flagga/", ("member",)),
    Visit("frontend:comment_hide", "/ideer/{idea}/kommentarer/{answer}/dolj/", ("staff",)),
    Visit("frontend:moderation", "/moderering/", ("staff",)),
    Visit("frontend:notification_list", "/mitt-konto/notiser/", ("citizen", "member")),
    # --- Accounts (allauth): sign-in, sign-up, addresses, passwords
    Visit("account_login", "/accounts/login/"),
    Visit("account_signup", "/accounts/signup/"),
    Visit("account_logout", "/accounts/logout/", ("citizen",)),
    Visit("account_inactive", "/accounts/inactive/"),
    Visit("account_reauthenticate", "/accounts/reauthenticate/", ("member",)),
    Visit("account_email", "/accounts/email/", ("member",)),
    Visit("account_email_verification_sent", "/accounts/confirm-email/"),
    Visit("account_confirm_email", "/accounts/confirm-email/{email_confirmation_key}/"),
    Visit("account_change_password", "/accounts/password/change/", ("member",)),
    Visit("account_set_password", "/accounts/password/set/", ("no-password",)),
    Visit("account_reset_password", "/accounts/password/reset/"),
    Visit("account_reset_password_done", "/accounts/password/reset/done/"),
    # The key is kept in the session and the page moves to …/set-password/.
    Visit("account_reset_password_from_key", "{password_reset_path}", lands_on=r".*-set-password/"),
    Visit("account_reset_password_from_key_done", "/accounts/password/reset/key/done/"),
    # --- Second factors (allauth.mfa)
    Visit("mfa_index", "/accounts/2fa/", ("member", "mfa")),
    Visit(
        "mfa_authenticate",
        "/accounts/2fa/authenticate/",
        ("mfa",),
        before=SIGN_IN_UP_TO_SECOND_FACTOR,
    ),
    Visit("mfa_reauthenticate", "/accounts/2fa/reauthenticate/", ("mfa",)),
    Visit("mfa_activate_totp", "/accounts/2fa/totp/activate/", ("member",), before=REAUTHENTICATE),
    Visit("mfa_deactivate_totp", "/accounts/2fa/totp/deactivate/", ("mfa",), before=REAUTHENTICATE),
    Visit(
        "mfa_view_recovery_codes",
        "/accounts/2fa/recovery-codes/",
        ("mfa",),
        before=REAUTHENTICATE,
    ),
    Visit(
        "mfa_generate_recovery_codes",
        "/accounts/2fa/recovery-codes/generate/",
        ("mfa",),
        before=REAUTHENTICATE,
    ),
    Visit("mfa_list_webauthn", "/accounts/2fa/webauthn/", ("member", "mfa")),
    Visit("mfa_add_webauthn", "/accounts/2fa/webauthn/add/", ("member",), before=REAUTHENTICATE),
    Visit("mfa_reauthenticate_webauthn", "/accounts/2fa/webauthn/reauthenticate/", ("mfa",)),
    Visit(
        "mfa_edit_webauthn",
        "/accounts/2fa/webauthn/keys/{security_key}/edit/",
        ("mfa",),
        before=REAUTHENTICATE,
    ),
    Visit(
        "mfa_remove_webauthn",
        "/accounts/2fa/webauthn/keys/{security_key}/remove/",
        ("mfa",),
        before=REAUTHENTICATE,
    ),
    # --- Single sign-on accounts (allauth.socialaccount)
    Visit("socialaccount_connections", "/accounts/3rdparty/", ("member",)),
    Visit("socialaccount_login_cancelled", "/accounts/3rdparty/login/cancelled/"),
    Visit("socialaccount_login_error", "/accounts/3rdparty/login/error/", status=401),
    # --- The API documentation (Swagger UI, third-party; in English only, as the API): its
    # nested buttons, h3 tag headings and title outside <main> are listed as known problems
    # in the accessibility statement.
    Visit(
        "swagger-ui",
        "/api/docs/",
        known_violations=frozenset({"nested-interactive", "heading-order", "region"}),
        languages=("en",),
        ready=".swagger-ui .info .title",
    ),
    # --- Error pages
    Visit("error:404", "/ideer/999999/", status=404),
    Visit("error:403", "/moderering/", ("citizen",), status=403),
]

# URL patterns with no HTML page of their own on GET: pattern name (or route) -> why.
NOT_PAGES: dict[str, str] = {
    "schema": "the OpenAPI document (YAML)",
    "set_language": "POST only: the language switch",
    "feed-ideas": "Atom feed",
    "feed-stages": "Atom feed",
    "frontend:my_export": "a JSON download",
    "frontend:my_delete": "POST only (the form is on the my-account page)",
    "frontend:my_token_revoke": "POST only (the form is on the my-account page)",
    "frontend:markdown_preview": "POST only: a fragment for the preview panel",
    "frontend:idea_follow": "POST only (the button is on the idea page)",
    "frontend:prototype_image": "an image file",
    "frontend:round_sign_up": "POST only (the form is on the round page)",
    "frontend:meeting_register": "POST only (the form is on the meeting pages)",
    "frontend:meeting_cancel": "POST only (the form is on the meeting pages)",
    "frontend:round_status": "POST only (the buttons are on the results page)",
    "frontend:finding_create": "POST only (the form is on the results page)",
    "frontend:comment_post": "POST only (the form is on the idea page)",
    "frontend:dialogue_status": "POST only (the button is on the dialogue page)",
    "frontend:contribution_gold": "POST only (the buttons are on the dialogue page)",
    "frontend:contribution_idea": "POST only (the form is on the dialogue page)",
    "frontend:contribution_hide": "POST only (the forms are on the dialogue and moderation pages)",
    "frontend:contribution_dismiss_flags": "POST only (the button is on the moderation page)",
    "frontend:comment_dismiss_flags": "POST only (the button is on the moderation page)",
    "frontend:proposal_me_too": "POST only (the button is on the proposal page)",
    "frontend:proposal_follow": "POST only (the button is on the proposal page)",
    "frontend:proposal_dismiss_flags": "POST only (the button is on the moderation page)",
    "frontend:proposal_comment_post": "POST only (the form is on the proposal page)",
    "frontend:notification_read": "POST only (the button is on the notifications page)",
    "account_confirm_login_code": "sign-in by e-mailed code is off: redirects to sign-in",
    "mfa_download_recovery_codes": "a text file",
    "socialaccount_signup": "only inside a single sign-on that needs an e-mail address; "
    "without one it redirects to sign-in",
    "openid_connect_login": "exists only with single sign-on configured (OIDC_CLIENT_ID)",
    "openid_connect_callback": "the identity provider's redirect back, not a page",
    # allauth's old /accounts/social/... addresses redirect to /accounts/3rdparty/...
    "accounts/social/login/cancelled/": "a redirect to socialaccount_login_cancelled",
    "accounts/social/login/error/": "a redirect to socialaccount_login_error",
    "accounts/social/signup/": "a redirect to socialaccount_signup",
    "accounts/social/connections/": "a redirect to socialaccount_connections",
}

# Whole areas outside the table, by path prefix -> why.
NOT_PAGES_UNDER: dict[str, str] = {
    "api/v1/": "the JSON API (tests/security, tests/fuzz)",
    "admin/": "Django's admin: a staff tool with Django's own templates, not the site's pages",
}


@dataclass(frozen=True)
class Case:
    """One visit as one persona in one language: what a test is parametrized with."""

    visit: Visit
    persona: str
    language: str

    @property
    def id(self) -> str:
        """`idea_detail[stopped_idea]-visitor-en`: the URL's name, what the path is filled
        with (or its query) where one name has several visits, the person and the language."""
        name = self.visit.url.split(":")[-1]
        variant = (
            "-".join(re.findall(r"{(\w+)}", self.visit.path)) or urlsplit(self.visit.path).query
        )
        if variant and sum(v.url == self.visit.url for v in PAGES) > 1:
            name = f"{name}[{variant}]"
        return f"{name}-{self.persona}-{self.language}"

    def path(self, world: dict[str, object]) -> str:
        return self.visit.path.format(**world)


def cases() -> Iterator[Case]:
    """Every visit as every persona it lists, in each language."""
    for visit in PAGES:
        for persona in visit.personas:
            for language in visit.languages:
                yield Case(visit, persona, language)

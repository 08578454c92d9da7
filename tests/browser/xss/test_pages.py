"""Every page that shows what people wrote, for the public, the team, the citizen and the
other municipality: the hostile text shown as text, in form fields as their values, in
attributes as their values; search snippets, the similar-idea hint and the notification
e-mail quote it unchanged."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.xss.guard import sent_mails
from tests.browser.xss.hostile import (
    ADOPTION_CONTACT,
    ADOPTION_NOTE,
    BODY,
    CITIZEN_NAME,
    COMMENT,
    CONSENT,
    CONTACT,
    EVIDENCE_TITLE,
    FEEDBACK_TEXT,
    FILE_NAME,
    FINDING,
    GOAL,
    IMAGE_ALT,
    LESSONS,
    LICENCE,
    LINK_TITLE,
    MARK,
    MEMBER_NAME,
    PAYLOADS,
    PLACE,
    PROTOTYPE_LABEL,
    PROTOTYPE_TEXT,
    QUERY,
    REPLY,
    RESULTS,
    ROUND_GROUP,
    ROUND_TITLE,
    STAGE_NOTE,
    SUMMARY,
    TAGS,
    TARGET_GROUPS,
    TASK_COMMENTS,
    TASKS,
    TITLE,
    URL_APOSTROPHE,
    URL_QUOTE,
    markdown_shown,
    norm,
)
from tests.browser.xss.world import ADOPTER, CITIZEN, MEMBER, World
from tests.live import LiveSite


def test_hostile_text_is_shown_as_text_on_every_page(world: World, live_site: LiveSite) -> None:
    idea, prototype, test_round = world.idea, world.prototype, world.round
    anonymous = world.guards["anonymous"]
    member, citizen, adopter = world.guards[MEMBER], world.guards[CITIZEN], world.guards[ADOPTER]
    everything_on_the_idea = [
        TITLE,
        SUMMARY,
        *markdown_shown("Beskrivning"),
        RESULTS,
        LESSONS,
        *TAGS,
        *TARGET_GROUPS,
        MEMBER_NAME,
        EVIDENCE_TITLE,
        *markdown_shown("Underlagstext"),
        URL_QUOTE,
        FILE_NAME,
        STAGE_NOTE,
        LINK_TITLE,
        URL_APOSTROPHE,  # a link without a title shows its address
        LICENCE,
        CONTACT,
        PROTOTYPE_LABEL,
        ADOPTION_NOTE,
        *markdown_shown("Kommentar"),
        *markdown_shown("Svar"),
        CITIZEN_NAME,
    ]
    # The public.
    # The round is running: the home page lists it no longer ("open for sign-up" means
    # recruiting), /testa/ still does (below).
    anonymous.visit("/").check(TITLE)
    anonymous.visit("/ideer/").check(TITLE, SUMMARY)
    anonymous.visit(f"/ideer/?tag={world.tag_slug}").check(TITLE)
    anonymous.visit(f"/ideer/{idea}/").check(*everything_on_the_idea)
    assert_accessible(anonymous.page)
    links = anonymous.page.locator("#links-heading + ul a")
    expect(links).to_have_count(2)
    assert links.nth(0).get_attribute("href") == URL_QUOTE
    assert links.nth(1).get_attribute("href") == URL_APOSTROPHE
    assert (
        anonymous.page.locator(".evidence a", has_text="example.org").get_attribute("href")
        == URL_QUOTE
    )
    expect(anonymous.page.get_by_text(ADOPTION_CONTACT)).to_have_count(0)  # the team's to see
    anonymous.visit("/organisationer/skelleftea/").check(TITLE)
    anonymous.visit("/organisationer/krokom/").check(TITLE)
    anonymous.visit(f"/prototyper/ide/{idea}/").check(TITLE, PROTOTYPE_LABEL)
    anonymous.visit(f"/prototyper/{prototype}/").check(
        TITLE,
        PROTOTYPE_LABEL,
        PROTOTYPE_TEXT,
        ROUND_TITLE,
        attributes={".image-list img": ("alt", IMAGE_ALT)},
    )
    assert (
        anonymous.page.get_by_role("link", name="Öppna den klickbara prototypen").get_attribute(
            "href"
        )
        == URL_APOSTROPHE
    )
    anonymous.visit(f"/testomgangar/{test_round}/").check(
        ROUND_TITLE, GOAL, ROUND_GROUP, PLACE, CONSENT, *TASKS, TITLE, PROTOTYPE_LABEL
    )
    anonymous.visit("/testa/").check(ROUND_TITLE)

    # Search: the query reflected, and hits whose snippets are built from hostile text.
    anonymous.visit(f"/sok/?q={quote(QUERY, safe='')}").check(values={"#id_q": QUERY})
    assert f"Sök: {QUERY}" in anonymous.page.title()
    anonymous.visit(f"/sok/?q={MARK}").check(TITLE)
    # The snippet (HTML built by the search backend, shown as is) is a window of the
    # summary: the typed text with only the matched word marked.
    hit = anonymous.page.locator(
        ".hit", has=anonymous.page.get_by_role("link", name=TITLE, exact=True)
    )
    expect(hit.locator(".hit-snippet mark")).to_have_text([MARK])
    snippet = norm(hit.locator(".hit-snippet").inner_text().replace("…", ""))
    assert snippet.startswith(f"{MARK} sammanfattning {PAYLOADS[0]} {PAYLOADS[1]}")
    assert snippet in norm(SUMMARY)
    assert_accessible(anonymous.page)
    anonymous.visit(f"/organisationer/?q={quote(QUERY[:100], safe='')}").check(
        values={"[name=q]": QUERY[:100]}
    )

    # The team: their idea with the adopters' contacts, the forms filled with what they
    # wrote, the round's results.
    member.visit(f"/ideer/{idea}/").check(*everything_on_the_idea, ADOPTION_CONTACT)
    member.visit(f"/ideer/{idea}/redigera/").check(
        values={
            "[name=title]": TITLE,
            "[name=summary]": SUMMARY,
            "[name=body]": BODY,
            "[name=results]": RESULTS,
            "[name=lessons_learned]": LESSONS,
            "[name=contact_name]": CONTACT,
            "[name=software_licence]": LICENCE,
            "[name=links]": f"{LINK_TITLE} | {URL_QUOTE}\n{URL_APOSTROPHE} | {URL_APOSTROPHE}",
        }
    )
    member.visit(f"/prototyper/{prototype}/redigera/").check(
        values={
            "[name=p-label]": PROTOTYPE_LABEL,
            "[name=p-description]": PROTOTYPE_TEXT,
            "[name=p-link]": URL_APOSTROPHE,
        }
    )
    member.visit(f"/testomgangar/{test_round}/redigera/").check(
        values={
            "[name=title]": ROUND_TITLE,
            "[name=goal]": GOAL,
            "[name=target_group]": ROUND_GROUP,
            "[name=tasks]": "\n".join(TASKS),
            "[name=place]": PLACE,
            "[name=consent_text]": CONSENT,
        }
    )
    member.visit(f"/testomgangar/{test_round}/resultat/").check(
        ROUND_TITLE, FINDING, *TASKS, *TASK_COMMENTS, FEEDBACK_TEXT
    )
    assert CITIZEN_NAME not in member.page.locator("main").inner_text()  # pseudonymous
    assert_accessible(member.page)
    member.visit(f"/fynd/{world.finding}/redigera/").check(values={"[name=description]": FINDING})
    # The version that addresses the finding lists it (its first 25 words).
    member.visit(f"/prototyper/{prototype}/").check(PROTOTYPE_LABEL, " ".join(FINDING.split()[:25]))
    member.visit("/mitt-konto/").check(TITLE, values={"[name=display_name]": MEMBER_NAME})
    member.visit("/mitt-konto/notiser/").check(CITIZEN_NAME, TITLE, norm(REPLY)[:200])
    member.visit(f"/ideer/{idea}/kommentarer/{world.comment}/redigera/").check(
        values={"[name=body]": COMMENT}
    )

    # The citizen: the round with her own answers, the feedback form, her pages.
    citizen.visit(f"/testomgangar/{test_round}/").check(
        ROUND_TITLE, *TASKS, *TASK_COMMENTS, FEEDBACK_TEXT
    )
    citizen.visit(f"/testomgangar/{test_round}/aterkoppling/").check(
        *TASKS,
        values={
            **{f"[name=task_{i}_comment]": c for i, c in enumerate(TASK_COMMENTS, start=1)},
            "[name=text]": FEEDBACK_TEXT,
        },
    )
    citizen.visit("/mina-testomgangar/").check(ROUND_TITLE)
    citizen.visit("/mitt-konto/").check(values={"[name=display_name]": CITIZEN_NAME})
    citizen.visit("/mitt-konto/notiser/").check(MEMBER_NAME, TITLE, norm(COMMENT)[:200])

    # The notification e-mail quotes the same text: plain text only, unchanged.
    mails = [(mail, body) for mail, body in sent_mails(live_site) if mail["To"] == CITIZEN]
    assert all(mail.get_content_type() == "text/plain" for mail, _body in mails)
    about = [body for _mail, body in mails if MARK in body]
    assert len(about) == 1, about
    assert TITLE in about[0] and norm(COMMENT)[:200] in norm(about[0])

    # The other municipality: what it reuses, with its own contact; and, while it types a
    # title for an idea of its own, the hint (built by search.js) naming the hostile one.
    adopter.visit(f"/ideer/{idea}/").check(ADOPTION_NOTE, ADOPTION_CONTACT)
    adopter.visit("/organisationer/krokom/").check(TITLE)
    page = adopter.visit("/ideer/ny/").page
    page.locator("[name=title]").press_sequentially(f"{MARK} titel", delay=10)
    # The link: the title as text, then "(opens in a new tab …)".
    expect(page.locator("#similar-hint a > span:first-child")).to_have_text([TITLE])
    adopter.check(TITLE)

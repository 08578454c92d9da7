"""The `world` the XSS tests read: everything written once for the package, through the
pages, by the people who may write it; the live site is left as the other browser tests
expect it afterwards. Modules run in name order: test_thread.py adds a comment (and its
notification e-mail), so it comes after test_pages.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.xss.guard import open_guard
from tests.browser.xss.hostile import (
    ADOPTION_CONTACT,
    ADOPTION_NOTE,
    BODY,
    CITIZEN_NAME,
    COMMENT,
    CONSENT,
    CONTACT,
    EVIDENCE_TEXT,
    EVIDENCE_TITLE,
    FEEDBACK_TEXT,
    FILE_NAME,
    FINDING,
    GOAL,
    IMAGE_ALT,
    LESSONS,
    LICENCE,
    LINK_TITLE,
    MEMBER_NAME,
    PLACE,
    PROTOTYPE_LABEL,
    PROTOTYPE_TEXT,
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
)
from tests.browser.xss.world import (
    ADOPTER,
    CITIZEN,
    MEMBER,
    ORIGINAL_NAMES,
    PNG,
    STAFF,
    World,
    fill,
    number,
    submit,
)
from tests.live import LiveSite


@pytest.fixture(scope="package")
def world(browser: Browser, live_site: LiveSite) -> Iterator[World]:
    """Everything written once, through the pages, by the people who may write it.

    Pages whose state passes (the Markdown preview, the consent text before sign-up) are
    checked on the way."""
    guards = {
        person: open_guard(browser, live_site, person)
        for person in (MEMBER, ADOPTER, CITIZEN, STAFF)
    }
    guards["anonymous"] = open_guard(browser, live_site)
    member, adopter, citizen = guards[MEMBER], guards[ADOPTER], guards[CITIZEN]
    try:
        # Display names, shown next to what each of them writes.
        for person, name in ((MEMBER, MEMBER_NAME), (CITIZEN, CITIZEN_NAME)):
            page = guards[person].visit("/mitt-konto/").page
            fill(page, {"display_name": name})
            submit(page, "display_name")
            guards[person].check(values={"[name=display_name]": name})

        # The idea, every field of the form; the Markdown preview on the way (JavaScript
        # puts the server's HTML into the page).
        page = member.visit("/ideer/ny/").page
        page.get_by_label("Tjänstekoncept").check()
        fill(
            page,
            {
                "title": TITLE,
                "summary": SUMMARY,
                "body": BODY,
                "tags": ", ".join(TAGS),
                "target_groups": ", ".join(TARGET_GROUPS),
                "results": RESULTS,
                "lessons_learned": LESSONS,
                "links": f"{LINK_TITLE} | {URL_QUOTE}\n | {URL_APOSTROPHE}",
                "repository_url": "https://example.org/kod",
                "software_licence": LICENCE,
                "contact_name": CONTACT,
            },
        )
        page.locator("[name=stage]").select_option("prototype")
        page.locator("[name=category]").select_option(index=1)
        page.locator("[name=visibility][value=public]").check()
        page.get_by_role("button", name="Förhandsgranska").click()
        expect(page.locator("#markdown-preview h3")).to_have_text("Beskrivning")
        member.check(*markdown_shown("Beskrivning"))
        submit(page, "title", button="Dela idén")
        idea = number(r"/ideer/(\d+)/$", page.url)
        member.check(TITLE, SUMMARY)

        # Evidence, a stage change with a note.
        page = member.visit(f"/ideer/{idea}/underlag/").page
        fill(page, {"title": EVIDENCE_TITLE, "text": EVIDENCE_TEXT, "link": URL_QUOTE})
        page.locator("[name=file]").set_input_files(
            {"name": FILE_NAME, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        )
        submit(page, "text")
        page = member.visit(f"/ideer/{idea}/steg/").page
        page.locator("[name=stage]").select_option("user_test")
        fill(page, {"note": STAGE_NOTE})
        submit(page, "note")
        member.check(STAGE_NOTE)

        # Another municipality reuses it.
        page = adopter.visit(f"/ideer/{idea}/").page
        reuse = page.get_by_role("region", name="Vi återanvänder detta")
        reuse.locator("[name=status][value=evaluating]").check()
        reuse.locator("[name=note]").fill(ADOPTION_NOTE)
        reuse.locator("[name=contact_name]").fill(ADOPTION_CONTACT)
        with page.expect_navigation():
            reuse.get_by_role("button", name="Spara vår återanvändning").click()
        adopter.check(ADOPTION_NOTE, ADOPTION_CONTACT)

        # The citizen follows it (and so hears of its comments).
        page = citizen.visit(f"/ideer/{idea}/").page
        with page.expect_navigation():
            page.get_by_role("button", name="Följ", exact=True).click()

        # A prototype, open for testing, with a screenshot and its text alternative.
        page = member.visit(f"/prototyper/ide/{idea}/").page
        fill(
            page, {"label": PROTOTYPE_LABEL, "description": PROTOTYPE_TEXT, "link": URL_APOSTROPHE}
        )
        page.locator("[name=status]").select_option("open")
        submit(page, "label")
        prototype = number(r"/prototyper/(\d+)/$", page.url)
        page = member.visit(f"/prototyper/{prototype}/redigera/").page
        page.locator("[name=img-image]").set_input_files(
            {"name": "skarm.png", "mimeType": "image/png", "buffer": PNG}
        )
        fill(page, {"img-alt_text": IMAGE_ALT})
        submit(page, "img-alt_text")
        member.check(PROTOTYPE_LABEL, PROTOTYPE_TEXT)

        # A test round, then recruiting.
        page = member.visit(f"/prototyper/{prototype}/ny-testomgang/").page
        fill(
            page,
            {
                "title": ROUND_TITLE,
                "goal": GOAL,
                "target_group": ROUND_GROUP,
                "tasks": "\n".join(TASKS),
                "place": PLACE,
                "capacity": "5",
                "consent_text": CONSENT,
            },
        )
        page.locator("[name=remote]").uncheck()  # so the place is shown
        submit(page, "consent_text")
        test_round = number(r"/testomgangar/(\d+)/resultat/$", page.url)
        submit(page, "status")  # planned -> recruiting

        # The citizen reads the consent text (shown only before signing up) and signs up.
        page = citizen.visit(f"/testomgangar/{test_round}/").page
        citizen.check(
            ROUND_TITLE, GOAL, ROUND_GROUP, PLACE, CONSENT, *TASKS, TITLE, PROTOTYPE_LABEL
        )
        page.get_by_label("Jag har läst samtyckestexten och godkänner den.").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Anmäl mig till testet").click()

        page = member.visit(f"/testomgangar/{test_round}/resultat/").page
        submit(page, "status")  # recruiting -> running

        # Feedback: a comment per task and free text.
        page = citizen.visit(f"/testomgangar/{test_round}/aterkoppling/").page
        for i, answer in enumerate(TASK_COMMENTS, start=1):
            page.locator(f"#id_task_{i}_completed_0").check()
            page.locator(f"#id_task_{i}_difficulty_1").check()
            page.locator(f"[name=task_{i}_comment]").fill(answer)
        for n in range(1, 11):
            page.locator(f"#id_sus_{n}_2").check()
        fill(page, {"text": FEEDBACK_TEXT})
        submit(page, "text")
        expect(page.get_by_role("status")).to_contain_text("Tack!")

        # The team's finding, based on that feedback and addressed in the prototype.
        page = member.visit(f"/testomgangar/{test_round}/resultat/").page
        page.locator("[name=severity]").select_option("major")
        fill(page, {"description": FINDING})
        page.locator("[name=feedback]").first.check()
        page.locator("[name=addressed_in]").select_option(index=1)
        submit(page, "description")
        finding = number(
            r"/fynd/(\d+)/redigera/",
            page.locator(".finding-list a").first.get_attribute("href") or "",
        )

        # A comment through the live thread's form (sent over the WebSocket, no reload), and
        # the citizen's reply through the reply page.
        page = member.visit(f"/ideer/{idea}/").page
        live_status = page.locator("[data-live-status]")
        expect(live_status).to_have_text(re.compile("uppdateringar är på"))
        page.locator("[data-comment-form] [name=body]").fill(COMMENT)
        page.get_by_role("button", name="Publicera kommentar").click()
        expect(live_status).to_have_text("Din kommentar publicerades.")
        written = page.locator("li.comment", has_text="Kommentar 0:")
        expect(written).to_have_count(1)
        comment = int(written.get_attribute("data-comment-id") or 0)
        member.check(*markdown_shown("Kommentar"))
        page = citizen.visit(f"/ideer/{idea}/kommentarer/{comment}/svara/").page
        citizen.check(*markdown_shown("Kommentar"), MEMBER_NAME)
        fill(page, {"body": REPLY})
        submit(page, "body")
        replied = page.locator("li.comment-reply", has_text="Svar 0:")
        expect(replied).to_have_count(1)

        tag_slug = live_site.shell(
            "from ideas.models import Idea; "
            f"print(Idea.objects.get(pk={idea}).tags.order_by('slug').first().slug)"
        ).strip()
        yield World(guards, idea, prototype, test_round, finding, comment, tag_slug)
    finally:
        for guard in guards.values():
            guard.page.context.close()
        # Leave the live site as the other browser tests expect it.
        live_site.shell(
            "from accounts.models import User\n"
            "from ideas import services\n"
            "from ideas.models import Idea\n"
            f"for address, name in {ORIGINAL_NAMES!r}.items():\n"
            "    User.objects.filter(email=address).update(display_name=name)\n"
            f"staff = User.objects.get(email={STAFF!r})\n"
            f"for idea in Idea.objects.filter(title={TITLE!r}):\n"
            "    services.idea_delete(actor=staff, idea=idea)\n"
        )

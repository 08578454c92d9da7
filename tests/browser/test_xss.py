"""Hostile text in every field people write stays text on every page that shows it.

The demo people write script tags, event handlers, attribute breakers, `javascript:` and
`data:` addresses, Markdown links to scripts and template tags into every text field they
can reach — through the pages' own forms, and once through the JSON API with a token —
and then Chromium visits every page that shows them. On each page, checked by `Guard`:

- no payload ran (`window.__xss` stays undefined) and no dialog opened;
- the Content-Security-Policy saw nothing to block: a `securitypolicyviolation` listener
  is installed before any page script, so markup that reached the DOM as code counts even
  though the CSP kept it from running;
- no element a payload could have created is in the DOM (inline script, `img[src=x]`,
  handlers, iframes, `javascript:`/`data:` links);
- what each person typed is on the page as text (or in the form field as its value).

Plus: the Markdown preview and the live comment thread (both put server HTML into the page
with JavaScript), the Atom feeds read as XML, and the refusal of script addresses in link
fields, whose error messages echo what was typed.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in
from tests.live import LiveSite

MEMBER = "erik.nilsson@skelleftea.example"  # member of Skellefteå: writes the idea and the round
ADOPTER = "maria.persson@krokom.example"  # coordinator in Krokom: records the reuse
CITIZEN = "greta.medborgare@example.org"  # citizen: follows, tests, gives feedback, replies
STAFF = "admin@delahub.example"  # platform staff: moderates
ORIGINAL_NAMES = {MEMBER: "Erik Nilsson", CITIZEN: "Greta"}

PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "[klick](javascript:window.__xss=1)",
    '<a href="javascript:window.__xss=1">x</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>">',
    "{{ 7*7 }}",
    '{% now "Y" %}',
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    "' onmouseover='window.__xss=1",
    "</textarea></title><script>window.__xss=1</script>",
)
# Markdown's own roads to a link or an image, as (source, the text a reader should see).
MARKDOWN_EXTRAS = (
    ("[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)", None),
    ("<javascript:window.__xss=1>", None),
    ("![bild](javascript:window.__xss=1)", None),
    ("[a](&#106;avascript:window.__xss=1)", "[a](javascript:window.__xss=1)"),
    ("[b](JaVaScRiPt:window.__xss=1)", None),
    # A real link whose address tries to leave the attribute: it stays a link (quotes
    # percent-encoded), and only its text shows.
    ('[c](https://example.org/"onmouseover="window.__xss=1)', "c"),
)
# What only a payload could have made (the site ships none of it): elements, any inline
# event handler, and any address that is a script or a document in a URL.
INSPECT = """async () => {
  // Let the violation reports of the last tasks arrive.
  await new Promise((resolve) => setTimeout(resolve, 50));
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const elements = "script:not([src]), img[src='x'], svg[onload], iframe, frame, object, embed, base";
  const found = [...document.querySelectorAll(elements)];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      let bad = name.startsWith("on") || name === "srcdoc";
      if (["href", "src", "action", "formaction", "xlink:href", "data", "poster"].includes(name)) {
        let scheme = "";
        try { scheme = new URL(attribute.value, document.baseURI).protocol; } catch (e) {}
        const image = element.localName === "img" && /^data:image\\/(png|gif|jpeg|webp);/i.test(attribute.value);
        bad = bad || scheme === "javascript:" || scheme === "vbscript:" || (scheme === "data:" && !image);
      }
      if (bad && !found.includes(element)) found.push(element);
    }
  }
  return {
    xss: typeof window.__xss,
    violations: window.__xssViolations,
    injected: found.map((e) => e.outerHTML.slice(0, 200)),
    text: document.body.innerText,
  };
}"""
GUARD_SCRIPT = """
window.__xssViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__xssViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI} in ${event.sourceFile}: ${event.sample}`
  );
}, true);
"""
# A 1×1 PNG for the prototype screenshot.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def hostile(
    tag: str, limit: int = 10_000, start: int = 0, payloads: tuple[str, ...] = PAYLOADS
) -> str:
    """`tag`, then as many payloads as fit in `limit` characters, beginning with payload `start`."""
    parts, size = [tag], len(tag)
    for i in range(len(payloads)):
        payload = payloads[(start + i) % len(payloads)]
        if size + 1 + len(payload) <= limit:
            parts.append(payload)
            size += 1 + len(payload)
    return " ".join(parts)


def hostile_markdown(tag: str, *, heading: bool = True) -> str:
    """A Markdown text: a heading, then every payload and Markdown link trick in its own paragraph."""
    sources = [*PAYLOADS, *(source for source, _shown in MARKDOWN_EXTRAS)]
    paragraphs = [f"{tag} {n}: {s}" for n, s in enumerate(sources)]
    return "\n\n".join([f"## {tag}", *paragraphs] if heading else paragraphs)


def markdown_shown(tag: str) -> list[str]:
    """The paragraphs of hostile_markdown(tag) as a reader sees them: the same text, as text."""
    shown = [*PAYLOADS, *(seen or source for source, seen in MARKDOWN_EXTRAS)]
    return [f"{tag} {n}: {s}" for n, s in enumerate(shown)]


def norm(text: str) -> str:
    return " ".join(text.split())


# What the demo people type. Short fields take as many payloads as fit, starting at different
# ones, so that every payload lands in a short field too.
MARK = "Xssprov"
TITLE = hostile(f"{MARK} titel", 200, start=10)
SUMMARY = hostile(f"{MARK} sammanfattning", 500)
BODY = hostile_markdown("Beskrivning")
RESULTS = hostile("Resultat")
LESSONS = hostile("Lärdom")
LINK_TITLE = hostile("Länk", 200, start=2)
# Addresses Django accepts as http(s) but that try to leave the href attribute.
URL_QUOTE = 'https://example.org/x?"><svg/onload=window.__xss=1>'
URL_APOSTROPHE = "https://example.org/'onmouseover='window.__xss=1"
CONTACT = hostile("Kontakt", 100, start=1)
LICENCE = hostile("Licens", 100, start=3)
# Tags and target groups are typed as a comma-separated list: payloads without a comma.
NO_COMMA = tuple(p for p in PAYLOADS if "," not in p)
TAGS = [hostile(f"tagg{i}", 60, start=i, payloads=NO_COMMA) for i in range(len(NO_COMMA))]
TARGET_GROUPS = [
    hostile(f"grupp{i}", 100, start=i, payloads=NO_COMMA) for i in range(0, len(NO_COMMA), 3)
]
STAGE_NOTE = hostile("Stegbyte")
EVIDENCE_TITLE = hostile("Underlag", 200, start=4)
EVIDENCE_TEXT = hostile_markdown("Underlagstext")
# The name of an uploaded file is shown too (no "/": it would be read as a path).
FILE_NAME = "Rapport <img src=x onerror=window.__xss=1> ' onmouseover='window.__xss=1 {{ 7*7 }}.pdf"
ADOPTION_NOTE = hostile("Återanvändning")
ADOPTION_CONTACT = hostile("Kontaktperson", 100, start=5)
PROTOTYPE_LABEL = hostile("v1", 100, start=6)
PROTOTYPE_TEXT = hostile("Prototyp")
IMAGE_ALT = hostile("Bild", 300, start=7)
ROUND_TITLE = hostile("Testomgång", 200, start=8)
GOAL = hostile("Mål")
ROUND_GROUP = hostile("Målgrupp", 100, start=9)
TASKS = [hostile(f"Uppgift {i}", 400, start=3 * i) for i in range(1, 4)]
PLACE = hostile("Plats", 300, start=2)
CONSENT = hostile("Samtycke")
TASK_COMMENTS = [hostile(f"Svar på uppgift {i}", 2_000, start=i) for i in range(1, 4)]
FEEDBACK_TEXT = hostile("Fritext")
FINDING = hostile("Fynd")
# Without a heading: comments render "##" as h4 right under the thread's h2, which axe
# reports as a skipped heading level (left to the comments app).
COMMENT = hostile_markdown("Kommentar", heading=False)
REPLY = hostile_markdown("Svar", heading=False)
LIVE_COMMENT = hostile_markdown("Direkt", heading=False)
FLAG_REASON = hostile("Flaggning")
HIDE_REASON = hostile("Dold")
MEMBER_NAME = hostile("Erik", 100)
CITIZEN_NAME = hostile("Greta", 100, start=5)
QUERY = hostile(MARK, 500)


@dataclass
class Guard:
    """One person's browser tab, watched for anything a payload could do."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def visit(self, path: str) -> Guard:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self

    def check(
        self,
        *texts: str,
        values: dict[str, str] | None = None,
        attributes: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """Nothing ran, was blocked or was created; `texts` are shown as text, `values`
        (selector -> value) are in their form fields, `attributes` (selector -> (name,
        value)) are attribute values."""
        page = self.page
        page.wait_for_load_state("load")
        state = page.evaluate(INSPECT)
        where = page.url
        assert state["xss"] == "undefined", f"{where}: a payload ran"
        assert not self.dialogs, f"{where}: dialogs {self.dialogs}"
        assert not self.errors, f"{where}: script errors {self.errors}"
        assert state["violations"] == [], f"{where}: CSP violations {state['violations']}"
        assert state["injected"] == [], f"{where}: markup from a payload {state['injected']}"
        shown = norm(state["text"])
        missing = [text for text in texts if norm(text) not in shown]
        assert not missing, f"{where}: not shown as text: {missing}"
        for selector, value in (values or {}).items():
            assert page.locator(selector).input_value() == value, f"{where}: {selector}"
        for selector, (name, value) in (attributes or {}).items():
            assert page.locator(selector).get_attribute(name) == value, f"{where}: {selector}"


def open_guard(browser: Browser, live_site: LiveSite, person: str | None = None) -> Guard:
    """A new browser context with the guard installed before any page script; signed in
    as `person` if given."""
    context = browser.new_context(base_url=live_site.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    context.add_init_script(script=GUARD_SCRIPT)
    page = context.new_page()
    guard = Guard(page)

    def on_dialog(dialog: Any) -> None:
        guard.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    if person:
        sign_in(page, person, DEMO_PASSWORD)
        expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    return guard


def form_of(page: Page, field_name: str) -> Any:
    """The form that holds the field named `field_name`."""
    return page.locator("form", has=page.locator(f"[name={field_name}]"))


def submit(page: Page, field_name: str, button: str | None = None) -> None:
    """Submit the form holding `field_name` (with the submit button named `button`, if
    there are several) and wait for the answer."""
    form = form_of(page, field_name)
    target = (
        form.get_by_role("button", name=button)
        if button
        else form.locator("button[type=submit]").first
    )
    with page.expect_navigation():
        target.click()


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)


def number(pattern: str, url: str) -> int:
    found = re.search(pattern, url)
    assert found, f"{pattern} not in {url}"
    return int(found.group(1))


def sent_mails(live_site: LiveSite) -> list[tuple[Message, str]]:
    """The e-mails the live site wrote (Django's file backend), each with its decoded body."""
    mails = []
    for text in live_site.mails():
        for chunk in text.split("-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.strip().encode("utf-8"))
            payload = message.get_payload(decode=True)
            assert isinstance(payload, bytes), "a multipart e-mail"
            mails.append((message, payload.decode(message.get_content_charset() or "utf-8")))
    return mails


class _Rendered(HTMLParser):
    """What a browser or feed reader makes of an HTML fragment: its elements with their
    attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.markup: list[str] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.append(tag)
        self.markup.extend(f"{name}={value}" for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


@dataclass
class World:
    guards: dict[str, Guard]
    idea: int
    prototype: int
    round: int
    finding: int
    comment: int
    tag_slug: str


@pytest.fixture(scope="module")
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


def test_the_guard_notices_markup_that_reached_the_page(world: World) -> None:
    """The checks below would catch a payload: one put into the page by hand is blocked by
    the CSP, reported to the listener and found as an element."""
    guard = world.guards["anonymous"].visit("/")
    guard.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=x onerror=\"window.__xss=1\">')"
    )
    with pytest.raises(AssertionError, match="CSP violations .*script-src"):
        guard.check()
    with pytest.raises(AssertionError, match="markup from a payload"):
        guard.page.evaluate("window.__xssViolations = []")
        guard.check()


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
    anonymous.visit("/").check(TITLE, ROUND_TITLE)
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
    expect(page.locator("#similar-hint a")).to_have_text([TITLE])
    adopter.check(TITLE)


def test_a_live_comment_flag_and_moderation_keep_hostile_text_as_text(
    world: World, browser: Browser, live_site: LiveSite
) -> None:
    """A comment posted through the API with a token reaches an open page over the
    WebSocket (comments.js renders it); the citizen flags it, staff see the flag and hide
    the comment with a reason — all of it hostile, all of it text."""
    citizen, staff = world.guards[CITIZEN], world.guards[STAFF]
    page = citizen.visit(f"/ideer/{world.idea}/").page
    expect(page.locator("[data-live-status]")).to_have_text(re.compile("uppdateringar är på"))

    api_context = browser.new_context(base_url=live_site.url)
    api = api_context.request
    try:
        token = api.post(
            "/api/v1/auth/token/", data={"email": MEMBER, "password": DEMO_PASSWORD}
        ).json()["token"]
        response = api.post(
            f"/api/v1/ideas/{world.idea}/comments/",
            data={"body": LIVE_COMMENT},
            headers={"Authorization": f"Token {token}"},
        )
        assert response.status == 201, response.text()
        created = response.json()
    finally:
        api_context.close()
    assert created["body"] == LIVE_COMMENT
    rendered = _Rendered(created["body_html"])
    assert set(rendered.markup) == {
        "p",
        "a",
        "href=https://example.org/%22onmouseover=%22window.__xss=1",
        "rel=nofollow noopener noreferrer",
    }, rendered.markup
    assert norm(rendered.text) == norm(" ".join(markdown_shown("Direkt")))

    live = page.locator(f"#comment-{created['id']}")
    expect(live).to_contain_text("Direkt 0:")
    citizen.check(*markdown_shown("Direkt"), MEMBER_NAME)

    page = citizen.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/flagga/").page
    citizen.check(*markdown_shown("Direkt"))
    fill(page, {"reason": FLAG_REASON})
    submit(page, "reason")

    # The moderators read the comment as it was written (the Markdown source, as text).
    staff.visit("/moderering/").check(FLAG_REASON, TITLE, *LIVE_COMMENT.split("\n\n"))
    assert_accessible(staff.page)
    page = staff.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/dolj/").page
    fill(page, {"reason": HIDE_REASON})
    submit(page, "reason", button="Dölj kommentaren")
    staff.check(HIDE_REASON)
    citizen.visit(f"/ideer/{world.idea}/").check(HIDE_REASON)
    staff.visit(f"/ideer/{world.idea}/kommentarer/{created['id']}/dolj/").check(
        *LIVE_COMMENT.split("\n\n"), values={"[name=reason]": HIDE_REASON}
    )


def test_script_and_data_addresses_are_refused_with_an_escaped_message(world: World) -> None:
    """Link fields take http(s) only; the error message that quotes the address is text."""
    member = world.guards[MEMBER]
    for address in ("JaVaScRiPt:window.__xss=1", PAYLOADS[8]):
        page = member.visit(f"/ideer/{world.idea}/redigera/").page
        fill(page, {"links": f"Klick | {address}"})
        submit(page, "links", button="Spara idén")
        expect(page.locator("#id_links_error")).to_contain_text("är inte en webbadress")
        member.check(address)

        page = member.visit(f"/ideer/{world.idea}/underlag/").page
        fill(page, {"title": "Länk", "link": address})
        submit(page, "link")
        expect(page.locator("#id_link_error")).to_be_visible()
        member.check(values={"[name=link]": address})

        page = member.visit(f"/prototyper/{world.prototype}/redigera/").page
        fill(page, {"p-link": address})
        submit(page, "p-link", button="Spara prototypen")
        expect(page.locator("#id_p-link_error")).to_be_visible()
        member.check(values={"[name=p-link]": address})
    # Nothing of it was saved: the idea keeps its links.
    member.visit(f"/ideer/{world.idea}/").check(LINK_TITLE, URL_QUOTE, URL_APOSTROPHE)
    expect(member.page.locator("#links-heading + ul a")).to_have_count(2)


def test_atom_feeds_carry_hostile_text_as_text(world: World) -> None:
    """In the XML the text is escaped once; a feed reader that renders an entry's HTML
    summary shows the typed text and creates no element from it."""
    page = world.guards["anonymous"].page
    atom = "{http://www.w3.org/2005/Atom}"
    for path, title, summary in (
        ("/feeds/ideas/", f"{TITLE} (Skellefteå)", SUMMARY),
        ("/feeds/stages/", None, STAGE_NOTE),
    ):
        response = page.request.get(path)
        assert response.ok
        assert response.headers["content-type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(response.body())  # noqa: S314 - our own feed
        entries = [
            e
            for e in root.findall(f"{atom}entry")
            if f"/ideer/{world.idea}/" in (e.find(f"{atom}link").get("href") or "")  # type: ignore[union-attr]
        ]
        assert entries, f"{path}: no entry of the idea"
        entry = entries[0]
        if title is not None:
            assert entry.findtext(f"{atom}title") == title
        assert TITLE in (entry.findtext(f"{atom}title") or "")
        summary_element = entry.find(f"{atom}summary")
        assert summary_element is not None and summary_element.get("type") == "html"
        rendered = _Rendered(summary_element.text or "")
        assert rendered.markup == ["p"], f"{path}: {rendered.markup}"
        assert rendered.text == summary

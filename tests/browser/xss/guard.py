"""How a page is watched for anything a payload could do (`Guard`, `open_guard`: installed
before any page script), and how the site's e-mails are read back (`sent_mails`). HTML
fragments are read as a reader would see them by tests/rendered_html.py."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from playwright.sync_api import Browser, Page, expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.browser.xss.hostile import norm
from tests.live import LiveSite

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

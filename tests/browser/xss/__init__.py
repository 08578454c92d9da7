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

Where things are:

    hostile.py         the payloads, and the hostile text each field is given
    guard.py           how a page is watched (Guard, open_guard), e-mails read back
    world.py           who writes (the demo people), form helpers, the World's ids
    conftest.py        the `world` fixture: everything written once, through the pages
    test_guard.py      the guard itself notices markup that reached a page
    test_pages.py      every page that shows the hostile text, per person
    test_thread.py     the live comment thread, flags and moderation (adds a comment: runs
                       after test_pages.py, whose e-mail count it would change)
    test_link_fields.py   script and data addresses refused, the message escaped
    test_feeds.py      the Atom feeds

A new field people write: its hostile text in hostile.py, written in conftest.py's `world`
(through the page's form), and checked where it is shown (test_pages.py, or the module of
its surface). A new page that shows what people wrote: a `visit(...).check(...)` in
test_pages.py.
"""

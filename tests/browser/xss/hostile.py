"""The payloads and the hostile text the demo people type into each field: short fields take
as many payloads as fit, starting at different ones, so that every payload lands in a short
field too."""

from __future__ import annotations

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

"""The data the every-page browser tests visit: one of each thing a page can show.

`build()` runs inside the live site's process (`manage.py shell`, see tests/browser/pages.py)
and returns the ids, sessions and keys the page table's paths are filled with. People come
from tests/factories.py; everything they make goes through the services, as in the demo
data, so it obeys the same rules as real data. Texts are demo-like Swedish, with the things
that break narrow layouts on purpose: a long unbroken address, a Markdown table, long words.
"""

from __future__ import annotations

import datetime
import os
import struct
import zlib
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from tests import factories

# An address with no place to break: it must wrap (WCAG 1.4.10), not widen the page.
LONG_URL = (
    "https://www.skelleftea.example/kommun-och-politik/medborgardialog/"
    "digitala-tjanster-for-aldre-invanare/aktiva-seniorer/underlag/intervjuer-hosten-2026"
    "?utm_source=delahub&utm_medium=referens&utm_campaign=kunddriven-verksamhetsutveckling"
)

BODY = f"""Äldre invånare vill hitta aktiviteter nära sig utan att ringa runt.

| Stadsdel | Aktiviteter | Besökare per vecka | Kontaktperson på förvaltningen |
|---|---|---|---|
| Morö backe | Stavgång, kortspel, studiecirkel i digital vardag | 120 | Aktivitetssamordnare |
| Anderstorp | Boule, kör, seniordans och föreläsningar | 85 | Fritidsledare för seniorer |

Underlaget finns på {LONG_URL}.
"""

SUS = [4, 2, 4, 1, 4, 2, 5, 2, 4, 2]
TASKS = ["Hitta en aktivitet i din stadsdel.", "Anmäl dig till aktiviteten."]

# Who visits: a persona's e-mail (their session is made here, see _session).
PERSONAS = {
    "citizen": "sidor.medborgare@example.org",
    "member": "sidor.utvecklare@skelleftea.example",
    "adopter": "sidor.utvecklare@krokom.example",
    "staff": "sidor.personal@delahub.example",
    "mfa": "sidor.nyckel@skelleftea.example",
    "no-password": "sidor.inloggning@skelleftea.example",
}


def _png(width: int, height: int) -> bytes:
    """A light grey PNG of the given size (wider than a phone, to check that it shrinks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _session(user: User) -> str:
    """A signed-in session for `user`, as allauth's sign-in leaves it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def _second_factors(user: User) -> int:
    """TOTP, recovery codes and a security key for `user`; returns the key's id."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.webauthn.internal.auth import WebAuthn
    from fido2.utils import websafe_encode

    from tests.security_keys import HOST, SoftKey

    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    options = {"publicKey": {"challenge": websafe_encode(os.urandom(32)), "rp": {"id": HOST}}}
    key = WebAuthn.add(user, "Gul nyckel", SoftKey().create(options))
    return int(key.instance.pk)


def _password_reset_path(user: User) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return (
        f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-"
        f"{default_token_generator.make_token(user)}/"
    )


def _email_confirmation_key() -> str:
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    person = factories.user(email="sidor.ny@example.org", verified=False)
    address = EmailAddress.objects.get(user=person)
    return str(EmailConfirmationHMAC(address).key)


def _round(
    team: User,
    prototype: Any,
    title: str,
    status: str,
    participants: Sequence[User] = (),
) -> Any:
    """A test round moved to `status`; `participants` sign up and, once it runs, answer."""
    from prototypes import services as prototypes

    now = timezone.now()
    test_round = prototypes.test_round_create(
        actor=team,
        prototype=prototype,
        title=title,
        goal="Ta reda på om äldre hittar och anmäler sig till en aktivitet utan hjälp.",
        tasks=TASKS,
        capacity=8,
        consent_text="Jag samtycker till att mina svar används för att förbättra kalendern.",
        target_group="Äldre invånare",
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10),
        remote=False,
        place="Morö backe bibliotek, Storgatan 1",
    )
    for step in ("recruiting", "running", "closed"):
        if test_round.status == status:
            break
        test_round = prototypes.test_round_update(actor=team, test_round=test_round, status=step)
        if step == "recruiting":
            for person in participants:
                prototypes.participation_create(user=person, test_round=test_round, consent=True)
        if step == "running":
            for n, person in enumerate(participants):
                prototypes.feedback_create(
                    user=person,
                    test_round=test_round,
                    tasks=[
                        {
                            "completed": True,
                            "difficulty": 1 + n % 3,
                            "seconds": 60 + 20 * n,
                            "comment": "",
                        },
                        {
                            "completed": n % 2 == 0,
                            "difficulty": 2 + n % 3,
                            "seconds": None,
                            "comment": "Knappen syns inte." if n == 0 else "",
                        },
                    ],
                    sus=SUS,
                    text="Bra idé, men knapparna är små." if n % 2 == 0 else "",
                )
    return test_round


def _meetings(member: Any, citizen: Any, dialogue: Any) -> tuple[Any, Any, Any]:
    """The open dialogue's meetings: a digital one the citizen has a place at, a physical one
    for a youth focus group (the birth-year field), one held last week with its report, and
    one the team cancelled (the citizen had a place)."""
    import datetime

    from django.utils import timezone

    from dialogues.models import FocusGroup
    from meetings import services as meetings

    youth = FocusGroup.objects.filter(dialogue=dialogue, age_min__isnull=False).first()
    soon = timezone.now() + datetime.timedelta(days=10)
    hour = datetime.timedelta(hours=1)
    digital = meetings.meeting_create(
        actor=member,
        dialogue=dialogue,
        title="Digitalt dialogmöte på kvällen",
        starts_at=soon,
        ends_at=soon + hour,
        mode="digital",
        link="https://möte.example/kvall",
        capacity=30,
    )
    meetings.meeting_register(user=citizen, meeting=digital, consent=True)
    meetings.meeting_create(
        actor=member,
        dialogue=dialogue,
        focus_group=youth,
        title="Ungdomsträff i Kusmark",
        starts_at=soon + datetime.timedelta(days=2),
        ends_at=soon + datetime.timedelta(days=2) + hour,
        mode="physical",
        location="Fritidsgården, Kusmark",
        capacity=12,
    )
    last_week = timezone.now() - datetime.timedelta(days=7)
    held = meetings.meeting_create(
        actor=member,
        dialogue=dialogue,
        title="Dialogmöte i Byske",
        starts_at=last_week,
        ends_at=last_week + hour,
        mode="physical",
        location="Byske bygdegård",
        capacity=40,
    )
    meetings.meeting_report_save(actor=member, meeting=held, attendees=17, notes="Många kom.")
    called_off = meetings.meeting_create(
        actor=member,
        dialogue=dialogue,
        title="Dialogmöte i Kåge",
        starts_at=soon + datetime.timedelta(days=4),
        ends_at=soon + datetime.timedelta(days=4) + hour,
        mode="physical",
        location="Kåge bibliotek",
        capacity=20,
    )
    meetings.meeting_register(user=citizen, meeting=called_off, consent=True)
    meetings.meeting_cancel(
        actor=member, meeting=called_off, reason="Biblioteket är stängt efter vattenskadan."
    )
    return digital, held, called_off


def build() -> dict[str, Any]:
    """Create the page world; returns {name: id or key} for the page table's paths."""
    from comments import moderation
    from comments import services as comments
    from ideas import services as ideas
    from maps import services as places
    from prototypes import services as prototypes

    skelleftea = factories.organisation("skelleftea")
    krokom = factories.organisation("krokom")
    member = factories.user(
        email=PERSONAS["member"], organisation=skelleftea, display_name="Siri Sidström"
    )
    adopter = factories.user(
        email=PERSONAS["adopter"], organisation=krokom, display_name="Kim Krokström"
    )
    citizen = factories.user(email=PERSONAS["citizen"], display_name="Mona Medborgare")
    factories.user(email=PERSONAS["staff"], display_name="Petra Personal", is_staff=True)
    with_keys = factories.user(
        email=PERSONAS["mfa"], organisation=skelleftea, display_name="Nils Nyckel"
    )
    no_password = factories.user(
        email=PERSONAS["no-password"], organisation=skelleftea, display_name="Ingrid Inlogg"
    )
    no_password.set_unusable_password()
    no_password.save(update_fields=["password"])

    idea = ideas.idea_create(
        actor=member,
        organisation=skelleftea,
        kind="service_concept",
        title="Aktivitetskalender för seniorer i alla stadsdelar",
        summary="Äldre invånare hittar aktiviteter nära sig i en gemensam kalender.",
        body=BODY,
        category="care",
        stage="target_groups",
        tags=["e-tjänst", "seniorer", "kunddriven utveckling"],
        target_groups=["Äldre invånare", "Anhöriga", "Föreningar"],
        links=[{"title": "Intervjuunderlag", "url": LONG_URL}],
        repository_url="https://git.skelleftea.example/aktivitetskalender-for-seniorer",
        contact_name="Siri Sidström",
        contact_email=member.email,
        note="Start efter dialogmöten med pensionärsföreningarna.",
    )
    for stage, note in (
        ("insights", "Tolv intervjuer med äldre och anhöriga."),
        ("analysis", "Behoven sorterade i fyra teman."),
        ("concept", "En kalender, sorterad efter stadsdel."),
        ("prototype", "Klickbar prototyp i två versioner."),
    ):
        ideas.idea_change_stage(actor=member, idea=idea, stage=stage, note=note)
    ideas.evidence_add(
        actor=member,
        idea=idea,
        stage="insights",
        title="Sammanställning av intervjuerna",
        text="Tolv intervjuer: de flesta vill se aktiviteter **nära hemmet**.",
        link=LONG_URL,
    )
    sketch = ideas.evidence_add(
        actor=member,
        idea=idea,
        stage="concept",
        title="Skiss av kalendern",
        text="Stora knappar, en stadsdel i taget.",
    )
    ideas.adoption_record(
        actor=adopter,
        idea=idea,
        status="adopted",
        note="Vi använder kalendern i Krokoms servicepunkter.",
        contact_name="Kim Krokström",
        contact_email=adopter.email,
        organisation=krokom,
    )
    ideas.follow_add(user=citizen, idea=idea)
    stopped = ideas.idea_create(
        actor=member,
        organisation=skelleftea,
        kind="activity",
        title="Seniorcafé på biblioteket",
        summary="Ett café där äldre får hjälp med mobilen.",
        stage="target_groups",
    )
    ideas.idea_change_stage(actor=member, idea=stopped, stage="insights")
    ideas.idea_change_stage(
        actor=member, idea=stopped, stage="discontinued", note="Biblioteket byggs om."
    )

    prototype = prototypes.prototype_create(
        actor=member,
        idea=idea,
        label="v1",
        description="Första klickbara versionen av kalendern.",
        link=LONG_URL,
        status="open",
    )
    prototypes.prototype_image_add(
        actor=member,
        prototype=prototype,
        image=SimpleUploadedFile("kalender-startsida.png", _png(900, 400)),
        alt_text="Kalenderns startsida: en lista med veckans aktiviteter i Morö backe.",
    )
    citizens = [citizen] + [
        factories.user(email=f"sidor.deltagare{n}@example.org", display_name=f"Deltagare {n}")
        for n in range(1, 5)
    ]
    recruiting = _round(member, prototype, "Testomgång med öppen anmälan", "recruiting")
    running = _round(member, prototype, "Pågående testomgång", "running", citizens[:1])
    closed = _round(member, prototype, "Avslutad testomgång", "closed", citizens)
    finding = prototypes.finding_create(
        actor=member,
        test_round=closed,
        severity="major",
        description="Anmälningsknappen hamnar under kanten på små skärmar.",
        feedback_ids=list(closed.participations.values_list("feedback__pk", flat=True)[:1]),
    )

    question = comments.comment_create(
        author=citizen, idea=idea, body="Kommer kalendern att fungera med skärmläsare?"
    )
    answer = comments.comment_create(
        author=member,
        idea=idea,
        parent=question,
        body=f"Ja, vi testar med skärmläsare i nästa omgång. Se {LONG_URL}",
    )
    moderation.flag(actor=citizen, target=answer, reason="Länken fungerar inte för mig.")

    shop = places.place_create(
        actor=member,
        organisation=skelleftea,
        kind="shop",
        name="Byns butik i Kusmark",
        point=(20.95, 64.75),
        village="Kusmark",
        description="Dagligvarubutik med ombud för apotek och paket.",
        ideas=[idea.pk],
    )

    # Facts: two years of Skellefteå's sheet, one figure compared with the county and
    # Sweden (Kolada's ids: 0024 Västerbottens län, 0000 Riket), cited by the idea.
    from decimal import Decimal

    from facts import kolada
    from facts import services as facts

    older = facts.fact_sheet_create(
        actor=member, organisation=skelleftea, year=2022, copy_from_previous=False
    )
    facts.fact_section_add(
        actor=member,
        sheet=older,
        title="En åldrande befolkning",
        text="Andelen invånare över 65 år **ökar** varje år.",
    )
    facts.fact_add(
        actor=member,
        sheet=older,
        label="Invånare 65 år och äldre",
        value=Decimal("23.4"),
        unit="%",
        kpi="N00945",
        source="Kolada",
    )
    sheet = facts.fact_sheet_create(actor=member, organisation=skelleftea, year=2023)
    kolada.kolada_values_import(
        rows=[
            {
                "kpi": "N00945",
                "municipality": code,
                "period": year,
                "values": [{"gender": "T", "status": "", "value": value}],
            }
            for code, year, value in (
                ("2482", 2023, 23.9),
                ("0024", 2022, 21.0),
                ("0024", 2023, 21.2),
                ("0000", 2022, 20.2),
                ("0000", 2023, 20.4),
            )
        ]
    )
    ideas.evidence_add(
        actor=member,
        idea=idea,
        stage="insights",
        title="Fler äldre",
        fact=sheet.facts.get(kpi="N00945").pk,
    )
    from proposals import services as proposals

    open_proposal = proposals.proposal_create(
        author=citizen,
        organisation=skelleftea,
        title="Belysning längs cykelvägen till Morö backe",
        body=f"Cykelvägen är **mörk** på vintern. Se {LONG_URL}",
        place=shop.pk,
    )
    answered_proposal = proposals.proposal_create(
        author=citizen,
        organisation=skelleftea,
        title="Fler bänkar längs älven",
        body="Äldre behöver kunna vila på promenaden.",
        show_name=True,
    )
    proposals.proposal_answer(
        actor=member,
        proposal=answered_proposal,
        kind="idea",
        text="Vi gör förslaget till en idé och testar med seniorer.",
    )
    proposal_comment = comments.comment_create(
        author=citizen, proposal=open_proposal, body="Gäller även gångvägen."
    )
    moderation.flag(actor=member, target=answered_proposal, reason="Dubblett?")

    dialogue = factories.dialogue(
        organisation=skelleftea,
        created_by=member,
        title="Sätt din plats på kartan",
        areas=[
            {"name": "Kusmark", "villages": ["Kusmark", "Ersmark"]},
            {"name": "Byske", "villages": ["Byske", "Kågeträsk"]},
        ],
    )
    from dialogues import services as dialogues

    for author, where in ((citizen, {"point": (20.95, 64.75)}), (adopter, {"village": "Byske"})):
        made = dialogues.contribution_create(
            author=author,
            dialogue=dialogue,
            answers=["Närheten till havet och skogen.", f"Byns egen festival. {LONG_URL}"],
            consent=True,
            **where,
        )
    dialogues.contribution_mark_gold(actor=member, contribution=made)
    # The moderation page shows a flagged contribution too.
    moderation.flag(actor=citizen, target=made, reason="Står det någons adress här?")
    reported = factories.dialogue(
        organisation=skelleftea,
        created_by=member,
        title="Unga om sin by",
        status="reported",
        areas=[{"name": "Kusmark", "villages": ["Kusmark"]}],
    )

    meeting, held, cancelled_meeting = _meetings(member, citizen, dialogue)

    return {
        "proposal": open_proposal.pk,
        "answered_proposal": answered_proposal.pk,
        "proposal_comment": proposal_comment.pk,
        "dialogue": dialogue.pk,
        "contribution": made.pk,
        "dialogue_reported": reported.pk,
        "meeting": meeting.pk,
        "meeting_held": held.pk,
        "meeting_cancelled": cancelled_meeting.pk,
        "sessions": {
            name: _session(User.objects.get(email=email)) for name, email in PERSONAS.items()
        },
        "emails": PERSONAS,
        "password": factories.PASSWORD,
        "idea": idea.pk,
        "evidence": sketch.pk,
        "stopped_idea": stopped.pk,
        "prototype": prototype.pk,
        "round_recruiting": recruiting.pk,
        "round_running": running.pk,
        "round_closed": closed.pk,
        "finding": finding.pk,
        "question": question.pk,
        "answer": answer.pk,
        "place": shop.pk,
        "fact": sheet.facts.get(kpi="N00945").pk,
        "security_key": _second_factors(with_keys),
        "password_reset_path": _password_reset_path(member),
        "email_confirmation_key": _email_confirmation_key(),
    }

"""The world the visibility matrix walks: six personas and, for each of the three idea
visibilities, an idea with evidence, an open and a draft prototype (each with a screenshot),
test rounds, findings and a comment.

Built once for the package (conftest.py) and committed for real (not inside a test's
transaction): the search index is filled by the real signals on commit, and the live comment
socket, whose consumer reads the database through `database_sync_to_async`, sees the same
rows as the test client. `World.remove()` deletes it all again (the index follows through the same signals).

Every object carries a marker word of its own in the text it shows (title, label,
description, comment body), so a response that leaks a hidden object is caught by looking
for its marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from accounts.models import Membership, Organisation, User
from comments import moderation
from comments import services as comment_services
from ideas import services as idea_services
from ideas.models import Idea, Tag, TargetGroup
from prototypes import services as prototype_services
from prototypes.models import Finding
from tests import factories

PERSONAS = ("anonymous", "citizen", "member", "other", "coordinator", "staff")
VISIBILITIES = ("public", "organisation", "draft")
#: What each idea has; `<kind>:<visibility>` names one object of the world.
KINDS = (
    "idea",
    "evidence",
    "prototype-open",
    "prototype-draft",
    "round-recruiting",  # on the open prototype
    "round-closed",  # on the open prototype
    "round-on-draft",  # recruiting, on the draft prototype
    "finding-closed",  # of the closed round, addressed in the draft prototype
    "finding-open",  # of the recruiting round, addressed in the open prototype
    "comment",  # about the draft prototype
)
#: A word every idea, prototype, round and finding shares (search finds all of them by it).
WORD = "Vimsel"
SUMMARY = "Vimsel hjälper seniorer att boka aktiviteter i kommunens lokaler"
#: An id no object of any kind has: what a hidden object's answers must look like.
MISSING_ID = 987_654_321
#: The smallest file the image check takes for a PNG.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def marker(key: str) -> str:
    """The word only this object's texts contain, e.g. 'mkroundclosedorganisation'."""
    return "mk" + key.replace("-", "").replace(":", "")


def tag_slug(visibility: str) -> str:
    """The slug of the tag only the idea of this visibility has. Its name carries the idea's
    marker, its slug does not: a page may echo the slug someone asked for."""
    return f"matrix-tagg-{visibility}"


def group_slug(visibility: str) -> str:
    """The slug of the target group only the idea of this visibility (and its rounds) has;
    named with the idea's marker, like its tag."""
    return f"matrix-grupp-{visibility}"


@dataclass
class World:
    skelleftea: Organisation
    krokom: Organisation
    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)
    #: The screenshot of each prototype, by the prototype's key.
    images: dict[str, Any] = field(default_factory=dict)
    session_keys: dict[str, str] = field(default_factory=dict)
    _clients: dict[str, Client] = field(default_factory=dict)

    def id(self, key: str) -> int:
        return int(self.objects[key].pk)

    def client(self, persona: str) -> Client:
        """A test client signed in as the persona (through its session cookie), with no other
        cookie. A server error is answered as a 500, as a browser would see it, so one test
        can report them all.

        One client per persona, reused: a new client builds its middleware again, and
        WhiteNoise then lists every static file (about 0.1 s each time)."""
        client = self._clients.get(persona)
        if client is None:
            client = self._clients[persona] = Client(raise_request_exception=False)
        client.cookies = SimpleCookie()
        if persona in self.session_keys:
            client.cookies["sessionid"] = self.session_keys[persona]
        return client

    def remove(self) -> None:
        """Delete everything the world added; the index removes its documents on commit."""
        with transaction.atomic():
            for visibility in VISIBILITIES:
                self.objects[f"idea:{visibility}"].delete()
            Tag.objects.filter(slug__in=[tag_slug(v) for v in VISIBILITIES]).delete()
            TargetGroup.objects.filter(slug__in=[group_slug(v) for v in VISIBILITIES]).delete()
            Session.objects.filter(session_key__in=self.session_keys.values()).delete()
            User.objects.filter(pk__in=[u.pk for u in self.users.values() if u]).delete()


def build() -> World:
    """Create the personas and the objects, through the services where they exist."""
    skelleftea = factories.organisation("skelleftea")
    krokom = factories.organisation("krokom")
    users: dict[str, User | None] = {
        "anonymous": None,
        "citizen": factories.user(email="matrix-citizen@example.org", display_name="Cecilia"),
        "member": factories.user(
            email="matrix-member@skelleftea.example",
            organisation=skelleftea,
            display_name="Mia Medlem",
        ),
        "other": factories.user(
            email="matrix-other@krokom.example", organisation=krokom, display_name="Otto Annan"
        ),
        "coordinator": factories.user(
            email="matrix-coordinator@skelleftea.example",
            organisation=skelleftea,
            role=Membership.Role.COORDINATOR,
            display_name="Kim Koordinator",
        ),
        "staff": factories.user(
            email="matrix-staff@delahub.example", is_staff=True, display_name="Stina Stab"
        ),
    }
    world = World(skelleftea=skelleftea, krokom=krokom, users=users)
    member = users["member"]
    assert member is not None
    for visibility in VISIBILITIES:
        _build_idea(world, member, visibility)
    _build_reactions(world)
    for persona, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            world.session_keys[persona] = client.cookies["sessionid"].value
    return world


def _build_idea(world: World, member: User, visibility: str) -> None:
    def key(kind: str) -> str:
        return f"{kind}:{visibility}"

    objects = world.objects
    # Made first, so that the idea takes them by name and they keep slugs without the marker.
    Tag.objects.create(name=f"Tagg {marker(key('idea'))}", slug=tag_slug(visibility))
    TargetGroup.objects.create(name=f"Grupp {marker(key('idea'))}", slug=group_slug(visibility))
    # The member is the author of everything: a draft is theirs alone.
    idea = idea_services.idea_create(
        actor=member,
        organisation=world.skelleftea,
        kind=Idea.Kind.SERVICE_CONCEPT,
        title=f"{WORD} {marker(key('idea'))}",
        summary=SUMMARY,
        body=f"{SUMMARY}. Bokningen sker i en e-tjänst.",
        category="culture",
        stage="concept",
        visibility=visibility,
        repository_url="https://example.se/vimsel.git",
        # A tag and a target group of its own (named with its marker): a filter on one
        # must not tell anyone who may not see the idea that it exists.
        tags=[f"Tagg {marker(key('idea'))}"],
        target_groups=[f"Grupp {marker(key('idea'))}"],
    )
    idea_services.idea_change_stage(actor=member, idea=idea, stage="prototype", note="Dags")
    objects[key("idea")] = idea
    objects[key("evidence")] = idea_services.evidence_add(
        actor=member,
        idea=idea,
        stage="insights",
        title=f"Intervjuer {marker(key('evidence'))}",
        file=SimpleUploadedFile("intervjuer.txt", b"Tolv intervjuer.", "text/plain"),
    )
    open_prototype = factories.prototype(
        idea=idea, created_by=member, label=marker(key("prototype-open")), status="open"
    )
    draft_prototype = factories.prototype(
        idea=idea, created_by=member, label=marker(key("prototype-draft")), status="draft"
    )
    objects[key("prototype-open")] = open_prototype
    objects[key("prototype-draft")] = draft_prototype
    for kind, prototype in (
        ("prototype-open", open_prototype),
        ("prototype-draft", draft_prototype),
    ):
        world.images[key(kind)] = prototype_services.prototype_image_add(
            actor=member,
            prototype=prototype,
            image=SimpleUploadedFile("skarmbild.png", PNG),
            alt_text=f"Startsidan {marker(key(kind))}",
        )
    rounds = {
        "round-recruiting": (open_prototype, "recruiting"),
        "round-closed": (open_prototype, "closed"),
        "round-on-draft": (draft_prototype, "recruiting"),
    }
    for kind, (prototype, status) in rounds.items():
        objects[key(kind)] = factories.test_round(
            prototype=prototype,
            created_by=member,
            status=status,
            title=f"{WORD} {marker(key(kind))}",
            target_group=idea.target_groups.get(),
        )
    findings = {
        "finding-closed": (objects[key("round-closed")], draft_prototype),
        "finding-open": (objects[key("round-recruiting")], open_prototype),
    }
    for kind, (test_round, addressed_in) in findings.items():
        objects[key(kind)] = Finding.objects.create(
            round=test_round,
            severity=Finding.Severity.MAJOR,
            description=f"{WORD} {marker(key(kind))}",
            addressed_in=addressed_in,
            created_by=member,
        )


def _build_reactions(world: World) -> None:
    """Follows, an adoption, the comments (which notify the followers) and flags."""
    users, objects = world.users, world.objects
    member, other = users["member"], users["other"]
    citizen, coordinator = users["citizen"], users["coordinator"]
    assert member and other and citizen and coordinator
    followers = {
        "public": [citizen, other, coordinator, users["staff"]],
        "organisation": [coordinator],
        "draft": [],
    }
    for visibility, people in followers.items():
        for person in people:
            assert person is not None
            idea_services.follow_add(user=person, idea=objects[f"idea:{visibility}"])
    idea_services.adoption_record(
        actor=other, idea=objects["idea:public"], status="adopted", note="Vi kör det"
    )
    for visibility in VISIBILITIES:
        key = f"comment:{visibility}"
        objects[key] = comment_services.comment_create(
            author=member,
            idea=objects[f"idea:{visibility}"],
            body=f"{WORD} {marker(key)}",
            prototype=objects[f"prototype-draft:{visibility}"],
        )
    # Flags wait in the moderators' queue: one on each thread someone else may read.
    moderation.flag(actor=citizen, target=objects["comment:public"], reason="Stämmer detta?")
    moderation.flag(
        actor=coordinator, target=objects["comment:organisation"], reason="Stämmer detta?"
    )

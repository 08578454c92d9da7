"""Writes for ideas: create, edit, delete, stages, evidence, adoptions and follows.

Every caller (API, pages, demo data, tests) goes through these functions. They take an
idea the caller fetched with `selectors.access_idea` (so visibility is settled: what you
may not see is already a 404) and check the role themselves (403 with a reason, from the
selectors' `require_*`, which pages call too before they show a form). Input is checked
here and in `ideas.checks`.

Counters (`adoption_count`, `follower_count`) are recomputed from the rows and saved with
`save(update_fields=...)`, so post_save listeners such as the search index see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import user_is_member, user_manages_organisation
from facts.models import Fact
from facts.selectors import facts_visible_to
from hub.markdown import render_markdown
from ideas import checks, files, selectors
from ideas.models import (
    STAGE_ORDER,
    Adoption,
    Category,
    Evidence,
    Follow,
    Idea,
    Stage,
    StageChange,
    Tag,
    TargetGroup,
)

MAX_TAGS = 20
EDITABLE_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "category",
    "visibility",
    "results",
    "lessons_learned",
    "links",
    "repository_url",
    "software_licence",
    "contact_name",
    "contact_email",
)


# --- Helpers ----------------------------------------------------------------------------


def _named(model: type[Tag] | type[TargetGroup], names: Iterable[str], field: str) -> list[Any]:
    """Tags or target groups by name or slug; new names become new rows."""
    limit = model._meta.get_field("name").max_length or 100
    found: dict[int, Any] = {}
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > limit:
            raise ValidationError(
                {field: _("Keep each name under %(max)s characters.") % {"max": limit}}
            )
        slug = slugify(name)[:limit]
        if not slug:
            raise ValidationError(
                {field: _("“%(name)s” needs letters or digits.") % {"name": name}}
            )
        row = (
            model.objects.filter(slug=slug).first()
            or model.objects.filter(name__iexact=name).first()
        )
        if row is None:
            try:
                with transaction.atomic():
                    row = model.objects.create(name=name, slug=slug)
            except IntegrityError:  # created by someone else a moment ago
                row = model.objects.get(slug=slug)
        found[row.pk] = row
    if len(found) > MAX_TAGS:
        raise ValidationError({field: _("At most %(max)s, please.") % {"max": MAX_TAGS}})
    return list(found.values())


def _clean_organisations(organisations: Iterable[Organisation], owner: Organisation) -> list[Any]:
    return [o for o in {o.pk: o for o in organisations}.values() if o.pk != owner.pk]


def _save_idea(idea: Idea) -> None:
    idea.title = " ".join(idea.title.split())
    if not idea.title:
        raise ValidationError({"title": _("Give the idea a title.")})
    idea.summary = " ".join((idea.summary or "").split())
    idea.body_html = render_markdown(idea.body)
    if idea.contact_email:
        validate_email(idea.contact_email)
    idea.full_clean(exclude=["organisation", "created_by", "co_organisations"])
    idea.save()


def _the_only(organisations: Sequence[Organisation], which: str) -> Organisation:
    """The one organisation, or a 400 on `organisation` asking which one (`which` is the
    message, naming the slugs)."""
    if len(organisations) > 1:
        raise ValidationError(
            {"organisation": which % {"slugs": ", ".join(o.slug for o in organisations)}}
        )
    return organisations[0]


# --- Ideas ------------------------------------------------------------------------------


@transaction.atomic
def idea_create(
    *,
    actor: User,
    kind: str,
    title: str,
    organisation: Organisation | None = None,
    summary: str = "",
    body: str = "",
    category: str = Category.OTHER,
    stage: str = Stage.TARGET_GROUPS,
    visibility: str = Idea.Visibility.PUBLIC,
    tags: Sequence[str] = (),
    target_groups: Sequence[str] = (),
    co_organisations: Sequence[Organisation] = (),
    results: str = "",
    lessons_learned: str = "",
    links: Any = None,
    repository_url: str = "",
    software_licence: str = "",
    contact_name: str = "",
    contact_email: str = "",
    note: str = "",
) -> Idea:
    """Share a new idea for an organisation the actor is a member of; it may start at any stage.

    Without `organisation`, the idea belongs to the actor's organisation if they have one
    (a 400 asking which one if they have several)."""
    if organisation is None:
        organisation = _the_only(
            list(selectors.require_member_organisations(actor)),
            _("You are a member of several organisations. Say which one owns the idea: %(slugs)s."),
        )
    if not user_is_member(actor, organisation):
        raise PermissionDenied(
            _("Only members of %(organisation)s can create ideas for it.")
            % {"organisation": organisation.name}
        )
    if stage not in STAGE_ORDER:
        raise ValidationError(
            {
                "stage": _("A new idea starts at one of the method's stages: %(stages)s.")
                % {"stages": ", ".join(STAGE_ORDER)}
            }
        )
    co_owners = _clean_organisations(co_organisations, organisation)
    if co_owners and not user_manages_organisation(actor, organisation):
        raise PermissionDenied(
            _("Only coordinators and administrators of %(organisation)s can choose co-owners.")
            % {"organisation": organisation.name}
        )
    idea = Idea(
        organisation=organisation,
        created_by=actor,
        kind=kind,
        title=title or "",
        summary=summary or "",
        body=body or "",
        category=category or Category.OTHER,
        stage=stage,
        visibility=visibility,
        results=results or "",
        lessons_learned=lessons_learned or "",
        links=checks.clean_links(links),
        repository_url=(repository_url or "").strip(),
        software_licence=(software_licence or "").strip(),
        contact_name=(contact_name or "").strip(),
        contact_email=(contact_email or "").strip(),
    )
    _save_idea(idea)
    idea.tags.set(_named(Tag, tags, "tags"))
    idea.target_groups.set(_named(TargetGroup, target_groups, "target_groups"))
    if co_owners:
        idea.co_organisations.set(co_owners)
    StageChange.objects.create(
        idea=idea, from_stage="", to_stage=stage, note=(note or "").strip(), changed_by=actor
    )
    return idea


@transaction.atomic
def idea_update(
    *,
    actor: User,
    idea: Idea,
    tags: Sequence[str] | None = None,
    target_groups: Sequence[str] | None = None,
    co_organisations: Sequence[Organisation] | None = None,
    **fields: Any,
) -> Idea:
    """Edit an idea (members of its organisations); the stage changes only through
    `idea_change_stage`, co-owners only by the owning organisation's coordinators and admins."""
    selectors.require_edit(actor, idea)
    if "stage" in fields:
        if fields.pop("stage") not in (None, idea.stage):
            raise ValidationError(
                {
                    "stage": _("Change the stage with POST %(url)s so that the change is recorded.")
                    % {"url": reverse("idea-stage", kwargs={"pk": idea.pk})}
                }
            )
    if "organisation" in fields:
        organisation = fields.pop("organisation")
        if organisation is not None and organisation.pk != idea.organisation_id:
            raise ValidationError(
                {"organisation": _("An idea cannot move to another organisation.")}
            )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    if (
        fields.get("visibility") == Idea.Visibility.DRAFT
        and idea.visibility != Idea.Visibility.DRAFT
        and idea.created_by_id != actor.pk
    ):
        raise ValidationError(
            {"visibility": _("Only the person who created the idea can make it a draft again.")}
        )
    for name, value in fields.items():
        if name == "links":
            value = checks.clean_links(value)
        elif isinstance(value, str):
            value = value.strip() if name not in ("body", "results", "lessons_learned") else value
        elif value is None:
            value = ""
        setattr(idea, name, value)
    _save_idea(idea)
    if tags is not None:
        idea.tags.set(_named(Tag, tags, "tags"))
    if target_groups is not None:
        idea.target_groups.set(_named(TargetGroup, target_groups, "target_groups"))
    if co_organisations is not None:
        current = {o.pk for o in idea.co_organisations.all()}
        wanted = _clean_organisations(co_organisations, idea.organisation)
        if {o.pk for o in wanted} != current:
            idea_set_co_organisations(actor=actor, idea=idea, organisations=wanted)
    return idea


@transaction.atomic
def idea_set_co_organisations(
    *, actor: User, idea: Idea, organisations: Sequence[Organisation]
) -> Idea:
    """Choose the co-owning organisations (coordinators and admins of the owner)."""
    if not selectors.can_manage(actor, idea):
        raise PermissionDenied(
            _("Only coordinators and administrators of %(organisation)s can change the co-owners.")
            % {"organisation": idea.organisation.name}
        )
    idea.co_organisations.set(_clean_organisations(organisations, idea.organisation))
    # Drop the prefetched list so later reads in this request see the new co-owners.
    getattr(idea, "_prefetched_objects_cache", {}).pop("co_organisations", None)
    return idea


def idea_delete(*, actor: User, idea: Idea) -> None:
    """Delete an idea with its history (coordinators and admins of the owner)."""
    selectors.require_delete(actor, idea)
    stored = [(item.file.storage, item.file.name) for item in idea.evidence.exclude(file="")]
    idea.delete()

    def remove_files() -> None:
        # The rows went with the idea; their files must go from storage too.
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(remove_files)


# --- Stages -----------------------------------------------------------------------------


@transaction.atomic
def idea_change_stage(*, actor: User, idea: Idea, stage: str, note: str = "") -> StageChange:
    """Move the idea by the method's rule (one forward, any back, discontinue, resume) and
    record who, when, from, to and why. An invalid move is a ValidationError naming the
    allowed next stages."""
    selectors.require_edit(actor, idea)
    if stage not in Stage.values:
        raise ValidationError(
            {
                "stage": _("Unknown stage “%(stage)s”. Allowed next stages: %(allowed)s.")
                % {"stage": str(stage)[:40], "allowed": ", ".join(idea.allowed_next_stages())}
            }
        )
    note = (note or "").strip()
    if len(note) > 5_000:
        raise ValidationError({"note": _("Keep the note under 5,000 characters.")})
    # Lock the row: two people moving the same idea at once must not both pass the rule.
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    previous = locked.move_to(stage)
    locked.save(update_fields=["stage", "stage_before_discontinued", "updated_at"])
    idea.stage = locked.stage
    idea.stage_before_discontinued = locked.stage_before_discontinued
    idea.updated_at = locked.updated_at
    return StageChange.objects.create(
        idea=idea, from_stage=previous, to_stage=stage, note=note, changed_by=actor
    )


# --- Evidence ---------------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    idea: Idea,
    stage: str,
    title: str,
    text: str = "",
    link: str = "",
    file: UploadedFile | None = None,
    fact: int | None = None,
) -> Evidence:
    """Attach what the idea learned at a stage: a text, a link, a file or a cited fact (by
    id: a fact the actor may see; one they may not see is answered like a missing one)
    (members only)."""
    selectors.require_edit(actor, idea)
    if stage not in STAGE_ORDER:
        raise ValidationError(
            {
                "stage": _("Choose one of the method's stages: %(stages)s.")
                % {"stages": ", ".join(STAGE_ORDER)}
            }
        )
    text, link = (text or "").strip(), (link or "").strip()
    cited = _visible_fact(actor, fact) if fact is not None else None
    if not (text or link or file or cited):
        raise ValidationError(
            {"text": _("Add a text, a link, a file or a fact: evidence needs some content.")}
        )
    evidence = Evidence(
        idea=idea,
        stage=stage,
        title=" ".join((title or "").split()),
        text=text,
        link=link,
        fact=cited,
    )
    evidence.created_by = actor
    if not evidence.title:
        raise ValidationError({"title": _("Give the evidence a title.")})
    if file is not None:
        file_type = files.check_upload(file)
        evidence.file_name = files.display_name(file.name or "")
        evidence.file_size = file.size or 0
        evidence.content_type = file_type.content_type
    evidence.full_clean(exclude=["idea", "created_by", "file"])
    if file is not None:
        # Stored through Django's storage API under a random name. (Should the transaction
        # roll back, the file is an orphan without a row: harmless and never served.)
        evidence.file.save(files.storage_name(file.name or ""), file, save=False)
    evidence.save()
    return evidence


def _visible_fact(actor: User, fact_id: int) -> Fact:
    fact = facts_visible_to(actor).filter(pk=fact_id).first()
    if fact is None:
        raise ValidationError({"fact": _("No fact has the id %(id)s.") % {"id": fact_id}})
    return fact


def evidence_delete(*, actor: User, evidence: Evidence) -> None:
    """Remove a piece of evidence and its file (members only)."""
    selectors.require_edit(actor, evidence.idea)
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# --- Adoptions --------------------------------------------------------------------------


def _refresh_adoption_count(idea: Idea) -> None:
    idea.adoption_count = Adoption.objects.filter(idea=idea).count()
    idea.save(update_fields=["adoption_count"])


def _adopter(actor: User, idea: Idea, organisation: Organisation | None) -> Organisation:
    if organisation is None:
        return _the_only(
            selectors.require_adopting_organisations(actor, idea),
            _(
                "You are a member of several organisations. Say which one reuses the idea: "
                "%(slugs)s."
            ),
        )
    if organisation.pk in selectors.idea_organisation_ids(idea):
        raise PermissionDenied(
            _("%(organisation)s owns this idea; reuse is recorded by other organisations.")
            % {"organisation": organisation.name}
        )
    if organisation.pk not in {o.pk for o in selectors.adopting_organisations(actor, idea)}:
        raise PermissionDenied(
            _("You can only record reuse for an organisation you are a member of.")
        )
    return organisation


@transaction.atomic
def adoption_record(
    *,
    actor: User,
    idea: Idea,
    status: str,
    note: str = "",
    contact_name: str = "",
    contact_email: str = "",
    organisation: Organisation | None = None,
) -> Adoption:
    """Record (or update) that the actor's organisation reuses the idea: interested,
    evaluating or adopted."""
    adopter = _adopter(actor, idea, organisation)
    if status not in Adoption.Status.values:
        raise ValidationError(
            {
                "status": _("Choose one of: %(statuses)s.")
                % {"statuses": ", ".join(Adoption.Status.values)}
            }
        )
    adoption = Adoption.objects.filter(idea=idea, organisation=adopter).first() or Adoption(
        idea=idea, organisation=adopter, created_by=actor
    )
    adoption.status = status
    adoption.note = (note or "").strip()
    adoption.contact_name = (contact_name or "").strip()
    adoption.contact_email = (contact_email or "").strip()
    adoption.full_clean(exclude=["idea", "organisation", "created_by"], validate_unique=False)
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:  # the same organisation recorded it a moment ago from elsewhere
        existing = Adoption.objects.get(idea=idea, organisation=adopter)
        adoption.pk = existing.pk
        adoption.created_by = existing.created_by
        adoption.save()
    _refresh_adoption_count(idea)
    return adoption


@transaction.atomic
def adoption_withdraw(*, actor: User, idea: Idea, organisation: Organisation | None = None) -> None:
    """The organisation no longer reuses the idea: its adoption is removed."""
    adopter = _adopter(actor, idea, organisation)
    deleted, _rows = Adoption.objects.filter(idea=idea, organisation=adopter).delete()
    if not deleted:
        raise ValidationError(
            {
                "organisation": _("%(organisation)s has not recorded reuse of this idea.")
                % {"organisation": adopter.name}
            }
        )
    _refresh_adoption_count(idea)


# --- Follows ----------------------------------------------------------------------------


def _refresh_follower_count(idea: Idea) -> None:
    idea.follower_count = Follow.objects.filter(idea=idea).count()
    idea.save(update_fields=["follower_count"])


@transaction.atomic
def follow_add(*, user: User, idea: Idea) -> Follow:
    """Follow an idea (signed-in users): stage changes and news reach the follower."""
    follow, created = Follow.objects.get_or_create(user=user, idea=idea)
    if created:
        _refresh_follower_count(idea)
    return follow


@transaction.atomic
def follow_remove(*, user: User, idea: Idea) -> None:
    """Stop following an idea (nothing happens if the user did not follow it)."""
    deleted, _rows = Follow.objects.filter(user=user, idea=idea).delete()
    if deleted:
        _refresh_follower_count(idea)

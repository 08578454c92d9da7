"""Writes for dialogues: the team creates and runs a dialogue, residents contribute, the team
marks guldkorn and turns a contribution into an idea (flagging and hiding contributions is
comments/moderation.py, as for comments). One path for the API, the pages, the demo data and
the tests. New contributions reach the open
dialogue's page after commit (dialogues.events), never before.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import shapely
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import user_is_member
from dialogues import events, selectors
from dialogues.models import (
    MAX_ANSWER,
    Area,
    Contribution,
    Dialogue,
    DialogueConsentText,
    FocusGroup,
)
from hub.auth import is_signed_in
from hub.rates import RateLimited, rate_wait
from ideas.models import Idea
from maps.boundaries import municipalities, project
from maps.services import point_in_municipality

if TYPE_CHECKING:
    pass


class ContributionRateLimited(RateLimited):
    """The person sent too many contributions in a short time (the API answers 429)."""

    def __init__(self, wait: int) -> None:
        super().__init__(
            _("You are sending contributions too fast. Wait %(seconds)s seconds and try again.")
            % {"seconds": wait},
            wait,
        )


# --- Dialogues --------------------------------------------------------------------------

DIALOGUE_FIELDS = (
    "title",
    "description",
    "prompts",
    "opens_at",
    "closes_at",
    "consent_text",
    "idea",
    "areas",
    "focus_groups",
    "status",
)


def _check_organisation(organisation: Organisation) -> None:
    if (
        organisation.kind != Organisation.Kind.MUNICIPALITY
        or organisation.code not in municipalities()
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "Dialogues belong to a municipality (contributions are placed on its "
                    "map); %(name)s is not one."
                )
                % {"name": organisation.name}
            }
        )


def _clean_prompts(prompts: Any) -> list[str]:
    if not isinstance(prompts, (list, tuple)):
        raise ValidationError({"prompts": _("Give the questions as a list of texts.")})
    return [" ".join(str(p).split()) for p in prompts]


def _check_idea(actor: User, idea: Idea | int | None) -> Idea | None:
    """The idea to link, if the actor may see it (an id they may not see is answered like
    one that does not exist)."""
    if idea is None:
        return None
    pk = idea.pk if isinstance(idea, Idea) else idea
    found = Idea.objects.visible_to(actor).filter(pk=pk).first()
    if found is None:
        raise ValidationError({"idea": _("No idea has the id %(id)s.") % {"id": pk}})
    return found


def _clean_villages(villages: Any) -> list[str]:
    if not isinstance(villages, (list, tuple)):
        raise ValidationError({"areas": _("Give each area's villages as a list of names.")})
    names = [" ".join(str(v).split()) for v in villages]
    return list(dict.fromkeys(n for n in names if n))


def _check_polygon(dialogue: Dialogue, polygon: Any) -> dict[str, Any] | None:
    """A GeoJSON Polygon/MultiPolygon in WGS 84 that lies inside the municipality."""
    if polygon in (None, "", {}):
        return None
    try:
        shape = shapely.geometry.shape(polygon)
    except Exception:  # shapely raises several kinds for malformed GeoJSON
        shape = None
    if shape is None or shape.geom_type not in ("Polygon", "MultiPolygon") or not shape.is_valid:
        raise ValidationError(
            {
                "areas": _(
                    "An area's polygon must be a valid GeoJSON Polygon or MultiPolygon with "
                    "[longitude, latitude] coordinates (WGS 84)."
                )
            }
        )
    boundary = municipalities()[dialogue.organisation.code].shape
    # Within the same tolerance as a point (generalised boundaries).
    if not boundary.buffer(500).contains(project(shape)):
        raise ValidationError(
            {
                "areas": _("An area's polygon must lie inside %(municipality)s.")
                % {"municipality": dialogue.organisation.name}
            }
        )
    return dict(polygon)


def _sync_areas(dialogue: Dialogue, items: Sequence[dict[str, Any]]) -> None:
    """Make the dialogue's areas these (by id: changed; without: added; missing: removed,
    unless contributions point at them)."""
    existing = {a.pk: a for a in Area.objects.filter(dialogue=dialogue)}
    kept: set[int] = set()
    names: set[str] = set()
    for item in items:
        name = " ".join(str(item.get("name", "")).split())
        if not name:
            raise ValidationError({"areas": _("Give every area a name.")})
        if name.casefold() in names:
            raise ValidationError({"areas": _("Two areas are called “%(name)s”.") % {"name": name}})
        names.add(name.casefold())
        pk = item.get("id")
        area = existing.get(pk) if pk is not None else None
        if pk is not None and area is None:
            raise ValidationError(
                {"areas": _("No area of this dialogue has the id %(id)s.") % {"id": pk}}
            )
        area = area or Area(dialogue=dialogue)
        area.name = name[:100]
        area.villages = _clean_villages(item.get("villages", []))
        area.polygon = _check_polygon(dialogue, item.get("polygon"))
        area.save()
        kept.add(area.pk)
    _remove(
        [a for pk, a in existing.items() if pk not in kept],
        _("The area “%(name)s” has contributions; it cannot be removed."),
    )


def _sync_focus_groups(dialogue: Dialogue, items: Sequence[dict[str, Any]]) -> None:
    existing = {g.pk: g for g in FocusGroup.objects.filter(dialogue=dialogue)}
    kept: set[int] = set()
    names: set[str] = set()
    for item in items:
        name = " ".join(str(item.get("name", "")).split())
        if not name:
            raise ValidationError({"focus_groups": _("Give every focus group a name.")})
        if name.casefold() in names:
            raise ValidationError(
                {"focus_groups": _("Two focus groups are called “%(name)s”.") % {"name": name}}
            )
        names.add(name.casefold())
        pk = item.get("id")
        group = existing.get(pk) if pk is not None else None
        if pk is not None and group is None:
            raise ValidationError(
                {
                    "focus_groups": _("No focus group of this dialogue has the id %(id)s.")
                    % {"id": pk}
                }
            )
        group = group or FocusGroup(dialogue=dialogue)
        group.name = name[:100]
        group.description = str(item.get("description") or "").strip()
        for field in ("min_size", "max_size", "age_min", "age_max"):
            setattr(group, field, item.get(field))
        if group.min_size and group.max_size and group.max_size < group.min_size:
            raise ValidationError(
                {"focus_groups": _("A focus group's largest size cannot be below its smallest.")}
            )
        if (
            group.age_min is not None
            and group.age_max is not None
            and group.age_max < group.age_min
        ):
            raise ValidationError(
                {"focus_groups": _("A focus group's highest age cannot be below its lowest.")}
            )
        group.save()
        kept.add(group.pk)
    _remove(
        [g for pk, g in existing.items() if pk not in kept],
        _("The focus group “%(name)s” has contributions or meetings; it cannot be removed."),
    )


def _remove(rows: Sequence[Area | FocusGroup], message: str) -> None:
    for row in rows:
        if row.contributions.exists():
            raise ValidationError(message % {"name": row.name})
        try:
            with transaction.atomic():
                row.delete()
        except (ProtectedError, IntegrityError):
            raise ValidationError(message % {"name": row.name}) from None


@transaction.atomic
def dialogue_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    prompts: Sequence[str],
    consent_text: str,
    description: str = "",
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    idea: Idea | int | None = None,
    areas: Sequence[dict[str, Any]] = (),
    focus_groups: Sequence[dict[str, Any]] = (),
) -> Dialogue:
    """Start a dialogue for a municipality (its members). It starts as a draft."""
    if not user_is_member(actor, organisation):
        raise PermissionDenied(
            _("Only members of %(organisation)s can start dialogues for it.")
            % {"organisation": organisation.name}
        )
    _check_organisation(organisation)
    if not str(consent_text).strip():
        raise ValidationError({"consent_text": _("Write the consent text residents agree to.")})
    dialogue = Dialogue(
        organisation=organisation,
        title=" ".join(str(title).split()),
        description=str(description).strip(),
        prompts=_clean_prompts(prompts),
        opens_at=opens_at,
        closes_at=closes_at,
        idea=_check_idea(actor, idea),
        consent_text=str(consent_text).strip(),
        consent_version=1,
        created_by=actor,
    )
    if not dialogue.title:
        raise ValidationError({"title": _("Give the dialogue a title.")})
    dialogue.full_clean(exclude=["organisation", "created_by", "idea"])
    dialogue.save()
    DialogueConsentText.record(dialogue)
    _sync_areas(dialogue, areas)
    _sync_focus_groups(dialogue, focus_groups)
    return dialogue


@transaction.atomic
def dialogue_update(*, actor: User, dialogue: Dialogue, **fields: Any) -> Dialogue:
    """Edit a dialogue and move its status (team only): draft → open → closed → reported.

    Changing the consent text bumps its version (contributions keep the one they agreed
    to). The questions are fixed once someone has answered them: answers refer to them by
    position."""
    require = selectors.require_team
    require(actor, dialogue, _("Only members of %(organisation)s can edit this dialogue."))
    unknown = set(fields) - set(DIALOGUE_FIELDS)
    if unknown:
        raise TypeError(f"dialogue_update() got unexpected fields {sorted(unknown)}")
    # Locked: contributions hand out pseudonym numbers and check the status under this lock.
    locked = Dialogue.objects.select_for_update().select_related("organisation").get(pk=dialogue.pk)
    if "prompts" in fields:
        prompts = _clean_prompts(fields["prompts"])
        if prompts != locked.prompts and locked.contributions.exists():
            raise ValidationError(
                {"prompts": _("The questions cannot change once residents have answered them.")}
            )
        locked.prompts = prompts
    if "title" in fields:
        locked.title = " ".join(str(fields["title"]).split())
        if not locked.title:
            raise ValidationError({"title": _("Give the dialogue a title.")})
    if "description" in fields:
        locked.description = str(fields["description"]).strip()
    for name in ("opens_at", "closes_at"):
        if name in fields:
            setattr(locked, name, fields[name])
    if "idea" in fields:
        locked.idea = _check_idea(actor, fields["idea"])
    if "consent_text" in fields:
        text = str(fields["consent_text"]).strip()
        if not text:
            raise ValidationError({"consent_text": _("Write the consent text residents agree to.")})
        if text != locked.consent_text:
            locked.consent_text = text
            locked.consent_version += 1
            DialogueConsentText.record(locked)
    was_public = locked.is_public
    if fields.get("status") is not None:
        locked.move_to(str(fields["status"]))
    locked.full_clean(exclude=["organisation", "created_by", "idea"])
    locked.save()
    if "areas" in fields:
        _sync_areas(locked, fields["areas"])
    if "focus_groups" in fields:
        _sync_focus_groups(locked, fields["focus_groups"])
    if locked.is_public != was_public:
        transaction.on_commit(lambda: events.recheck_dialogue(locked.pk))
    dialogue.refresh_from_db()
    return locked


# --- Contributions ----------------------------------------------------------------------


def _check_rate(author: User) -> None:
    # Counted in the shared cache, as comments are (comments/limits.py, hub/rates.py).
    wait = rate_wait(f"dialogues:rate:{author.pk}", settings.DIALOGUE_CONTRIBUTION_RATE_LIMIT)
    if wait:
        raise ContributionRateLimited(wait)


def _clean_answers(dialogue: Dialogue, answers: Any) -> list[str]:
    count = len(dialogue.prompts)
    if not isinstance(answers, (list, tuple)) or len(answers) > count:
        raise ValidationError(
            {"answers": _("Give one answer per question (%(count)s), in order.") % {"count": count}}
        )
    texts = [str(a or "").strip() for a in answers] + [""] * (count - len(answers))
    if not any(texts):
        raise ValidationError({"answers": _("Answer at least one of the questions.")})
    for text in texts:
        if len(text) > MAX_ANSWER:
            raise ValidationError(
                {"answers": _("Keep each answer under %(max)s characters.") % {"max": MAX_ANSWER}}
            )
    return texts


def _resolve_area(dialogue: Dialogue, area: Area | int | str | None) -> Area | None:
    if area in (None, ""):
        return None
    rows = Area.objects.filter(dialogue=dialogue)
    if isinstance(area, Area):
        found = rows.filter(pk=area.pk).first()
    elif isinstance(area, int) or str(area).isdigit():
        found = rows.filter(pk=int(str(area))).first()
    else:
        wanted = " ".join(str(area).split()).casefold()
        found = next((a for a in rows if a.name.casefold() == wanted), None)
    if found is None:
        names = ", ".join(a.name for a in rows)
        raise ValidationError(
            {
                "area": _("This dialogue has no such area. Choose one of: %(names)s.")
                % {"names": names}
            }
        )
    return found


def _resolve_village(
    dialogue: Dialogue, area: Area | None, village: str
) -> tuple[Area | None, str]:
    """The village as the dialogue spells it, and its area (a village chosen without an
    area places the contribution in the village's area)."""
    name = " ".join(str(village or "").split())
    if not name:
        return area, ""
    candidates = [area] if area is not None else list(Area.objects.filter(dialogue=dialogue))
    for candidate in candidates:
        for known in candidate.villages:
            if known.casefold() == name.casefold():
                return candidate, known
    raise ValidationError(
        {
            "village": _(
                "No village of this name is listed for the dialogue%(in_area)s. Choose a "
                "village from the list, or only the area."
            )
            % {"in_area": _(" in %(area)s") % {"area": area.name} if area else ""}
        }
    )


def _area_of_point(dialogue: Dialogue, easting: float, northing: float) -> Area | None:
    point = shapely.Point(easting, northing)
    for area in Area.objects.filter(dialogue=dialogue, polygon__isnull=False):
        if area.polygon and project(shapely.geometry.shape(area.polygon)).covers(point):
            return area
    return None


def _resolve_focus_group(dialogue: Dialogue, group: FocusGroup | int | None) -> FocusGroup | None:
    if group is None or group == "":
        return None
    pk = group.pk if isinstance(group, FocusGroup) else int(group)
    found = FocusGroup.objects.filter(dialogue=dialogue, pk=pk).first()
    if found is None:
        raise ValidationError({"focus_group": _("This dialogue has no focus group with this id.")})
    return found


def contribution_create(
    *,
    author: User,
    dialogue: Dialogue,
    answers: Sequence[str],
    consent: Any,
    consent_version: int | None = None,
    point: tuple[float, float] | None = None,
    area: Area | int | str | None = None,
    village: str = "",
    focus_group: FocusGroup | int | None = None,
    show_name: bool = False,
) -> Contribution:
    """A signed-in resident answers an open dialogue's questions and places the answer: a
    point inside the municipality, or an area or village chosen by name.

    The exact point is kept for the team; the public gets the centre of its 250 m square.
    The pseudonym number ("Deltagare 3") is handed out under the dialogue's row lock and
    stays the person's for every contribution to this dialogue."""
    if not is_signed_in(author) or not author.is_active:
        raise PermissionDenied(_("Sign in to take part in the dialogue."))
    if consent is not True:
        raise ValidationError(
            {"consent": _("To take part you must agree to the consent text (consent: true).")}
        )
    _check_rate(author)
    with transaction.atomic():
        locked = (
            selectors.dialogues_visible_to(author)
            .select_for_update(of=("self",))
            .filter(pk=dialogue.pk)
            .first()
        )
        if locked is None:
            raise Http404
        if not locked.is_open:
            raise ValidationError(
                _("The dialogue is not open for contributions.")
                if locked.status == Dialogue.Status.DRAFT
                else _("The dialogue is closed; contributions are no longer taken.")
            )
        if consent_version is not None and consent_version != locked.consent_version:
            raise ValidationError(
                {
                    "consent_version": _(
                        "The consent text has changed since you read it. Read the new "
                        "version and agree to it again."
                    )
                }
            )
        texts = _clean_answers(locked, answers)
        chosen_area = _resolve_area(locked, area)
        chosen_area, village_name = _resolve_village(locked, chosen_area, village)
        longitude = latitude = coarse_lon = coarse_lat = None
        if point is not None:
            try:
                longitude, latitude = float(point[0]), float(point[1])
            except (TypeError, ValueError, IndexError):
                raise ValidationError(
                    {"point": _("Give the point as [longitude, latitude] in degrees (WGS 84).")}
                ) from None
            easting, northing = point_in_municipality(
                organisation=locked.organisation, longitude=longitude, latitude=latitude
            )
            coarse_lon, coarse_lat = selectors.coarse_point(longitude, latitude)
            if chosen_area is None:
                chosen_area = _area_of_point(locked, easting, northing)
        elif chosen_area is None:
            raise ValidationError(
                {
                    "point": _(
                        "Place your answer: a point on the map, or an area or village chosen "
                        "by name."
                    )
                }
            )
        group = _resolve_focus_group(locked, focus_group)
        previous = (
            Contribution.objects.filter(dialogue=locked, author=author)
            .values_list("number", flat=True)
            .first()
        )
        if previous is None:
            locked.last_participant_number += 1
            locked.save(update_fields=["last_participant_number"])
            previous = locked.last_participant_number
        contribution = Contribution.objects.create(
            dialogue=locked,
            author=author,
            number=previous,
            answers=texts,
            area=chosen_area,
            village=village_name,
            longitude=longitude,
            latitude=latitude,
            coarse_longitude=coarse_lon,
            coarse_latitude=coarse_lat,
            show_name=bool(show_name),
            focus_group=group,
            consent_version=locked.consent_version,
            consented_at=timezone.now(),
        )
        transaction.on_commit(lambda: events.broadcast_contribution(contribution.pk))
    return contribution


@transaction.atomic
def contribution_mark_gold(
    *, actor: User, contribution: Contribution, gold: bool = True
) -> Contribution:
    """The team marks a contribution as a "guldkorn" (or takes the mark away)."""
    selectors.require_team(
        actor,
        contribution.dialogue,
        _("Only members of %(organisation)s can mark guldkorn in this dialogue."),
    )
    contribution.is_gold = bool(gold)
    contribution.save(update_fields=["is_gold"])
    return contribution


@transaction.atomic
def contribution_to_idea(
    *,
    actor: User,
    contribution: Contribution,
    title: str,
    kind: str = Idea.Kind.SERVICE_CONCEPT,
    visibility: str = Idea.Visibility.ORGANISATION,
) -> Idea:
    """The team turns a contribution into an idea of its municipality: the idea quotes the
    answers (never the contributor's name or point) and the contribution links to it."""
    from ideas.services import idea_create

    dialogue = contribution.dialogue
    selectors.require_team(
        actor, dialogue, _("Only members of %(organisation)s can turn contributions into ideas.")
    )
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.idea_id is not None:
        raise ValidationError(_("This contribution has already become an idea."))
    body = "\n\n".join(
        f"**{prompt}**\n\n{answer}"
        for prompt, answer in zip(dialogue.prompts, locked.answers, strict=False)
        if answer
    )
    where = locked.area.name if locked.area else ""
    note = _("From a contribution to the dialogue “%(dialogue)s”%(area)s.") % {
        "dialogue": dialogue.title,
        "area": f" ({where})" if where else "",
    }
    idea = idea_create(
        actor=actor,
        organisation=dialogue.organisation,
        kind=kind,
        title=title,
        body=f"{note}\n\n{body}",
        visibility=visibility,
    )
    locked.idea = idea
    locked.save(update_fields=["idea"])
    contribution.idea = idea
    return idea


@transaction.atomic
def contributions_anonymise(*, user: User) -> int:
    """Keep the person's contributions without them: no author, no name shown, and the
    exact point replaced by its public 250 m cell (a home stays personal data even without
    a name). What the person chooses on deleting their account instead of removal."""
    rows = Contribution.objects.filter(author=user)
    count = 0
    for contribution in rows:
        contribution.author = None
        contribution.show_name = False
        contribution.longitude = contribution.coarse_longitude
        contribution.latitude = contribution.coarse_latitude
        contribution.save(update_fields=["author", "show_name", "longitude", "latitude"])
        count += 1
    return count


def contributions_remove(*, user: User) -> int:
    """Delete the person's contributions (account deletion's default)."""
    count, _rows = Contribution.objects.filter(author=user).delete()
    return count

"""Writes for prototypes, test rounds, participation, feedback and findings.

Every caller (API, pages, demo data, tests) goes through these functions. They take
objects the caller has already fetched with the access_* selectors (so visibility is
settled) and check the role (`selectors.require_team`) and the rules themselves; what
people send is checked in `prototypes.checks`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from ideas.files import check_image
from ideas.models import Idea, TargetGroup
from prototypes import checks
from prototypes.models import (
    ConsentText,
    Feedback,
    Finding,
    Participation,
    Prototype,
    PrototypeImage,
    TestRound,
)
from prototypes.scoring import sus_score
from prototypes.selectors import is_team, require_team

# --- Prototypes ------------------------------------------------------------------------


def prototype_create(
    *,
    actor: User,
    idea: Idea,
    label: str,
    description: str = "",
    link: str = "",
    status: str = Prototype.Status.DRAFT,
) -> Prototype:
    """Add a prototype version to an idea (members of the owning organisation only).

    Publishing a prototype changes nothing about the idea's stage: that stays the team's call.
    """
    require_team(
        actor, idea, _("Only members of %(organisation)s can add prototypes to this idea.")
    )
    prototype = Prototype(
        idea=idea,
        label=label.strip(),
        description=description.strip(),
        link=link.strip(),
        status=status,
        created_by=actor,
    )
    _save_prototype(prototype)
    return prototype


def _save_prototype(prototype: Prototype) -> None:
    if not prototype.label:
        raise ValidationError({"label": _("Give the version a label, such as “v1” or “Beta 2”.")})
    prototype.full_clean(exclude=["idea", "created_by"], validate_unique=False)
    clash = Prototype.objects.filter(idea=prototype.idea, label__iexact=prototype.label)
    duplicate = ValidationError(
        {
            "label": _("This idea already has a prototype labelled “%(label)s”.")
            % {"label": prototype.label}
        }
    )
    if clash.exclude(pk=prototype.pk).exists():
        raise duplicate
    try:
        with transaction.atomic():
            prototype.save()
    except IntegrityError as exc:  # the same label saved twice at once
        raise duplicate from exc


def prototype_update(*, actor: User, prototype: Prototype, **fields: Any) -> Prototype:
    """Change a prototype's label, description, link or status (team only)."""
    require_team(
        actor, prototype.idea, _("Only members of %(organisation)s can edit this prototype.")
    )
    for name in ("label", "description", "link", "status"):
        if name in fields and fields[name] is not None:
            value = fields[name]
            setattr(prototype, name, value.strip() if isinstance(value, str) else value)
    _save_prototype(prototype)
    return prototype


def prototype_image_add(
    *, actor: User, prototype: Prototype, image: UploadedFile, alt_text: str
) -> PrototypeImage:
    """Attach a screenshot with its text alternative (team only)."""
    require_team(
        actor, prototype.idea, _("Only members of %(organisation)s can edit this prototype.")
    )
    check_image(image)  # type by name and by content, and size
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe the image for people who cannot see it.")})
    return PrototypeImage.objects.create(
        prototype=prototype, image=image, alt_text=alt_text.strip()
    )


# --- Test rounds -----------------------------------------------------------------------


def target_group_for(value: str | None) -> TargetGroup | None:
    """The target group with this slug or name; a new one if the name is new."""
    value = (value or "").strip()
    if not value:
        return None
    found = TargetGroup.objects.filter(slug=value).first() or (
        TargetGroup.objects.filter(name__iexact=value).first()
    )
    if found:
        return found
    slug = slugify(value)[:100]
    if not slug:
        raise ValidationError({"target_group": _("Name the target group in words.")})
    group, _created = TargetGroup.objects.get_or_create(slug=slug, defaults={"name": value[:100]})
    return group


def _save_round(test_round: TestRound, *, opening: bool = False) -> None:
    test_round.full_clean(exclude=["prototype", "created_by", "target_group"])
    if opening and test_round.prototype.status != Prototype.Status.OPEN:
        raise ValidationError(
            {
                "status": _(
                    "Open the prototype (status “open”) before recruiting participants for it."
                )
            }
        )
    test_round.save()


@transaction.atomic
def test_round_create(
    *,
    actor: User,
    prototype: Prototype,
    title: str,
    goal: str,
    tasks: list[str],
    capacity: int,
    consent_text: str,
    target_group: str | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    remote: bool = True,
    place: str = "",
) -> TestRound:
    """Plan a test round of a prototype (team only). It starts as `planned`."""
    require_team(
        actor,
        prototype.idea,
        _("Only members of %(organisation)s can plan test rounds for this prototype."),
    )
    if not consent_text.strip():
        raise ValidationError({"consent_text": _("Write the consent text participants agree to.")})
    test_round = TestRound(
        prototype=prototype,
        title=title.strip(),
        goal=goal.strip(),
        target_group=target_group_for(target_group),
        tasks=checks.clean_tasks(tasks),
        starts_at=starts_at,
        ends_at=ends_at,
        remote=remote,
        place=place.strip(),
        capacity=capacity,
        consent_text=consent_text.strip(),
        consent_version=1,
        created_by=actor,
    )
    _save_round(test_round)
    ConsentText.record(test_round)
    return test_round


ROUND_FIELDS = (
    "title",
    "goal",
    "tasks",
    "starts_at",
    "ends_at",
    "remote",
    "place",
    "capacity",
    "consent_text",
    "target_group",
    "status",
)


@transaction.atomic
def test_round_update(*, actor: User, test_round: TestRound, **fields: Any) -> TestRound:
    """Edit a round and move its status forward (team only).

    Editing the consent text bumps its version; participations keep the version they agreed
    to. Tasks are fixed once the round runs, so every answer refers to the task it was
    given for. Capacity never drops below the people already signed up.
    """
    require_team(
        actor, test_round.idea, _("Only members of %(organisation)s can edit this test round.")
    )
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise ValueError(f"Unknown round fields: {sorted(unknown)}")
    # Lock the row: capacity and consent checks race with sign-ups otherwise.
    locked = TestRound.objects.select_for_update().get(pk=test_round.pk)
    if locked.status == TestRound.Status.CLOSED and set(fields) - {"status"}:
        raise ValidationError(_("The round is closed and can no longer be edited."))
    if "tasks" in fields:
        tasks = checks.clean_tasks(fields["tasks"])
        if tasks != locked.tasks and locked.status in (
            TestRound.Status.RUNNING,
            TestRound.Status.CLOSED,
        ):
            raise ValidationError(
                {"tasks": _("The tasks cannot change once the round is running.")}
            )
        locked.tasks = tasks
    for name in ("title", "goal", "place"):
        if name in fields:
            setattr(locked, name, str(fields[name]).strip())
    for name in ("starts_at", "ends_at", "remote"):
        if name in fields:
            setattr(locked, name, fields[name])
    if "target_group" in fields:
        locked.target_group = target_group_for(fields["target_group"])
    if "capacity" in fields:
        signed_up = locked.participations.count()
        if fields["capacity"] < signed_up:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people have already signed up; the capacity cannot be lower."
                    )
                    % {"count": signed_up}
                }
            )
        locked.capacity = fields["capacity"]
    if "consent_text" in fields:
        text = str(fields["consent_text"]).strip()
        if not text:
            raise ValidationError(
                {"consent_text": _("Write the consent text participants agree to.")}
            )
        if text != locked.consent_text:
            locked.consent_text = text
            locked.consent_version += 1
            ConsentText.record(locked)
    opening = False
    if "status" in fields and fields["status"] is not None:
        opening = (
            locked.status == TestRound.Status.PLANNED
            and fields["status"] == TestRound.Status.RECRUITING
        )
        locked.move_to(fields["status"])
    _save_round(locked, opening=opening)
    return locked


# --- Participation ---------------------------------------------------------------------


def participation_create(
    *, user: User, test_round: TestRound, consent: Any, consent_version: int | None = None
) -> Participation:
    """Sign a citizen up to a round with explicit consent to the consent text shown.

    Capacity holds even when two people take the last place at once: the round's row is
    locked (select_for_update; on SQLite the IMMEDIATE transaction queues writers) while
    places are counted, and a unique constraint stops a double sign-up.
    """
    if consent is not True:
        raise ValidationError(
            {"consent": _("To sign up you must agree to the consent text (consent: true).")}
        )
    # Every read happens inside the transaction, after the lock is taken.
    with transaction.atomic():
        locked = TestRound.objects.select_for_update().get(pk=test_round.pk)
        if is_team(user, test_round.idea):
            raise ValidationError(
                _("Members of the organisation running the round cannot take part as testers.")
            )
        if not locked.is_open_for_sign_up:
            if locked.status == TestRound.Status.CLOSED:
                message = _("The round is closed; sign-up is no longer possible.")
            else:
                message = _("The round is not open for sign-up yet.")
            raise ValidationError(message)
        if consent_version is not None and consent_version != locked.consent_version:
            raise ValidationError(
                {
                    "consent_version": _(
                        "The consent text has changed since you read it. Read the new "
                        "version and agree to it again."
                    )
                }
            )
        if Participation.objects.filter(round=locked, user=user).exists():
            raise ValidationError(_("You have already signed up for this round."))
        if locked.participations.count() >= locked.capacity:
            raise ValidationError(_("The round is full; every place has been taken."))
        locked.last_participant_number += 1
        locked.save(update_fields=["last_participant_number"])
        try:
            with transaction.atomic():
                return Participation.objects.create(
                    round=locked,
                    user=user,
                    number=locked.last_participant_number,
                    consent_version=locked.consent_version,
                    consented_at=timezone.now(),
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already signed up for this round.")) from exc


@transaction.atomic
def participation_withdraw(*, user: User, test_round: TestRound) -> None:
    """Withdraw from a round at any time: the participation and its feedback are deleted,
    the feedback is unlinked from findings, and summaries no longer count it."""
    participation = Participation.objects.filter(round=test_round, user=user).first()
    if participation is None:
        raise ValidationError(_("You are not signed up for this round."))
    # Deleting the participation cascades to its feedback and the finding links to it.
    participation.delete()


# --- Feedback --------------------------------------------------------------------------


def _participation_for_feedback(user: User, test_round: TestRound) -> Participation:
    participation = Participation.objects.filter(round=test_round, user=user).first()
    if participation is None:
        raise PermissionDenied(_("Only participants of this round can give feedback."))
    if test_round.status != TestRound.Status.RUNNING:
        raise ValidationError(
            _("Feedback can be given only while the round is running.")
            if test_round.status != TestRound.Status.CLOSED
            else _("The round is closed; feedback can no longer be given or changed.")
        )
    return participation


@transaction.atomic
def feedback_create(
    *, user: User, test_round: TestRound, tasks: Any, sus: Any, text: Any = ""
) -> Feedback:
    """A participant's feedback on a running round (one per participation)."""
    test_round = TestRound.objects.select_for_update().get(pk=test_round.pk)
    participation = _participation_for_feedback(user, test_round)
    if Feedback.objects.filter(participation=participation).exists():
        raise ValidationError(_("You have already given feedback; edit it instead (PUT or PATCH)."))
    cleaned_tasks, answers, cleaned_text = checks.clean_feedback(
        test_round=test_round, tasks=tasks, sus=sus, text=text
    )
    return Feedback.objects.create(
        participation=participation,
        tasks=cleaned_tasks,
        sus=answers,
        sus_score=sus_score(answers),
        text=cleaned_text,
    )


@transaction.atomic
def feedback_update(
    *, user: User, test_round: TestRound, tasks: Any, sus: Any, text: Any = ""
) -> Feedback:
    """Replace a participant's feedback; possible until the round closes."""
    test_round = TestRound.objects.select_for_update().get(pk=test_round.pk)
    participation = _participation_for_feedback(user, test_round)
    feedback = Feedback.objects.filter(participation=participation).first()
    if feedback is None:
        raise ValidationError(_("You have not given feedback yet; send it with POST."))
    cleaned_tasks, answers, cleaned_text = checks.clean_feedback(
        test_round=test_round, tasks=tasks, sus=sus, text=text
    )
    feedback.tasks = cleaned_tasks
    feedback.sus = answers
    feedback.sus_score = sus_score(answers)
    feedback.text = cleaned_text
    feedback.save()
    return feedback


def feedback_save(
    *, user: User, test_round: TestRound, tasks: Any, sus: Any, text: Any = ""
) -> Feedback:
    """Create or replace the participant's feedback (the page form uses this)."""
    if Feedback.objects.filter(participation__round=test_round, participation__user=user).exists():
        return feedback_update(user=user, test_round=test_round, tasks=tasks, sus=sus, text=text)
    return feedback_create(user=user, test_round=test_round, tasks=tasks, sus=sus, text=text)


# --- Findings --------------------------------------------------------------------------


@transaction.atomic
def finding_create(
    *,
    actor: User,
    test_round: TestRound,
    severity: str,
    description: str,
    feedback_ids: list[int] | None = None,
    addressed_in: Prototype | None = None,
) -> Finding:
    """Record a finding of a round (team only)."""
    require_team(
        actor,
        test_round.idea,
        _("Only members of %(organisation)s can record findings for this round."),
    )
    return _save_finding(
        Finding(round=test_round, created_by=actor),
        severity=severity,
        description=description,
        feedback_ids=feedback_ids,
        addressed_in=addressed_in,
    )


def _save_finding(
    finding: Finding,
    *,
    severity: Any,
    description: Any,
    feedback_ids: Any,
    addressed_in: Prototype | None,
) -> Finding:
    """Check the values against the finding's round, then store them (a new finding too)."""
    feedback = checks.clean_finding(
        test_round=finding.round,
        severity=severity,
        description=description,
        feedback_ids=feedback_ids,
        addressed_in=addressed_in,
    )
    finding.severity = severity
    finding.description = description.strip()
    finding.addressed_in = addressed_in
    finding.save()
    finding.feedback.set(feedback)
    return finding


@transaction.atomic
def finding_update(*, actor: User, finding: Finding, **fields: Any) -> Finding:
    """Change a finding: severity, description, linked feedback, addressed in (team only)."""
    require_team(
        actor, finding.round.idea, _("Only members of %(organisation)s can edit this finding.")
    )
    return _save_finding(
        finding,
        severity=fields.get("severity", finding.severity),
        description=fields.get("description", finding.description),
        feedback_ids=fields.get(
            "feedback_ids", list(finding.feedback.values_list("pk", flat=True))
        ),
        addressed_in=fields.get("addressed_in", finding.addressed_in),
    )


def finding_delete(*, actor: User, finding: Finding) -> None:
    """Remove a finding (team only)."""
    require_team(
        actor, finding.round.idea, _("Only members of %(organisation)s can edit this finding.")
    )
    finding.delete()

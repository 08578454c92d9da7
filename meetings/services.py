"""Writes for dialogue meetings: plan a meeting, register and cancel (with the waitlist),
send the reminders, record the report.

Places are counted under the meeting's row lock (select_for_update; on SQLite the IMMEDIATE
transaction queues the writers), so two people never take the last place at once and the
waitlist moves up in queue order exactly once per freed place. E-mails go after commit, in
each person's language.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import User
from dialogues.models import Dialogue, FocusGroup
from hub.links import absolute_url
from meetings.models import Meeting, MeetingConsentText, MeetingReport, Registration
from meetings.selectors import is_team, require_team

logger = logging.getLogger(__name__)

# Marked for translation here, translated in the recipient's language when sent.
MOVED_UP_SUBJECT = gettext_noop("You have a place at “%(title)s”")
REMINDER_SUBJECT = gettext_noop("Reminder: “%(title)s” tomorrow")
CHANGED_SUBJECT = gettext_noop("Changed: “%(title)s”")
CANCELLED_SUBJECT = gettext_noop("Cancelled: “%(title)s”")

#: The local time of the meetings and of the reminders' "day before" (the municipality's).
MEETING_TIME_ZONE = "Europe/Stockholm"
MAX_ATTENDEES = 100_000
MAX_REASON = 1000


def default_consent_text() -> str:
    """The consent text a meeting gets when the team writes none (in the team's language)."""
    return _(
        "I agree that the municipality keeps my registration for this meeting (my account, "
        "and my birth year if the meeting asks for it) to plan the meeting and to send me a "
        "reminder. I can cancel at any time; the registration is deleted with my account."
    )


# --- Meetings --------------------------------------------------------------------------


class MeetingFields(TypedDict, total=False):
    """What the team plans about a meeting: what `meeting_create` takes and `meeting_update`
    changes."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    capacity: int
    location: str
    link: str
    focus_group: FocusGroup | None
    consent_text: str


#: The fields whose change the people registered are told about by e-mail.
WHEN_AND_WHERE = ("starts_at", "ends_at", "mode", "location", "link")


def _plan(
    meeting: Meeting,
    *,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    mode: str,
    capacity: int,
    location: str,
    link: str,
    focus_group: FocusGroup | None,
    consent_text: str,
) -> None:
    """Set what the team plans on the meeting and check it: the one validation of creating
    and of changing a meeting (raises ValidationError, saves nothing)."""
    if focus_group is not None and focus_group.dialogue_id != meeting.dialogue_id:
        raise ValidationError({"focus_group": _("Choose one of this dialogue's focus groups.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if mode not in Meeting.Mode.values:
        raise ValidationError({"mode": _("Choose a physical or a digital meeting.")})
    meeting.focus_group = focus_group
    meeting.title = title.strip()
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.mode = mode
    # A physical meeting has no link and a digital one no place: nothing stale is shown.
    meeting.location = location.strip() if mode == Meeting.Mode.PHYSICAL else ""
    meeting.link = link.strip() if mode == Meeting.Mode.DIGITAL else ""
    meeting.capacity = capacity
    meeting.consent_text = consent_text.strip() or default_consent_text()
    meeting.full_clean(exclude=["dialogue", "focus_group", "created_by"])


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    dialogue: Dialogue,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    mode: str,
    capacity: int,
    location: str = "",
    link: str = "",
    focus_group: FocusGroup | None = None,
    consent_text: str = "",
) -> Meeting:
    """Plan a meeting of the dialogue, or of one of its focus groups (team only)."""
    require_team(
        actor, dialogue, _("Only members of %(organisation)s can plan meetings for this dialogue.")
    )
    meeting = Meeting(dialogue=dialogue, consent_version=1, created_by=actor)
    _plan(
        meeting,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        capacity=capacity,
        location=location,
        link=link,
        focus_group=focus_group,
        consent_text=consent_text,
    )
    meeting.save()
    MeetingConsentText.record(meeting)
    return meeting


def meeting_update(*, actor: User, meeting: Meeting, **fields: Unpack[MeetingFields]) -> Meeting:
    """Change a meeting (team only), checked exactly as `meeting_create` checks a new one.

    Under the meeting's row lock, as registrations are counted: more places move the
    waitlist up in queue order; fewer places than people already registered is refused
    (nobody loses a place silently). A new consent text becomes a new version (those
    registered keep the version they agreed to). When the time or the place changes, the
    people registered and waiting are e-mailed after commit.
    """
    unknown = set(fields) - set(MeetingFields.__annotations__)
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields: {sorted(unknown)}")
    require_team(
        actor,
        meeting.dialogue,
        _("Only members of %(organisation)s can change the meetings of this dialogue."),
    )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            raise ValidationError(
                _("This meeting has been cancelled; it can no longer be changed.")
            )
        active = Registration.objects.filter(meeting=locked, status__in=Registration.ACTIVE)
        registered = active.filter(status=Registration.Status.REGISTERED).count()
        if (
            "focus_group" in fields
            and _pk(fields["focus_group"]) != locked.focus_group_id
            and active.exists()
        ):
            # The age check was made against the current group's range.
            raise ValidationError(
                {
                    "focus_group": _(
                        "People have already registered for this meeting under its focus "
                        "group, so the focus group can no longer be changed."
                    )
                }
            )
        before = {name: getattr(locked, name) for name in WHEN_AND_WHERE}
        old_consent = locked.consent_text
        planned: MeetingFields = {
            "title": locked.title,
            "starts_at": locked.starts_at,
            "ends_at": locked.ends_at,
            "mode": locked.mode,
            "capacity": locked.capacity,
            "location": locked.location,
            "link": locked.link,
            "focus_group": locked.focus_group,
            "consent_text": locked.consent_text,
        }
        planned.update(fields)
        _plan(locked, **planned)  # type: ignore[arg-type]  # every key is set above
        if locked.capacity < registered:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(count)s person already has a place, so the meeting needs at least "
                        "%(count)s place. Nobody loses a place they were given: to make the "
                        "meeting smaller, cancel it and plan a new one.",
                        "%(count)s people already have a place, so the meeting needs at least "
                        "%(count)s places. Nobody loses a place they were given: to make the "
                        "meeting smaller, cancel it and plan a new one.",
                        registered,
                    )
                    % {"count": registered}
                }
            )
        changed = [name for name in WHEN_AND_WHERE if getattr(locked, name) != before[name]]
        if changed:
            locked.sequence += 1
        if locked.consent_text != old_consent:
            locked.consent_version += 1
        locked.save()
        if locked.consent_text != old_consent:
            MeetingConsentText.record(locked)
        moved = {r.pk for r in _move_up(locked)}  # they are e-mailed their new place
        if changed:
            # A new link alone concerns only those with a place: the waitlist never sees it.
            statuses = (
                Registration.ACTIVE
                if set(changed) - {"link"}
                else (Registration.Status.REGISTERED,)
            )
            ids = list(
                active.filter(status__in=statuses)
                .exclude(pk__in=moved)
                .values_list("pk", flat=True)
            )
            if ids:
                meeting_id = locked.pk
                transaction.on_commit(
                    lambda: _email_registrations(
                        meeting_id, ids, "meetings/changed_email.txt", CHANGED_SUBJECT
                    )
                )
    return locked


def _pk(group: FocusGroup | None) -> int | None:
    return group.pk if group is not None else None


def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Call a meeting off (team only, before it starts): the row stays with the reason,
    registration closes, and everyone registered or waiting is e-mailed after commit."""
    require_team(
        actor,
        meeting.dialogue,
        _("Only members of %(organisation)s can cancel the meetings of this dialogue."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the meeting is cancelled; the people who registered are told.")}
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(max)s characters.") % {"max": MAX_REASON}}
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This meeting has already been cancelled."))
        if locked.starts_at <= timezone.now():
            raise ValidationError(
                _("The meeting has already started, so it can no longer be cancelled.")
            )
        locked.cancelled_at = timezone.now()
        locked.cancellation_reason = reason
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "cancellation_reason", "sequence", "updated_at"])
        ids = list(
            Registration.objects.filter(meeting=locked, status__in=Registration.ACTIVE).values_list(
                "pk", flat=True
            )
        )
        if ids:
            meeting_id = locked.pk
            transaction.on_commit(
                lambda: _email_registrations(
                    meeting_id, ids, "meetings/cancelled_email.txt", CANCELLED_SUBJECT
                )
            )
    return locked


# --- Registration ----------------------------------------------------------------------


def check_age(*, meeting: Meeting, birth_year: Any) -> int | None:
    """The birth year to record, checked against the focus group's age range; None when the
    meeting has no age limit.

    The person states their birth year (a date of birth is more than the check needs). At
    the meeting someone born in year Y is Y' - Y or Y' - Y - 1 years old (Y' the meeting's
    year), so the year is accepted when either age is in the range: nobody of the right age
    is turned away, and nobody more than a year outside it gets in.
    """
    group = meeting.focus_group
    if group is None or (group.age_min is None and group.age_max is None):
        return None
    low = group.age_min if group.age_min is not None else 0
    high = group.age_max if group.age_max is not None else 150
    if birth_year in (None, ""):
        raise ValidationError(
            {
                "birth_year": _(
                    "This meeting is for people aged %(low)s–%(high)s. Give the year you were "
                    "born (for example 2008)."
                )
                % {"low": low, "high": high}
            }
        )
    try:
        year = int(birth_year)
    except (TypeError, ValueError):
        raise ValidationError({"birth_year": _("Give your birth year as four digits.")}) from None
    meeting_year = timezone.localtime(meeting.starts_at).year
    if not meeting_year - 120 <= year <= meeting_year:
        raise ValidationError({"birth_year": _("Give your birth year as four digits.")})
    oldest, youngest = meeting_year - year, meeting_year - year - 1
    if youngest > high or oldest < low:
        raise ValidationError(
            {
                "birth_year": _(
                    "This meeting is for people aged %(low)s–%(high)s; your birth year is "
                    "outside that range."
                )
                % {"low": low, "high": high}
            }
        )
    return year


def meeting_register(
    *,
    user: User,
    meeting: Meeting,
    consent: Any,
    consent_version: int | None = None,
    birth_year: Any = None,
) -> Registration:
    """Register for a meeting with consent: a place while there is one, else the waitlist.

    Places are counted under the meeting's row lock, so 200 people registering at once never
    overbook it; a unique constraint stops a double registration.
    """
    if consent is not True:
        raise ValidationError(
            {"consent": _("To register you must agree to the consent text (consent: true).")}
        )
    with transaction.atomic():
        # Every read below happens after the lock is taken.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        dialogue = Dialogue.objects.select_related("organisation").get(pk=locked.dialogue_id)
        locked.dialogue = dialogue
        if is_team(user, dialogue):
            raise ValidationError(
                _(
                    "Members of the municipality running the dialogue do not register for its meetings."
                )
            )
        if locked.is_cancelled:
            raise ValidationError(_("This meeting has been cancelled; registration is closed."))
        if dialogue.status != Dialogue.Status.OPEN:
            raise ValidationError(_("Registration is possible only while the dialogue is open."))
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("The meeting has already started; registration is closed."))
        if consent_version is not None and consent_version != locked.consent_version:
            raise ValidationError(
                {
                    "consent_version": _(
                        "The consent text has changed since you read it. Read the new version "
                        "and agree to it again."
                    )
                }
            )
        if locked.focus_group_id is not None:
            locked.focus_group = FocusGroup.objects.get(pk=locked.focus_group_id)
        year = check_age(meeting=locked, birth_year=birth_year)
        existing = Registration.objects.filter(meeting=locked, user=user).first()
        if existing is not None and existing.is_active:
            raise ValidationError(_("You are already registered for this meeting."))
        taken = Registration.objects.filter(
            meeting=locked, status=Registration.Status.REGISTERED
        ).count()
        status = (
            Registration.Status.REGISTERED
            if taken < locked.capacity
            else Registration.Status.WAITLISTED
        )
        locked.last_position += 1
        update = ["last_position"]
        registration = existing or Registration(meeting=locked, user=user)
        if existing is None:
            locked.last_participant_number += 1
            update.append("last_participant_number")
            registration.number = locked.last_participant_number
        locked.save(update_fields=update)
        registration.status = status
        registration.position = locked.last_position  # the back of the queue
        registration.consent_version = locked.consent_version
        registration.consented_at = timezone.now()
        registration.birth_year = year
        registration.reminded_at = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise ValidationError(_("You are already registered for this meeting.")) from exc
        return registration


def meeting_cancel_registration(*, user: User, meeting: Meeting) -> Registration:
    """Cancel a place or leave the waitlist; a freed place goes to the first one waiting."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = Registration.objects.filter(
            meeting=locked, user=user, status__in=Registration.ACTIVE
        ).first()
        if registration is None:
            raise ValidationError(_("You are not registered for this meeting."))
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        _move_up(locked)
        return registration


def registrations_erase(*, user: User) -> None:
    """Delete every registration of the person (account deletion): places they held go to
    the first ones waiting, meeting by meeting, each under its meeting's lock."""
    meeting_ids = sorted(
        set(Registration.objects.filter(user=user).values_list("meeting_id", flat=True))
    )
    for meeting_id in meeting_ids:  # in id order: two deletions never wait on each other
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting_id)
            Registration.objects.filter(meeting=locked, user=user).delete()
            _move_up(locked)


def _move_up(locked: Meeting) -> list[Registration]:
    """Give free places to the waitlist in queue order (the caller holds the meeting's lock)
    and tell the people who moved up, after commit."""
    taken = Registration.objects.filter(
        meeting=locked, status=Registration.Status.REGISTERED
    ).count()
    free = locked.capacity - taken
    if free <= 0 or locked.starts_at <= timezone.now() or locked.is_cancelled:
        return []
    moved = list(
        Registration.objects.filter(meeting=locked, status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("position")[:free]
    )
    for registration in moved:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
    if moved:
        meeting_id = locked.pk
        ids = [r.pk for r in moved]
        transaction.on_commit(
            lambda: _email_registrations(
                meeting_id,
                ids,
                "meetings/moved_up_email.txt",
                MOVED_UP_SUBJECT,
                statuses=(Registration.Status.REGISTERED,),
            )
        )
    return moved


# --- E-mail ----------------------------------------------------------------------------


def _send(registration: Registration, template: str, subject: str) -> None:
    """One e-mail about a meeting to the registered person, in their language."""
    user = registration.user
    meeting = registration.meeting
    with translation.override(user.language or settings.LANGUAGE_CODE):
        with timezone.override(MEETING_TIME_ZONE):
            body = render_to_string(
                template,
                {
                    "meeting": meeting,
                    "dialogue": meeting.dialogue,
                    "registration": registration,
                    "starts_at": timezone.localtime(meeting.starts_at),
                    "ends_at": timezone.localtime(meeting.ends_at),
                    "page_link": absolute_url(meeting.get_absolute_url()),
                    "calendar_link": absolute_url(f"/api/v1/meetings/{meeting.pk}/calendar.ics"),
                },
            )
            subject_text = f"[Delahub] {_(subject) % {'title': meeting.title}}"
    send_mail(subject_text[:200], body, None, [user.email])


def _email_registrations(
    meeting_id: int,
    registration_ids: list[int],
    template: str,
    subject: str,
    *,
    statuses: tuple[str, ...] = Registration.ACTIVE,
) -> None:
    """E-mail these registrations about their meeting, those still in `statuses` when it
    goes (one who cancelled in between is not written to); runs after commit."""
    rows = Registration.objects.filter(pk__in=registration_ids, status__in=statuses).select_related(
        "user", "meeting", "meeting__dialogue"
    )
    for registration in rows:
        if not registration.user.is_active or registration.user.deleted_at:
            continue
        try:
            _send(registration, template, subject)
        except Exception:  # a mail server hiccup must not undo the committed change
            logger.exception(
                "Could not e-mail registration %s of meeting %s", registration.pk, meeting_id
            )


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail everyone with a place at a meeting that starts tomorrow (Stockholm time) and
    has not been reminded yet; returns how many were sent.

    Idempotent: each registration is claimed by setting `reminded_at` in one conditional
    UPDATE before its e-mail goes, so a second run (or two at once) sends nothing twice; a
    failed e-mail gives the claim back, for the next run to try again.
    """
    now = now or timezone.now()
    with timezone.override(MEETING_TIME_ZONE):
        tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
        zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=1)
    due = (
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            reminded_at__isnull=True,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            meeting__cancelled_at__isnull=True,
            user__is_active=True,
            user__deleted_at__isnull=True,
        )
        .select_related("user", "meeting", "meeting__dialogue")
        .order_by("meeting_id", "position")
    )
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue  # another run took it
        try:
            _send(registration, "meetings/reminder_email.txt", REMINDER_SUBJECT)
        except Exception:
            logger.exception("Could not send the reminder for registration %s", registration.pk)
            Registration.objects.filter(pk=registration.pk).update(reminded_at=None)
            continue
        sent += 1
    return sent


# --- Report ----------------------------------------------------------------------------


@transaction.atomic
def meeting_report_save(
    *, actor: User, meeting: Meeting, attendees: Any, notes: str = ""
) -> MeetingReport:
    """Record (or correct) what happened at the meeting: attendees and notes (team only,
    once the meeting has started)."""
    require_team(
        actor,
        meeting.dialogue,
        _("Only members of %(organisation)s can write the report of this meeting."),
    )
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled, so there is no report to write."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The report can be written once the meeting has taken place."))
    if isinstance(attendees, bool) or not isinstance(attendees, int):
        raise ValidationError({"attendees": _("Give the number of people who came, as a number.")})
    if not 0 <= attendees <= MAX_ATTENDEES:
        raise ValidationError(
            {"attendees": _("Give a number between 0 and %(max)s.") % {"max": MAX_ATTENDEES}}
        )
    notes = (notes or "").strip()
    if len(notes) > 10_000:
        raise ValidationError({"notes": _("Keep the notes under 10,000 characters.")})
    report, _created = MeetingReport.objects.update_or_create(
        meeting=meeting, defaults={"attendees": attendees, "notes": notes, "written_by": actor}
    )
    return report

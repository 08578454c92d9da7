"""Checks of what people send about test rounds, before the services store it: a round's
tasks, feedback against its round, a finding against its round. Each raises a
ValidationError with messages a person can act on (all the problems at once)."""

from __future__ import annotations

from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from prototypes.models import MAX_TASK_SECONDS, MAX_TASKS, Feedback, Finding, Prototype, TestRound
from prototypes.scoring import SUS_ITEM_COUNT

MAX_COMMENT = 2_000


def clean_tasks(tasks: Any) -> list[str]:
    """A round's tasks: texts, in order, at least one, at most MAX_TASKS."""
    if not isinstance(tasks, list) or not all(isinstance(t, str) for t in tasks):
        raise ValidationError({"tasks": _("Give the tasks as a list of texts, in order.")})
    cleaned = [t.strip() for t in tasks if t.strip()]
    if not cleaned:
        raise ValidationError({"tasks": _("Give at least one task for the participants.")})
    if len(cleaned) > MAX_TASKS:
        raise ValidationError(
            {"tasks": _("A round can have at most %(max)s tasks.") % {"max": MAX_TASKS}}
        )
    if any(len(t) > 1_000 for t in cleaned):
        raise ValidationError({"tasks": _("Keep each task under 1,000 characters.")})
    return cleaned


def is_whole(value: Any) -> TypeGuard[int]:
    """A whole number (and not True or False, which Python counts as 1 and 0)."""
    return isinstance(value, int) and not isinstance(value, bool)


def clean_feedback(
    *, test_round: TestRound, tasks: Any, sus: Any, text: Any
) -> tuple[list[dict[str, Any]], list[int], str]:
    """Check feedback against the round; raises one ValidationError listing every problem."""
    errors: dict[str, list[str]] = {}
    round_tasks = test_round.tasks
    cleaned_tasks: list[dict[str, Any]] = []
    if not isinstance(tasks, list) or len(tasks) != len(round_tasks):
        errors.setdefault("tasks", []).append(
            _("Give one answer per task: this round has %(count)s tasks.")
            % {"count": len(round_tasks)}
        )
    else:
        for number, answer in enumerate(tasks, start=1):
            problems = []
            if not isinstance(answer, dict):
                answer = {}
                problems.append(_("give completed, difficulty, seconds and comment"))
            completed = answer.get("completed")
            if not isinstance(completed, bool):
                problems.append(_("say whether you completed it (true or false)"))
            difficulty = answer.get("difficulty")
            if not is_whole(difficulty) or not 1 <= difficulty <= 5:
                problems.append(
                    _("difficulty must be a whole number from 1 (very easy) to 5 (very hard)")
                )
            seconds = answer.get("seconds")
            if seconds is not None and (
                not is_whole(seconds) or not 0 <= seconds <= MAX_TASK_SECONDS
            ):
                problems.append(_("time taken must be a whole number of seconds, or empty"))
            comment = answer.get("comment") or ""
            if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
                problems.append(
                    _("the comment must be text of at most %(max)s characters")
                    % {"max": MAX_COMMENT}
                )
            if problems:
                errors.setdefault("tasks", []).append(
                    _("Task %(number)s: %(problems)s.")
                    % {"number": number, "problems": "; ".join(str(p) for p in problems)}
                )
            else:
                cleaned_tasks.append(
                    {
                        "completed": completed,
                        "difficulty": difficulty,
                        "seconds": seconds,
                        "comment": comment.strip(),
                    }
                )
    if not isinstance(sus, list):
        errors["sus"] = [_("Answer all ten SUS statements with a number from 1 to 5, in order.")]
    else:
        answers = list(sus) + [None] * (SUS_ITEM_COUNT - len(sus))
        if len(sus) > SUS_ITEM_COUNT:
            errors["sus"] = [
                _("SUS has exactly ten statements; you gave %(count)s answers.")
                % {"count": len(sus)}
            ]
        else:
            missing = [str(i) for i, a in enumerate(answers, start=1) if a is None]
            invalid = [
                str(i)
                for i, a in enumerate(answers, start=1)
                if a is not None and (not is_whole(a) or not 1 <= a <= 5)
            ]
            if missing:
                errors.setdefault("sus", []).append(
                    _("Answer all ten SUS statements; missing: %(items)s.")
                    % {"items": ", ".join(missing)}
                )
            if invalid:
                errors.setdefault("sus", []).append(
                    _("SUS answers must be whole numbers from 1 to 5; check statement %(items)s.")
                    % {"items": ", ".join(invalid)}
                )
    if text is None:
        text = ""
    if not isinstance(text, str) or len(text) > 10_000:
        errors["text"] = [_("The free text must be text of at most 10,000 characters.")]
    if errors:
        raise ValidationError(errors)
    return cleaned_tasks, list(sus), text.strip()


def clean_finding(
    *,
    test_round: TestRound,
    severity: Any,
    description: Any,
    feedback_ids: Any,
    addressed_in: Prototype | None,
) -> list[Feedback]:
    """Check a finding against its round; its linked feedback, or one ValidationError
    listing every problem."""
    errors: dict[str, list[str]] = {}
    if severity not in Finding.Severity.values:
        errors["severity"] = [
            _("Choose a severity: %(choices)s.") % {"choices": ", ".join(Finding.Severity.values)}
        ]
    if not isinstance(description, str) or not description.strip():
        errors["description"] = [_("Describe what the team found.")]
    feedback: list[Feedback] = []
    ids = feedback_ids or []
    if not isinstance(ids, list) or not all(is_whole(i) for i in ids):
        errors["feedback"] = [_("Give the linked feedback as a list of feedback ids.")]
    else:
        feedback = list(Feedback.objects.filter(pk__in=ids, participation__round=test_round))
        foreign = sorted(set(ids) - {f.pk for f in feedback})
        if foreign:
            errors["feedback"] = [
                _("Feedback %(ids)s does not belong to this round; link only its own feedback.")
                % {"ids": ", ".join(str(i) for i in foreign)}
            ]
    if addressed_in is not None and addressed_in.idea_id != test_round.prototype.idea_id:
        errors["addressed_in"] = [
            _("The version that addressed the finding must be a prototype of the same idea.")
        ]
    if errors:
        raise ValidationError(errors)
    return feedback

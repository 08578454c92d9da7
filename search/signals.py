"""Keep the index in step with every change.

Each receiver only names what to reindex (`indexing.index_on_commit`): the keys are queued
in the write's own transaction, and documents are built and sent to the engine after it
commits, outside the request (search.indexing), so a rolled-back change is never indexed
and a slow or failing engine never holds up or breaks the write.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Membership
from facts.models import Fact, FactSection, FactSheet
from ideas.models import Adoption, Evidence, Idea, StageChange
from prototypes.models import Finding, Participation, Prototype, TestRound
from search import documents, indexing

# Counter updates that change nothing a search shows.
_IGNORED_FIELDS = frozenset({"follower_count", "comment_count"})


def _family(idea_id: int) -> None:
    indexing.index_on_commit(documents.idea_family(idea_id))


def _round_and_findings(round_id: int) -> None:
    indexing.index_on_commit(
        {
            "round": [round_id],
            "finding": list(Finding.objects.filter(round_id=round_id).values_list("pk", flat=True)),
        }
    )


def idea_saved(sender: Any, instance: Idea, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields and set(update_fields) <= _IGNORED_FIELDS:
        return
    # Visibility, title and facets of an idea are its prototypes', rounds' and findings' too.
    _family(instance.pk)


def idea_deleted(sender: Any, instance: Idea, **kwargs: Any) -> None:
    indexing.index_on_commit({"idea": [instance.pk]})


def idea_m2m_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Idea):
        _family(instance.pk)
    else:  # the reverse side: a tag, target group or organisation; pk_set holds idea ids
        for idea_id in kwargs.get("pk_set") or ():
            _family(idea_id)


def idea_child_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Evidence, adoptions and stage changes are part of their idea's document."""
    _family(instance.idea_id)


def prototype_changed(sender: Any, instance: Prototype, **kwargs: Any) -> None:
    # A prototype's status decides who sees its rounds and their findings.
    rounds = list(TestRound.objects.filter(prototype_id=instance.pk).values_list("pk", flat=True))
    indexing.index_on_commit(
        {
            "prototype": [instance.pk],
            "round": rounds,
            "finding": list(
                Finding.objects.filter(round_id__in=rounds).values_list("pk", flat=True)
            ),
        }
    )


def round_changed(sender: Any, instance: TestRound, **kwargs: Any) -> None:
    _round_and_findings(instance.pk)


def finding_changed(sender: Any, instance: Finding, **kwargs: Any) -> None:
    indexing.index_on_commit({"finding": [instance.pk]})


def participation_changed(sender: Any, instance: Participation, **kwargs: Any) -> None:
    # Participants see the planned round they take part in.
    _round_and_findings(instance.round_id)


def membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """Joining or leaving an organisation changes what of a person's own drafts and rounds
    they may see beyond their tokens."""
    for idea_id in Idea.objects.filter(
        created_by_id=instance.user_id, visibility=Idea.Visibility.DRAFT
    ).values_list("pk", flat=True):
        _family(idea_id)
    for round_id in Participation.objects.filter(user_id=instance.user_id).values_list(
        "round_id", flat=True
    ):
        _round_and_findings(round_id)


def fact_sheet_changed(sender: Any, instance: FactSheet, **kwargs: Any) -> None:
    indexing.index_on_commit({"fact": [instance.pk]})


def fact_sheet_part_changed(sender: Any, instance: Fact | FactSection, **kwargs: Any) -> None:
    """Sections and figures are part of their sheet's document."""
    indexing.index_on_commit({"fact": [instance.sheet_id]})


def connect() -> None:
    uid = "search"
    post_save.connect(idea_saved, sender=Idea, dispatch_uid=f"{uid}-idea-save")
    post_delete.connect(idea_deleted, sender=Idea, dispatch_uid=f"{uid}-idea-delete")
    for field in ("tags", "target_groups", "co_organisations"):
        through = getattr(Idea, field).through
        m2m_changed.connect(idea_m2m_changed, sender=through, dispatch_uid=f"{uid}-{field}")
    for child in (Evidence, Adoption, StageChange):
        post_save.connect(idea_child_changed, sender=child, dispatch_uid=f"{uid}-{child}-save")
        post_delete.connect(idea_child_changed, sender=child, dispatch_uid=f"{uid}-{child}-del")
    receivers: list[tuple[Any, Any]] = [
        (Prototype, prototype_changed),
        (TestRound, round_changed),
        (Finding, finding_changed),
        (Participation, participation_changed),
        (Membership, membership_changed),
        (FactSheet, fact_sheet_changed),
        (Fact, fact_sheet_part_changed),
        (FactSection, fact_sheet_part_changed),
    ]
    for model, receiver in receivers:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-{model}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-{model}-del")

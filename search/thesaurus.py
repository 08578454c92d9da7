"""The thesaurus as search uses it: groups of words for one municipal service.

A query word (or a run of up to four words) that is a term of a group is searched together
with the group's other terms, which score below the word itself (SYNONYM_WEIGHT); English
terms find their group's Swedish terms. Terms are matched by their stems, as the index
stores words, so "hemtjänsten" is the term "hemtjänst". Broader and narrower groups are
offered as related terms when a search finds little.

The groups live in the database (search.models.ThesaurusGroup: seeded from
search/data/thesaurus.yaml, edited by staff in the admin) and are read once per process and
again whenever a group changes: every search checks a cheap version (count and latest
change), so an edit applies without a deploy or a re-index, on every backend.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Max

from search import text
from search.thesaurus_rules import Report, check_groups

SEED_FILE = Path(__file__).resolve().parent / "data" / "thesaurus.yaml"
#: Score factor of a match through a synonym, against 1.0 for the word itself.
SYNONYM_WEIGHT = 0.5
#: Longest term, in words.
MAX_TERM_WORDS = 4


@dataclass(frozen=True)
class Group:
    key: str
    terms: tuple[str, ...]  # Swedish; the first is the official term
    english: tuple[str, ...]
    broader: str | None
    source: str

    @property
    def label(self) -> str:
        return self.terms[0]


def stems_of(term: str) -> tuple[str, ...]:
    """A term as a query reaches it: the stems of the words the query parser keeps ("hjälp
    i hemmet" is ("hjälp", "hemm"), as the query "hjälp i hemmet" is)."""
    return tuple(text.stem(w) for w in text.words(term) if w not in text.DROPPED_WORDS)


class Thesaurus:
    """Groups and a lookup from a term's stems (also folded) to its group."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self.groups: dict[str, Group] = {g.key: g for g in groups}
        self._by_stems: dict[tuple[str, ...], str] = {}
        self._by_folded: dict[tuple[str, ...], str] = {}
        self.narrower: dict[str, list[str]] = {}
        self.english_words: set[str] = set()
        # One-word Swedish terms: candidates when a typed word is corrected.
        self.single_words: list[str] = []
        for group in self.groups.values():
            self.single_words.extend(t for t in group.terms if len(text.words(t)) == 1)
            for term in (*group.terms, *group.english):
                stems = stems_of(term)
                if stems:
                    self._by_stems.setdefault(stems, group.key)
                    self._by_folded.setdefault(tuple(text.fold(s) for s in stems), group.key)
            for term in group.english:
                self.english_words.update(text.words(term))
            if group.broader:
                self.narrower.setdefault(group.broader, []).append(group.key)

    def __len__(self) -> int:
        return len(self.groups)

    def group_of(self, stems: Sequence[str], *, folded: bool = False) -> Group | None:
        """The group whose term has exactly these stems; `folded`: also without diacritics."""
        key = self._by_stems.get(tuple(stems))
        if key is None and folded:
            key = self._by_folded.get(tuple(text.fold(s) for s in stems))
        return self.groups.get(key) if key else None

    def related(self, key: str) -> list[Group]:
        """The broader group and the narrower ones: terms to offer when little is found."""
        group = self.groups.get(key)
        if group is None:
            return []
        keys = ([group.broader] if group.broader else []) + self.narrower.get(key, [])
        return [self.groups[k] for k in keys if k in self.groups]


EMPTY = Thesaurus(())

_lock = threading.Lock()
_cached: tuple[Any, Thesaurus] | None = None


def current() -> Thesaurus:
    """The thesaurus as it is in the database now (read again after any change)."""
    global _cached
    from search.models import ThesaurusGroup

    version = tuple(ThesaurusGroup.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        rows = ThesaurusGroup.objects.select_related("broader").order_by("key")
        thesaurus = Thesaurus(
            Group(
                key=row.key,
                terms=tuple(row.term_list),
                english=tuple(row.english_list),
                broader=row.broader.key if row.broader else None,
                source=row.source,
            )
            for row in rows
        )
        _cached = (version, thesaurus)
    return thesaurus


# --- Seeding and checking ----------------------------------------------------------------


def read_seed(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    """The groups of the seed file, as dicts (id, terms, en, broader, source)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["groups"])


def seed(model: Any, groups: list[dict[str, Any]], *, update: bool = False) -> tuple[int, int]:
    """Create the groups missing by key (and with `update`, overwrite the others from the
    file); works with the real model and a migration's historical one. Returns (created,
    updated)."""
    existing = {g.key: g for g in model.objects.all()}
    created = updated = 0
    for group in groups:
        values = {
            "terms": "\n".join(group["terms"]),
            "english": "\n".join(group.get("en") or []),
            "source": group["source"],
        }
        row = existing.get(group["id"])
        if row is None:
            existing[group["id"]] = model.objects.create(key=group["id"], **values)
            created += 1
        elif update:
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            updated += 1
    for group in groups:
        parent = existing.get(group.get("broader") or "")
        row = existing[group["id"]]
        if (created or update) and row.broader_id != (parent.pk if parent else None):
            row.broader = parent
            row.save(update_fields=["broader", "updated_at"])
    return created, updated


def as_rule_dict(
    key: str, terms: Sequence[str], english: Sequence[str], broader: str | None, source: str
) -> dict[str, Any]:
    group: dict[str, Any] = {"id": key, "terms": list(terms), "source": source}
    if english:
        group["en"] = list(english)
    if broader:
        group["broader"] = broader
    return group


def groups_check(edited: dict[str, Any], *, replacing: str | None = None) -> list[str]:
    """What is wrong with `edited` among all the other groups (the rules of
    search.thesaurus_rules): a term already in another group, a loop of broader groups, …
    `replacing`: the key the edited group had before (it is left out)."""
    from search.models import ThesaurusGroup

    others = [
        as_rule_dict(
            row.key,
            row.term_list,
            row.english_list,
            row.broader.key if row.broader else None,
            row.source,
        )
        for row in ThesaurusGroup.objects.select_related("broader")
        if row.key not in {replacing, edited["id"]}
    ]
    report = Report()
    check_groups([*others, edited], report)
    return report.by_place.get(f"group {edited['id']!r}", [])

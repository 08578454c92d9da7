"""The judged relevance set of bench/relevance.py: the ideas and queries written in
bench/relevance/ideas.yaml and queries.yaml, read as records, and every way the set can be
wrong (tests/search/test_relevance_set.py holds the files to it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "relevance"
CATEGORIES = (
    "official",
    "inflection",
    "compound",
    "everyday",
    "question",
    "typo",
    "no_diacritics",
    "english",
    "nothing",
)
MIN_QUERIES_PER_CATEGORY = 6


class IdeaRecord(TypedDict):
    key: str
    organisation: str
    kind: str
    stage: str
    category: str
    tags: list[str]
    title: str
    summary: str
    body: str


class QueryRecord(TypedDict):
    q: str
    category: str
    relevant: dict[str, int]
    note: str


# --- The judged set ------------------------------------------------------------------------


def load_set(directory: Path = DATA) -> tuple[list[IdeaRecord], list[QueryRecord]]:
    """The ideas and the judged queries, as written in the two YAML files."""
    ideas = yaml.safe_load((directory / "ideas.yaml").read_text(encoding="utf-8")) or []
    queries = yaml.safe_load((directory / "queries.yaml").read_text(encoding="utf-8")) or []
    for query in queries:  # "relevant: {}" and a missing note are both fine to write
        query["relevant"] = query.get("relevant") or {}
        query.setdefault("note", "")
    return ideas, queries


def set_problems(
    ideas: Sequence[Mapping[str, Any]],
    queries: Sequence[Mapping[str, Any]],
    *,
    organisations: frozenset[str],
    stages: frozenset[str],
    idea_categories: frozenset[str],
    kinds: frozenset[str],
) -> list[str]:
    """Everything wrong with the judged set, one sentence each (empty when it is sound)."""
    problems: list[str] = []
    keys: set[str] = set()
    for idea in ideas:
        key = str(idea.get("key", ""))
        if not key:
            problems.append(f"an idea has no key: {str(idea.get('title'))[:60]!r}")
        elif key in keys:
            problems.append(f"idea key {key!r} is used twice")
        keys.add(key)
        for field in ("title", "summary", "body"):
            if not str(idea.get(field) or "").strip():
                problems.append(f"idea {key!r} has no {field}")
        checks = (
            ("organisation", organisations, "is not an organisation slug"),
            ("stage", stages, "is not a stage an idea can be in"),
            ("category", idea_categories, "is not an idea category"),
            ("kind", kinds, "is not an idea kind"),
        )
        for field, allowed, message in checks:
            if idea.get(field) not in allowed:
                problems.append(f"idea {key!r}: {field} {idea.get(field)!r} {message}")
        if not isinstance(idea.get("tags"), list):
            problems.append(f"idea {key!r}: tags must be a list")
    per_category = dict.fromkeys(CATEGORIES, 0)
    texts: set[str] = set()
    for query in queries:
        q, category = str(query.get("q", "")), str(query.get("category", ""))
        if not q.strip():
            problems.append("a query is empty")
        elif q in texts:
            problems.append(f"query {q!r} is written twice")
        texts.add(q)
        if category not in per_category:
            problems.append(f"query {q!r}: category {category!r} is not one of {CATEGORIES}")
        else:
            per_category[category] += 1
        relevant = query.get("relevant")
        if not isinstance(relevant, Mapping):
            problems.append(f"query {q!r}: relevant must be a mapping of idea key to grade")
            continue
        if category == "nothing" and relevant:
            problems.append(f"query {q!r} is a nothing query but judges {sorted(relevant)}")
        if category != "nothing" and not relevant:
            problems.append(f"query {q!r} judges no idea: make it a nothing query or judge some")
        for key, grade in relevant.items():
            if key not in keys:
                problems.append(f"query {q!r} judges {key!r}, which is not an idea")
            if grade not in (1, 2, 3):
                problems.append(f"query {q!r}: {key!r} has grade {grade!r}, not 1, 2 or 3")
    for category, count in per_category.items():
        if count < MIN_QUERIES_PER_CATEGORY:
            problems.append(
                f"category {category!r} has {count} queries; write at least "
                f"{MIN_QUERIES_PER_CATEGORY}"
            )
    return problems


def project_set_problems(
    ideas: Sequence[Mapping[str, Any]], queries: Sequence[Mapping[str, Any]]
) -> list[str]:
    """`set_problems` against this project: its organisations (from the database, loaded
    from the reference data) and the stages, categories and kinds an idea may have."""
    from accounts.models import Organisation
    from ideas.models import Category, Idea, Stage

    return set_problems(
        ideas,
        queries,
        organisations=frozenset(Organisation.objects.values_list("slug", flat=True)),
        stages=frozenset(s for s in Stage.values if s != Stage.DISCONTINUED),
        idea_categories=frozenset(Category.values),
        kinds=frozenset(Idea.Kind.values),
    )

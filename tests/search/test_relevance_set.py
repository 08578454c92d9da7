"""The judged relevance set (bench/relevance/) is sound data: keys unique, every judgment
names an idea, organisations exist in the reference data, categories and stages valid, each
query category has enough queries, nothing-queries judge nothing. Data integrity only: how
well search does on the set is bench/relevance.py's business, never a test threshold."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ideas.models import Category, Idea, Stage
from tests import factories

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "relevance_set.py"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_relevance_set", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


relevance = _harness()


def _problems(ideas: Any, queries: Any, organisations: frozenset[str]) -> list[str]:
    return relevance.set_problems(
        ideas,
        queries,
        organisations=organisations,
        stages=frozenset(s for s in Stage.values if s != Stage.DISCONTINUED),
        idea_categories=frozenset(Category.values),
        kinds=frozenset(Idea.Kind.values),
    )


@pytest.mark.django_db
def test_the_judged_set_has_no_problems() -> None:
    factories.ensure_reference_data()
    ideas, queries = relevance.load_set()
    problems = relevance.project_set_problems(ideas, queries)
    assert problems == [], "Fix bench/relevance/*.yaml:\n  " + "\n  ".join(problems)


def test_the_set_is_large_enough_to_mean_something() -> None:
    ideas, queries = relevance.load_set()
    assert len(ideas) >= 90
    assert len({idea["organisation"] for idea in ideas}) >= 30
    assert len(queries) >= 70


def test_the_organisations_are_slugs_as_the_reference_data_makes_them() -> None:
    # Håbo and Habo share "habo" and get their kommunkod; regions are slugify(region_name).
    ideas, _ = relevance.load_set()
    used = {idea["organisation"] for idea in ideas}
    assert "habo" not in used
    assert {"habo-0305", "habo-0643", "region-uppsala"} <= used


# The validator itself: each kind of mistake is reported.

IDEA = {
    "key": "a",
    "organisation": "skelleftea",
    "kind": "activity",
    "stage": "launch",
    "category": "care",
    "tags": [],
    "title": "T",
    "summary": "S",
    "body": "B",
}


def _queries_for_every_category(**overrides: Any) -> list[dict[str, Any]]:
    queries = []
    for category in relevance.CATEGORIES:
        for n in range(relevance.MIN_QUERIES_PER_CATEGORY):
            relevant = {} if category == "nothing" else {"a": 3}
            queries.append({"q": f"{category} {n}", "category": category, "relevant": relevant})
    queries[0].update(overrides)
    return queries


@pytest.mark.parametrize(
    ("ideas", "queries", "expected"),
    [
        ([IDEA, IDEA], _queries_for_every_category(), "used twice"),
        ([IDEA], _queries_for_every_category(relevant={"b": 2}), "not an idea"),
        ([IDEA], _queries_for_every_category(relevant={"a": 4}), "not 1, 2 or 3"),
        ([IDEA], _queries_for_every_category(category="slang"), "category 'slang'"),
        ([{**IDEA, "organisation": "atlantis"}], _queries_for_every_category(), "organisation"),
        ([{**IDEA, "stage": "discontinued"}], _queries_for_every_category(), "stage"),
        ([{**IDEA, "category": "sport"}], _queries_for_every_category(), "category 'sport'"),
        ([IDEA], _queries_for_every_category()[1:], "write at least"),
        ([IDEA], _queries_for_every_category(relevant={}), "judges no idea"),
    ],
)
def test_each_kind_of_mistake_is_reported(ideas: Any, queries: Any, expected: str) -> None:
    problems = _problems(ideas, queries, frozenset({"skelleftea"}))
    assert any(expected in p for p in problems), problems


def test_a_nothing_query_with_a_judgment_is_reported() -> None:
    queries = _queries_for_every_category()
    nothing = next(q for q in queries if q["category"] == "nothing")
    nothing["relevant"] = {"a": 1}
    problems = _problems([IDEA], queries, frozenset({"skelleftea"}))
    assert any("is a nothing query" in p for p in problems), problems


def test_a_sound_small_set_has_no_problems() -> None:
    assert _problems([IDEA], _queries_for_every_category(), frozenset({"skelleftea"})) == []

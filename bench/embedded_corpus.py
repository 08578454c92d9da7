"""The documents and the query mix that bench/embedded_engines.py gives both engines: N
generated Swedish ideas as search documents (bench/search.py's vocabulary, plus target groups
and access tokens), the edit an update makes, the queries, who asks them, and the `Answer`
each engine returns. No Django: the tantivy half runs in a virtualenv without it."""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# The repository root first: the script's own folder holds bench/search.py, which would
# otherwise shadow the `search` package.
sys.path.insert(0, str(ROOT))

from search.backends.base import SearchDocument  # noqa: E402


def _load_bench_module(name: str) -> Any:
    """A module of bench/ by file (bench/search.py is not importable as `search`)."""
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


_search_bench = _load_bench_module("search")

# --- The documents ---------------------------------------------------------------------------

# ideas.models.Category and Stage (without "discontinued"), copied: importing them needs Django.
CATEGORIES = [
    "care",
    "education",
    "environment",
    "safety",
    "democracy",
    "culture",
    "planning",
    "business",
    "administration",
    "digital",
    "other",
]
STAGES = [
    "target_groups",
    "insights",
    "analysis",
    "concept",
    "prototype",
    "user_test",
    "launch",
    "follow_up",
]
TARGET_GROUPS = [  # slug, name
    ("aldre", "Äldre"),
    ("vardnadshavare", "Vårdnadshavare"),
    ("elever", "Elever"),
    ("foretagare", "Företagare"),
    ("nyanlanda", "Nyanlända"),
    ("seniorer", "Seniorer"),
    ("invanare", "Invånare"),
    ("personal", "Personal"),
    ("personer-med-funktionsnedsattning", "Personer med funktionsnedsättning"),
    ("unga", "Unga"),
]
AUTHORS = 2_000
BASE_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if c.isascii())).strip("-")


def municipalities() -> list[tuple[int, str, str, str]]:
    """(organisation id, slug, name, county code) of the 290 municipalities."""
    import csv

    with (ROOT / "accounts" / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (i + 1, f"{_slug(r['name'])}-{r['code']}", r["name"], r["county_code"])
        for i, r in enumerate(rows)
    ]


def generate(n: int, seed: int) -> list[SearchDocument]:
    """N ideas as search documents, the way bench/search.py makes them (same sentences and
    words), with 0 to 3 target groups, the organisation's and groups' names in the text as
    search.documents.idea_document puts them, and access tokens as idea_access gives them:
    85 % public, 10 % organisation ("org:<id>"), 5 % drafts ("user:<author>")."""
    rng = random.Random(seed)
    orgs = municipalities()
    subjects, verbs = _search_bench.SUBJECTS, _search_bench.VERBS
    groups, sentences = _search_bench.GROUPS, _search_bench.SENTENCES
    docs = []
    for i in range(n):
        pk = i + 1
        subject, group = rng.choice(subjects), rng.choice(groups)
        body = " ".join(
            rng.choice(sentences).format(s=rng.choice(subjects), g=rng.choice(groups))
            for _ in range(rng.randint(3, 7))
        )
        org_id, org_slug, org_name, county = rng.choice(orgs)
        targets = rng.sample(TARGET_GROUPS, rng.choice([0, 1, 1, 2, 2, 3]))
        visibility = rng.choices(["public", "organisation", "draft"], [85, 10, 5])[0]
        access = {
            "public": ("public",),
            "organisation": (f"org:{org_id}",),
            "draft": (f"user:{rng.randint(1, AUTHORS)}",),
        }[visibility]
        created = BASE_TIME + datetime.timedelta(minutes=pk)
        docs.append(
            SearchDocument(
                type="idea",
                id=pk,
                idea_id=pk,
                title=f"{rng.choice(verbs)} {subject} för {group}",
                summary=rng.choice(sentences).format(s=subject, g=group),
                body=" ".join([body, *(name for _s, name in targets), org_name]),
                url=f"/ideas/{pk}/",
                access=access,
                created_at=created,
                updated_at=created,
                kind=rng.choice(["service_concept", "activity"]),
                stage=rng.choice(STAGES),
                organisation=org_slug,
                organisation_name=org_name,
                county=county,
                category=rng.choice(CATEGORIES),
                target_groups=tuple(s for s, _name in targets),
                adoption_count=rng.choice([0, 0, 0, 1, 2, 5]),
            )
        )
    return docs


def changed(doc: SearchDocument, k: int) -> SearchDocument:
    """The document after an edit: a new word in its title (`ändrad<k>`), a new stage."""
    return dataclasses.replace(
        doc,
        title=f"{doc.title} ändrad{k}",
        stage=STAGES[(STAGES.index(doc.stage) + 1) % len(STAGES)],
        updated_at=doc.updated_at + datetime.timedelta(days=1),
    )


# --- The query mix ----------------------------------------------------------------------------

#: bench/search.py's twelve queries, and two more: a plain word, two filters at once.
QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    *_search_bench.QUERIES,
    ("bibliotek", {}),
    ("simhall", {"target_group": ["seniorer"], "stage": ["prototype", "launch"]}),
]
#: Who asks: anonymous (public only), and a member of organisation 1 who is also author 7.
CALLERS: dict[str, tuple[str, ...]] = {
    "anonymous": ("public",),
    "member": ("public", "org:1", "user:7"),
}
PAGE = 20


@dataclasses.dataclass
class Answer:
    count: int
    facets: dict[str, dict[str, int]]  # facet -> value -> count
    top: list[int]  # ids of the page, in order
    exact: bool = True  # whether the engine says its facet counts are exact


def label_of(q: str, filters: dict[str, list[str]]) -> str:
    if not filters:
        return q
    extra = " ".join(f"{k}={','.join(v)}" for k, v in filters.items())
    return f"{q} {extra}".strip()

"""The rules a thesaurus must keep, for the seed file and for staff's edits in the admin.

Pure Python over the file's shape (a list of group dicts: id, terms, en, broader, source);
`scripts/check_thesaurus.py` runs them on search/data/thesaurus.yaml, and the admin runs them
on the whole thesaurus with the edited group in it (search.thesaurus.groups_check). Words are
stemmed and folded as the search engine does (search.text), so a term the engine would treat
as another one is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from search.text import fold, stem

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A Swedish term: letters (å ä ö é ü …), digits, single spaces and hyphens ("barn- och familj").
SV_TERM_RE = re.compile(r"^[^\W_](?:[^\W_]|-(?=[^\W_])|-(?= [^\W_])| (?=[^\W_]))*$")
# An English term: lower-case ASCII letters, digits, single spaces, hyphens and apostrophes.
EN_TERM_RE = re.compile(r"^[a-z0-9](?:[a-z0-9']|[ -](?=[a-z0-9]))*$")
# Words as the search engine sees them (letters and digits), see search/text.py.
WORD_RE = re.compile(r"[^\W_]+")

MAX_WORDS = 4
MAX_DEPTH = 4
MIN_GROUPS = 300
MIN_SOURCE_LENGTH = 10
KEYS_REQUIRED = {"id", "terms", "source"}
KEYS_ALLOWED = KEYS_REQUIRED | {"en", "broader"}

# Words too generic to be a synonym of a specific service: expanding a query with them (or
# expanding them) would flood the results. They may appear inside a longer phrase.
GENERIC_WORDS = frozenset(
    """
    ansökan anmälan avgift beslut bidrag blankett ärende ärenden hjälp information kommun
    kommuner kontakt region regler service stöd tjänst tjänster e-tjänster vård omsorg
    verksamhet handläggare handläggning insats insatser intyg utredning plan program
    """.split()
)
# Everyday words or abbreviations that mean something else too often ("larm" = any alarm,
# "sol" = the sun, "va" = colloquial "vad", "lov" = school holiday or a permit …).
AMBIGUOUS_WORDS = frozenset(
    """
    larm sol va lov kris ris spruta remiss motion kf ks öp sva ka hr po
    """.split()
)


@dataclass
class Report:
    violations: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.violations.append(f"{where}: {message}")


def as_str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def check_term(where: str, term: str, pattern: re.Pattern[str], report: Report) -> None:
    if term != term.strip() or "  " in term:
        report.add(where, f"term {term!r} has stray spaces")
    if term != term.lower():
        report.add(where, f"term {term!r} is not lower-case")
    if not pattern.match(term):
        report.add(where, f"term {term!r} has characters other than letters, digits, - and ' '")
    if len(term.split()) > MAX_WORDS:
        report.add(where, f"term {term!r} has more than {MAX_WORDS} words")
    if not WORD_RE.search(term):
        report.add(where, f"term {term!r} has no word the search engine can index")


def check_groups(groups: list[Any], report: Report, *, min_groups: int = 0) -> dict[str, int]:
    """Check groups as the file holds them (dicts); violations go to `report`, counts back."""
    ids: dict[str, int] = {}
    broader: dict[str, str] = {}
    # casefolded term -> (group id, "terms" or "en")
    owner: dict[str, tuple[str, str]] = {}
    folded_owner: dict[str, tuple[str, str]] = {}
    stem_owner: dict[tuple[str, ...], tuple[str, str]] = {}
    counts = Counter[str]()

    for index, group in enumerate(groups):
        where = f"group #{index + 1}"
        if not isinstance(group, dict):
            report.add(where, "is not a mapping")
            continue
        group_id = group.get("id")
        if isinstance(group_id, str):
            where = f"group {group_id!r}"
        missing = KEYS_REQUIRED - group.keys()
        if missing:
            report.add(where, f"missing {', '.join(sorted(missing))}")
        unknown = set(group.keys()) - KEYS_ALLOWED
        if unknown:
            report.add(where, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        if not isinstance(group_id, str) or not ID_RE.match(group_id):
            report.add(where, f"id {group_id!r} is not an ASCII slug [a-z0-9-]")
            continue
        if group_id in ids:
            report.add(where, f"duplicate id (also group #{ids[group_id] + 1})")
            continue
        ids[group_id] = index

        source = group.get("source")
        if not isinstance(source, str) or len(source.strip()) < MIN_SOURCE_LENGTH:
            report.add(where, "source is missing, empty or too short to say anything")

        if "broader" in group:
            parent = group["broader"]
            if not isinstance(parent, str) or not parent:
                report.add(where, f"broader {parent!r} is not a group id")
            elif parent == group_id:
                report.add(where, "is its own broader group")
            else:
                broader[group_id] = parent

        terms = as_str_list(group.get("terms"))
        if not terms:
            report.add(where, "terms must be a non-empty list of strings")
            terms = []
        en_value = group.get("en", [])
        en_terms = as_str_list(en_value)
        if en_terms is None:
            report.add(where, "en must be a list of strings")
            en_terms = []

        for term in terms:
            check_term(where, term, SV_TERM_RE, report)
            if term.casefold() in GENERIC_WORDS:
                report.add(where, f"term {term!r} is too generic to be a synonym")
            if term.casefold() in AMBIGUOUS_WORDS:
                report.add(where, f"term {term!r} is ambiguous (means other things too)")
        for term in en_terms:
            check_term(where, term, EN_TERM_RE, report)

        for kind, values in (("terms", terms), ("en", en_terms)):
            for term in values:
                key = term.casefold()
                if key in owner:
                    other_id, other_kind = owner[key]
                    same = "this group" if other_id == group_id else f"group {other_id!r}"
                    report.add(where, f"{kind} {term!r} is already in {same} ({other_kind})")
                    continue
                owner[key] = (group_id, kind)
                counts[kind] += 1
                if kind != "terms":
                    continue
                folded = fold(key)
                if folded in folded_owner:
                    other_id, other_term = folded_owner[folded]
                    report.add(
                        where,
                        f"term {term!r} differs from {other_term!r} (group {other_id!r}) "
                        "only by diacritics: the search engine folds them itself",
                    )
                else:
                    folded_owner[folded] = (group_id, term)
                stems = tuple(stem(word) for word in WORD_RE.findall(key))
                if stems in stem_owner:
                    other_id, other_term = stem_owner[stems]
                    same = "this group" if other_id == group_id else f"group {other_id!r}"
                    report.add(
                        where,
                        f"term {term!r} has the same stems as {other_term!r} in {same}: "
                        "the stemmer already treats them as one word",
                    )
                else:
                    stem_owner[stems] = (group_id, term)

    for group_id, parent in broader.items():
        if parent not in ids:
            report.add(f"group {group_id!r}", f"broader {parent!r} is not an existing id")

    depths: dict[str, int] = {}
    for group_id in ids:
        chain = [group_id]
        current = group_id
        while current in broader and broader[current] in ids:
            current = broader[current]
            if current in chain:
                loop = " -> ".join([*chain[chain.index(current) :], current])
                report.add(f"group {group_id!r}", f"broader loop: {loop}")
                break
            chain.append(current)
        else:
            depths[group_id] = len(chain)
            if len(chain) > MAX_DEPTH:
                report.add(
                    f"group {group_id!r}",
                    f"is {len(chain)} levels deep (max {MAX_DEPTH}): {' -> '.join(chain)}",
                )

    if len(ids) < min_groups:
        report.add("file", f"has {len(ids)} groups, at least {min_groups} are wanted")

    return {
        "groups": len(ids),
        "terms": counts["terms"],
        "en": counts["en"],
        "with_broader": len(broader),
        "roots": sum(1 for group_id in ids if group_id not in broader),
        "max_depth": max(depths.values(), default=0),
    }

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

from django.utils.translation import gettext as _

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
    by_place: dict[str, list[str]] = field(default_factory=dict)  # "group 'key'" -> messages

    def add(self, where: str, message: str) -> None:
        self.violations.append(f"{where}: {message}")
        self.by_place.setdefault(where, []).append(message)


def as_str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def check_term(where: str, term: str, pattern: re.Pattern[str], report: Report) -> None:
    if term != term.strip() or "  " in term:
        report.add(where, _("the term %(term)r has stray spaces") % {"term": term})
    if term != term.lower():
        report.add(where, _("the term %(term)r is not lower-case") % {"term": term})
    if not pattern.match(term):
        report.add(
            where,
            _("the term %(term)r has characters other than letters, digits, hyphens and spaces")
            % {"term": term},
        )
    if len(term.split()) > MAX_WORDS:
        report.add(
            where, _("the term %(term)r has more than %(n)s words") % {"term": term, "n": MAX_WORDS}
        )
    if not WORD_RE.search(term):
        report.add(where, _("the term %(term)r has no word search can find") % {"term": term})


def _which_group(other_id: str, group_id: str) -> str:
    """How a message names the group that already has a term."""
    return _("this group") if other_id == group_id else _("the group %(id)r") % {"id": other_id}


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
            report.add(where, _("is not a group (a mapping)"))
            continue
        group_id = group.get("id")
        if isinstance(group_id, str):
            where = f"group {group_id!r}"
        missing = KEYS_REQUIRED - group.keys()
        if missing:
            report.add(where, _("%(keys)s missing") % {"keys": ", ".join(sorted(missing))})
        unknown = set(group.keys()) - KEYS_ALLOWED
        if unknown:
            report.add(
                where, _("unknown key(s) %(keys)s") % {"keys": ", ".join(sorted(map(str, unknown)))}
            )
        if not isinstance(group_id, str) or not ID_RE.match(group_id):
            report.add(
                where, _("the key %(id)r is not made of a-z, 0-9 and hyphens") % {"id": group_id}
            )
            continue
        if group_id in ids:
            report.add(
                where, _("the key is used twice (also group #%(n)s)") % {"n": ids[group_id] + 1}
            )
            continue
        ids[group_id] = index

        source = group.get("source")
        if not isinstance(source, str) or len(source.strip()) < MIN_SOURCE_LENGTH:
            report.add(
                where,
                _(
                    "say where the words come from, or why they belong together (the source is missing or too short)"
                ),
            )

        if "broader" in group:
            parent = group["broader"]
            if not isinstance(parent, str) or not parent:
                report.add(where, _("the broader group %(id)r is not a group key") % {"id": parent})
            elif parent == group_id:
                report.add(where, _("a group cannot be its own broader group"))
            else:
                broader[group_id] = parent

        terms = as_str_list(group.get("terms"))
        if not terms:
            report.add(where, _("a group needs at least one Swedish term"))
            terms = []
        en_value = group.get("en", [])
        en_terms = as_str_list(en_value)
        if en_terms is None:
            report.add(where, _("the English terms must be a list of words"))
            en_terms = []

        for term in terms:
            check_term(where, term, SV_TERM_RE, report)
            if term.casefold() in GENERIC_WORDS:
                report.add(
                    where,
                    _(
                        "the term %(term)r is too general to be a synonym: it would find far too much"
                    )
                    % {"term": term},
                )
            if term.casefold() in AMBIGUOUS_WORDS:
                report.add(where, _("the term %(term)r means other things too") % {"term": term})
        for term in en_terms:
            check_term(where, term, EN_TERM_RE, report)

        for kind, values in (("terms", terms), ("en", en_terms)):
            for term in values:
                key = term.casefold()
                mine = (group_id, kind)
                other = owner.setdefault(key, mine)
                if other is not mine:
                    report.add(
                        where,
                        _("the term %(term)r is already in %(group)s")
                        % {"term": term, "group": _which_group(other[0], group_id)},
                    )
                    continue
                counts[kind] += 1
                if kind != "terms":
                    continue
                # Terms the engine would take for one word (see search.text) are refused.
                mine = (group_id, term)
                other = folded_owner.setdefault(fold(key), mine)
                if other is not mine:
                    report.add(
                        where,
                        _(
                            "the term %(term)r differs from %(other)r (group %(id)r) only by "
                            "å, ä or ö: search already treats them as one word"
                        )
                        % {"term": term, "other": other[1], "id": other[0]},
                    )
                other = stem_owner.setdefault(tuple(map(stem, WORD_RE.findall(key))), mine)
                if other is not mine:
                    report.add(
                        where,
                        _(
                            "the term %(term)r is another form of %(other)r in %(group)s: "
                            "search already treats them as one word"
                        )
                        % {
                            "term": term,
                            "other": other[1],
                            "group": _which_group(other[0], group_id),
                        },
                    )

    for group_id, parent in broader.items():
        if parent not in ids:
            report.add(
                f"group {group_id!r}",
                _("the broader group %(id)r does not exist") % {"id": parent},
            )

    depths: dict[str, int] = {}
    for group_id in ids:
        chain = [group_id]
        current = group_id
        while current in broader and broader[current] in ids:
            current = broader[current]
            if current in chain:
                loop = " -> ".join([*chain[chain.index(current) :], current])
                report.add(
                    f"group {group_id!r}",
                    _("the broader groups go round in a loop: %(loop)s") % {"loop": loop},
                )
                break
            chain.append(current)
        else:
            depths[group_id] = len(chain)
            if len(chain) > MAX_DEPTH:
                report.add(
                    f"group {group_id!r}",
                    _("is %(n)s levels deep (at most %(max)s): %(chain)s")
                    % {"n": len(chain), "max": MAX_DEPTH, "chain": " -> ".join(chain)},
                )

    if len(ids) < min_groups:
        report.add(
            "file",
            _("has %(n)s groups, at least %(min)s are wanted") % {"n": len(ids), "min": min_groups},
        )

    return {
        "groups": len(ids),
        "terms": counts["terms"],
        "en": counts["en"],
        "with_broader": len(broader),
        "roots": sum(1 for group_id in ids if group_id not in broader),
        "max_depth": max(depths.values(), default=0),
    }

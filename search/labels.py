"""Human labels of facet values, in the active language (for the API and the pages)."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import County, Organisation
from ideas.models import Category, Idea, Stage, TargetGroup
from search.backends.base import FacetValue

TYPE_LABELS = {
    "idea": _("Idea"),
    "prototype": _("Prototype"),
    "round": _("Test round"),
    "finding": _("Finding"),
}
FACET_LABELS = {
    "type": _("Type"),
    "kind": _("Kind"),
    "stage": _("Stage"),
    "organisation": _("Organisation"),
    "county": _("County"),
    "category": _("Category"),
    "target_group": _("Target group"),
}


# Translated labels of the code-defined facet values, per language (they only change with
# the code and its translations, so once per process is exact).
_CHOICE_LABELS: dict[str, dict[str, dict[str, str]]] = {}


def _choice_labels() -> dict[str, dict[str, str]]:
    language = get_language() or settings.LANGUAGE_CODE
    labels = _CHOICE_LABELS.get(language)
    if labels is None:
        labels = _CHOICE_LABELS[language] = {
            "type": {k: str(v) for k, v in TYPE_LABELS.items()},
            "kind": {k: str(v) for k, v in Idea.Kind.choices},
            "stage": {k: str(v) for k, v in Stage.choices},
            "category": {k: str(v) for k, v in Category.choices},
        }
    return labels


def type_labels() -> dict[str, str]:
    """{document type: its label} in the active language."""
    return _choice_labels()["type"]


# Facets whose values name rows: facet -> (model, key field). Their tables are small (about
# 300 organisations, 21 counties, a few dozen target groups), so all their names are read in
# one query and kept per process under the token of FacetNamesVersion, which changes in the
# same transaction as any saved or deleted row of these tables (see names_changed).
NAMED_FACETS = {
    "organisation": (Organisation, "slug"),
    "county": (County, "code"),
    "target_group": (TargetGroup, "slug"),
}
VERSION_TABLE = "search_facet_names_version"

# (connection alias, token) -> {facet: {value: name}}; replaced whole, never changed in place.
_cached_names: tuple[tuple[str, str], dict[str, dict[str, str]]] | None = None


def _read_names() -> dict[str, dict[str, str]]:
    """{facet: {value: name}} for every named facet, in one query."""
    quote = connection.ops.quote_name
    selects = []
    for facet, (model, key) in NAMED_FACETS.items():
        # Identifiers from this module and the models only; nothing from the request.
        selects.append(
            f"SELECT '{facet}', {quote(key)}, {quote('name')} FROM {quote(model._meta.db_table)}"  # noqa: S608
        )
    names: dict[str, dict[str, str]] = {facet: {} for facet in NAMED_FACETS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))  # constant SQL, no user input
        for facet, value, name in cursor.fetchall():
            names[facet][str(value)] = str(name)
    return names


def current_token() -> str | None:
    """The facet names' version token as this connection sees it (None without its row)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(VERSION_TABLE)} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def _names_and_key() -> tuple[tuple[str, str] | None, dict[str, dict[str, str]]]:
    """The names of organisations, counties and target groups as this connection sees them
    now, and the (alias, token) they are cached under: read again only when the version
    token differs from the cached one. No token row, no key: read every time."""
    global _cached_names
    token = current_token()
    if token is None:  # nothing says when names change, so never cache
        return None, _read_names()
    key = (connection.alias, token)
    cached = _cached_names
    if cached is not None and cached[0] == key:
        return key, cached[1]
    names = _read_names()
    _cached_names = (key, names)
    return key, names


def _names() -> dict[str, dict[str, str]]:
    return _names_and_key()[1]


def names_changed(*, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """Give the facet names a new version token, in the current transaction of `using`.
    Connected to saves and deletes of organisations, counties and target groups; writes that
    send no signals (QuerySet.update, bulk_create, raw SQL) must call it themselves."""
    token = uuid.uuid4().hex
    with connections[using].cursor() as cursor:
        table = connections[using].ops.quote_name(VERSION_TABLE)
        cursor.execute(f"UPDATE {table} SET token = %s WHERE id = 1", [token])  # noqa: S608
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {table} (id, token) VALUES (1, %s)", [token])  # noqa: S608


def names_changed_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """Migrations write with historical models, which send no signals this module hears."""
    if VERSION_TABLE in connections[using].introspection.table_names():
        names_changed(using=using)


def labelled_facets(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    """Facets as [{value, label, count}]: code-defined labels translated, names of
    organisations, counties and target groups as the database has them now."""
    names: dict[str, dict[str, str]] = dict(_choice_labels())
    if any(facets.get(f) for f in NAMED_FACETS):
        names.update(_names())
    labelled: dict[str, list[dict[str, object]]] = {}
    for name, values in facets.items():
        label = names.get(name, {}).get
        labelled[name] = [
            {"value": v.value, "label": label(v.value, v.value), "count": v.count} for v in values
        ]
    return labelled


# The JSON of each facet value up to its count, '{"value":…,"label":…,"count":', as
# {facet: {value: json}}: for code-defined facets per language, for named facets per names
# token (the key of _cached_names).
_choice_fragments: dict[str, dict[str, dict[str, str]]] = {}
_named_fragments: tuple[tuple[str, str], dict[str, dict[str, str]]] | None = None
_MAX_FRAGMENTS = 20_000  # values come from the index, not from requests; a bound all the same


def _fragment(value: str, label: str) -> str:
    text = json.dumps({"value": value, "label": label}, ensure_ascii=False, separators=(",", ":"))
    # As rest_framework's JSONRenderer writes them (JavaScript cannot read them raw).
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text[:-1] + ',"count":'


def facets_json(facets: dict[str, list[FacetValue]]) -> str:
    """json.dumps(labelled_facets(facets), ensure_ascii=False, separators=(",", ":")) with
    U+2028/2029 escaped, which is what rest_framework's JSONRenderer writes for them; made
    from the cached JSON of each value instead of building and encoding hundreds of dicts.
    tests/search/test_search_response_bytes.py holds the two equal."""
    global _named_fragments
    language = get_language() or settings.LANGUAGE_CODE
    choices = _choice_labels()
    choice_fragments = _choice_fragments.setdefault(language, {})
    named_labels: dict[str, dict[str, str]] = {}
    named_fragments: dict[str, dict[str, str]] = {}
    if any(facets.get(f) for f in NAMED_FACETS):
        key, named_labels = _names_and_key()
        cached = _named_fragments
        if key is not None and cached is not None and cached[0] == key:
            named_fragments = cached[1]
        elif key is not None:
            _named_fragments = (key, named_fragments)
    parts = []
    for name, values in facets.items():
        if name in NAMED_FACETS:
            labels, fragments = named_labels.get(name, {}), named_fragments
        else:
            labels, fragments = choices.get(name, {}), choice_fragments
        known = fragments.get(name)
        if known is None or len(known) > _MAX_FRAGMENTS:
            known = fragments[name] = {}
        get = known.get
        items = []
        for v in values:
            fragment = get(v.value)
            if fragment is None:
                fragment = known[v.value] = _fragment(v.value, labels.get(v.value, v.value))
            items.append(f"{fragment}{int(v.count)}}}")
        parts.append(f'"{name}":[{",".join(items)}]')
    return "{" + ",".join(parts) + "}"

"""Human labels of facet values, in the active language (for the API and the pages)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
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


# Facets whose values name rows: facet -> (model, key field). Their tables are small (about
# 300 organisations, 21 counties, a few dozen target groups), so all their names are read in
# one query, as they are now: cheaper than a query with hundreds of parameters.
NAMED_FACETS = {
    "organisation": (Organisation, "slug"),
    "county": (County, "code"),
    "target_group": (TargetGroup, "slug"),
}


def _names(facets: list[str]) -> dict[str, dict[str, str]]:
    """{facet: {value: name}} for the given named facets, in one query."""
    quote = connection.ops.quote_name
    selects = []
    for facet in facets:
        model, key = NAMED_FACETS[facet]
        # Identifiers from this module and the models only; nothing from the request.
        selects.append(
            f"SELECT '{facet}', {quote(key)}, {quote('name')} FROM {quote(model._meta.db_table)}"  # noqa: S608
        )
    names: dict[str, dict[str, str]] = {facet: {} for facet in facets}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects))  # constant SQL, no user input
            for facet, value, name in cursor.fetchall():
                names[facet][str(value)] = str(name)
    return names


def labelled_facets(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    """Facets as [{value, label, count}]: code-defined labels translated, names of
    organisations, counties and target groups as the database has them now."""
    names: dict[str, dict[str, str]] = dict(_choice_labels())
    names.update(_names([f for f in NAMED_FACETS if facets.get(f)]))
    return {
        name: [
            {"value": v.value, "label": names.get(name, {}).get(v.value, v.value), "count": v.count}
            for v in values
        ]
        for name, values in facets.items()
    }

"""Human labels of facet values, in the active language (for the API and the pages)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Value
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
    "fact": _("Fact sheet"),
}
ORDERING_LABELS = {
    "relevance": _("Best match"),
    "newest": _("Newest"),
    "updated": _("Recently updated"),
    "adoptions": _("Most reused"),
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
# 300 organisations, 21 counties, a few dozen target groups): the names the facets show are
# read in one query per search, so a renamed organisation is shown renamed at once.
NAMED_FACETS = {
    "organisation": (Organisation, "slug"),
    "county": (County, "code"),
    "target_group": (TargetGroup, "slug"),
}


def _names(facets: dict[str, list[FacetValue]]) -> dict[str, dict[str, str]]:
    """{facet: {value: name}} for the named facets' values that occur, in one query."""
    querysets = [
        model._default_manager.filter(**{f"{key}__in": [v.value for v in facets[facet]]})
        .annotate(facet=Value(facet))
        .values_list("facet", key, "name")
        .order_by()
        for facet, (model, key) in NAMED_FACETS.items()
        if facets.get(facet)
    ]
    names: dict[str, dict[str, str]] = {facet: {} for facet in NAMED_FACETS}
    if querysets:
        first, *rest = querysets
        for facet, value, name in first.union(*rest, all=True) if rest else first:
            names[facet][str(value)] = str(name)
    return names


def labelled_facets(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    """Facets as [{value, label, count}]: code-defined labels translated, names of
    organisations, counties and target groups as the database has them now."""
    names: dict[str, dict[str, str]] = {**_choice_labels(), **_names(facets)}
    labelled: dict[str, list[dict[str, object]]] = {}
    for name, values in facets.items():
        label = names.get(name, {}).get
        labelled[name] = [
            {"value": v.value, "label": label(v.value, v.value), "count": v.count} for v in values
        ]
    return labelled

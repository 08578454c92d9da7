"""Human labels of facet values, in the active language (for the API and the pages)."""

from __future__ import annotations

from typing import Any

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


def _names(model: Any, key: str, values: list[str]) -> dict[str, str]:
    """{key: name} of the rows named by `values`, read as they are now (one small query,
    without the ORM's per-query compiling, which cost more than the query)."""
    meta = model._meta
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(meta.get_field(key).column)}, {quote(meta.get_field('name').column)} "  # noqa: S608
            f"FROM {quote(meta.db_table)} WHERE {quote(meta.get_field(key).column)} IN ({marks})",
            values,
        )
        return {str(k): str(v) for k, v in cursor.fetchall()}


def labelled_facets(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    """Facets as [{value, label, count}], with one query per facet that names rows."""
    wanted = {name: [v.value for v in values] for name, values in facets.items()}
    names: dict[str, dict[str, str]] = dict(_choice_labels())
    for facet, model, key in (
        ("organisation", Organisation, "slug"),
        ("county", County, "code"),
        ("target_group", TargetGroup, "slug"),
    ):
        if wanted.get(facet):
            names[facet] = _names(model, key, wanted[facet])
    return {
        name: [
            {"value": v.value, "label": names.get(name, {}).get(v.value, v.value), "count": v.count}
            for v in values
        ]
        for name, values in facets.items()
    }

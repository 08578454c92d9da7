"""Human labels of facet values, in the active language (for the API and the pages)."""

from __future__ import annotations

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


def labelled_facets(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    """Facets as [{value, label, count}], with one query per facet that names rows."""
    wanted = {name: [v.value for v in values] for name, values in facets.items()}
    names: dict[str, dict[str, str]] = {
        "type": {k: str(v) for k, v in TYPE_LABELS.items()},
        "kind": {k: str(v) for k, v in Idea.Kind.choices},
        "stage": {k: str(v) for k, v in Stage.choices},
        "category": {k: str(v) for k, v in Category.choices},
    }
    if wanted.get("organisation"):
        names["organisation"] = dict(
            Organisation.objects.filter(slug__in=wanted["organisation"]).values_list("slug", "name")
        )
    if wanted.get("county"):
        names["county"] = dict(
            County.objects.filter(code__in=wanted["county"]).values_list("code", "name")
        )
    if wanted.get("target_group"):
        names["target_group"] = dict(
            TargetGroup.objects.filter(slug__in=wanted["target_group"]).values_list("slug", "name")
        )
    return {
        name: [
            {"value": v.value, "label": names.get(name, {}).get(v.value, v.value), "count": v.count}
            for v in values
        ]
        for name, values in facets.items()
    }

"""The search response's JSON, with its facets written from cached per-value JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

from search.backends.base import FacetValue
from search.labels import facets_json, labelled_facets


class FacetsToLabel:
    """A search result's facet counts, labelled only when a renderer asks: the JSON renderer
    below writes them from cached JSON (search.labels.facets_json); anything else gets
    `labelled()`, the [{value, label, count}] lists."""

    def __init__(self, facets: dict[str, list[FacetValue]]) -> None:
        self.facets = facets

    def labelled(self) -> dict[str, list[dict[str, object]]]:
        return labelled_facets(self.facets)

    def json(self) -> str:
        return facets_json(self.facets)


def _labelled(data: Any) -> Any:
    if isinstance(data, Mapping) and isinstance(data.get("facets"), FacetsToLabel):
        return {**data, "facets": data["facets"].labelled()}
    return data


class SearchJSONRenderer(JSONRenderer):
    """rest_framework's JSONRenderer, the same bytes: a body whose last key is "facets"
    holding FacetsToLabel is written as the rest of the body with the facets' JSON spliced
    in before its closing brace. Indented or ASCII-only JSON goes the ordinary way."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        facets = data.get("facets") if isinstance(data, dict) else None
        if not isinstance(facets, FacetsToLabel):
            return super().render(data, accepted_media_type, renderer_context)
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if (
            indent is not None
            or self.ensure_ascii
            or not self.compact
            or list(data)[-1] != "facets"
        ):
            return super().render(_labelled(data), accepted_media_type, renderer_context)
        rest = super().render(
            {k: v for k, v in data.items() if k != "facets"}, accepted_media_type, renderer_context
        )
        separator = b"," if rest != b"{}" else b""
        return rest[:-1] + separator + b'"facets":' + facets.json().encode() + b"}"

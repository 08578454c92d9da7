from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from search.backends.base import FACETS
from search.services import MAX_QUERY_LENGTH

ORDERINGS = ("relevance", "newest", "updated", "adoptions")


def _facet_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )


class SearchParamsSerializer(serializers.Serializer):
    """The query string of GET /api/v1/search/ (and the search page)."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Keep the search under {max_length} characters: shorten it and try again."
            )
        },
    )
    type = _facet_field()
    kind = _facet_field()
    stage = _facet_field()
    organisation = _facet_field()
    county = _facet_field()
    category = _facet_field()
    target_group = _facet_field()
    ordering = serializers.ChoiceField(choices=ORDERINGS, required=False, default="relevance")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=10_000)
    page_size = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)


def facet_filters(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The facet filters of validated search parameters, each a list (empty: no filter)."""
    return {name: data.get(name) or [] for name in FACETS}


class SuggestParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class SimilarTextParamsSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    organisation = serializers.SlugField(required=False, allow_blank=True, default="")


class HitSerializer(serializers.Serializer):
    type = serializers.CharField()
    type_label = serializers.SerializerMethodField()
    id = serializers.IntegerField()
    idea_id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: escaped text with <mark> around matches.")
    url = serializers.CharField()
    score = serializers.FloatField()
    organisation = serializers.CharField()
    organisation_name = serializers.CharField(
        help_text="The name of the organisation that owns it, such as Skellefteå."
    )
    stage = serializers.CharField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)

    def get_type_label(self, hit: object) -> str:
        from search.labels import TYPE_LABELS

        return str(TYPE_LABELS.get(getattr(hit, "type", ""), ""))


_DATETIME = serializers.DateTimeField(allow_null=True)


def hits_data(hits: list[Any]) -> list[dict[str, Any]]:
    """What HitSerializer(hits, many=True).data gives (the tests hold them equal), built
    directly: DRF's field-by-field machinery cost more than the search on a results page."""
    from search.labels import type_labels

    labels = type_labels()
    return [
        {
            "type": str(hit.type),
            "type_label": labels.get(hit.type, ""),
            "id": int(hit.id),
            "idea_id": int(hit.idea_id),
            "title": str(hit.title),
            "snippet": str(hit.snippet),
            "url": str(hit.url),
            "score": float(hit.score),
            "organisation": str(hit.organisation),
            "organisation_name": str(hit.organisation_name),
            "stage": str(hit.stage),
            "kind": str(hit.kind),
            "created_at": _DATETIME.to_representation(hit.created_at)
            if hit.created_at is not None
            else None,
        }
        for hit in hits
    ]


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    count = serializers.IntegerField()


class ExpandedSerializer(serializers.Serializer):
    typed = serializers.CharField(help_text="The words as typed.")
    official = serializers.CharField(help_text="The official term of their thesaurus group.")
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="The group's other terms, searched too."
    )


class QueryNotesSerializer(serializers.Serializer):
    """What search did with the query (search.backends.base.QueryNotes)."""

    did_you_mean = serializers.CharField(
        help_text="The query with its typos corrected, when results come from the correction."
    )
    corrections = serializers.DictField(
        child=serializers.CharField(), help_text="Typed word -> the word it was read as."
    )
    expanded = ExpandedSerializer(many=True)
    relaxed = serializers.BooleanField(
        help_text="Not every word matched: results match most of them, best first."
    )
    english = serializers.BooleanField(
        help_text="English words found Swedish content through the thesaurus."
    )
    related = serializers.ListField(
        child=serializers.CharField(), help_text="Related terms to try when little was found."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "did_you_mean": instance.did_you_mean,
            "corrections": dict(instance.corrections),
            "expanded": [
                {"typed": e.typed, "official": e.official, "terms": list(e.terms)}
                for e in instance.expanded
            ],
            "relaxed": instance.relaxed,
            "english": instance.english,
            "related": list(instance.related),
        }


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = HitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    query = QueryNotesSerializer(help_text="What search did with the query.")


class HitListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    organisations = serializers.IntegerField(
        help_text="How many organisations the results come from."
    )
    results = HitSerializer(many=True)

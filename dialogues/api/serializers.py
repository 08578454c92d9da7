"""Dialogues in the API: what is read (contributions as the reader may see them) and what is
written (checked by dialogues.services)."""

from __future__ import annotations

import functools
import json
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.display_names import PARTICIPANT
from accounts.models import Organisation
from comments.models import MAX_REASON
from dialogues import selectors
from dialogues.models import MAX_ANSWER, MAX_PROMPTS, Area, Contribution, Dialogue, FocusGroup
from hub.api.fields import id_field
from ideas.api.serializers import OrganisationSlugField
from maps.api.place_serializers import PointField


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "villages", "polygon"]
        read_only_fields = fields


class AreaRefSerializer(serializers.Serializer):
    """An area named on a contribution: its id and name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class FocusGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusGroup
        fields = ["id", "name", "description", "min_size", "max_size", "age_min", "age_max"]
        read_only_fields = fields


class DialogueSerializer(serializers.ModelSerializer):
    """A dialogue as the reader sees it. `idea` is null unless the reader may see the idea
    (context `idea_ids`); `consent_text`/`consent_version` are what a contribution agrees to."""

    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    areas = AreaSerializer(many=True, read_only=True)
    focus_groups = FocusGroupSerializer(many=True, read_only=True)
    idea = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "organisation",
            "title",
            "description",
            "prompts",
            "areas",
            "focus_groups",
            "opens_at",
            "closes_at",
            "status",
            "idea",
            "consent_text",
            "consent_version",
            "contributions",
            "url",
        ]
        read_only_fields = fields

    def get_idea(self, obj: Dialogue) -> int | None:
        return obj.idea_id if obj.idea_id in self.context.get("idea_ids", set()) else None

    def get_contributions(self, obj: Dialogue) -> int:
        """Contributions the public sees (hidden ones not counted)."""
        return int(self.context.get("counts", {}).get(obj.pk, 0))

    def get_url(self, obj: Dialogue) -> str:
        return obj.get_absolute_url()


class AreaWriteSerializer(serializers.Serializer):
    id = id_field(required=False)
    name = serializers.CharField(max_length=100)
    villages = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    polygon = serializers.JSONField(required=False, allow_null=True)


class FocusGroupWriteSerializer(serializers.Serializer):
    id = id_field(required=False)
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2_000, required=False, allow_blank=True)
    min_size = serializers.IntegerField(
        min_value=1, max_value=10_000, required=False, allow_null=True
    )
    max_size = serializers.IntegerField(
        min_value=1, max_value=10_000, required=False, allow_null=True
    )
    age_min = serializers.IntegerField(min_value=0, max_value=130, required=False, allow_null=True)
    age_max = serializers.IntegerField(min_value=0, max_value=130, required=False, allow_null=True)


class DialogueWriteSerializer(serializers.Serializer):
    """What the team sends to start or change a dialogue (PATCH: any of these fields;
    `status` moves draft → open → closed → reported, one step at a time)."""

    organisation: serializers.SlugRelatedField[Organisation] = OrganisationSlugField(
        help_text="The municipality's slug."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    prompts = serializers.ListField(
        child=serializers.CharField(max_length=500),
        min_length=1,
        max_length=MAX_PROMPTS,
        help_text="1–5 questions.",
    )
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    consent_text = serializers.CharField(max_length=10_000)
    idea = id_field(required=False, allow_null=True)
    areas = AreaWriteSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    focus_groups = FocusGroupWriteSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    status = serializers.ChoiceField(choices=Dialogue.Status.choices, required=False)


class ContributionSerializer(serializers.ModelSerializer):
    """A contribution as the reader may see it (context `team`: the dialogue's team).
    Everyone: the answers, the area and village, the point on the 250 m grid and the
    name only if the contributor chose to show it. The team also: the exact point
    (`exact_point`), the pseudonym, guldkorn, moderation and the idea it became."""

    area = serializers.SerializerMethodField()
    point = serializers.SerializerMethodField()
    author_display = serializers.SerializerMethodField()
    focus_group: serializers.PrimaryKeyRelatedField[FocusGroup] = (
        serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    )

    class Meta:
        model = Contribution
        fields = [
            "id",
            "dialogue",
            "answers",
            "area",
            "village",
            "point",
            "focus_group",
            "author_display",
            "is_gold",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AreaRefSerializer(allow_null=True))
    def get_area(self, obj: Contribution) -> dict[str, Any] | None:
        return {"id": obj.area.pk, "name": obj.area.name} if obj.area else None

    @extend_schema_field(PointField(allow_null=True))
    def get_point(self, obj: Contribution) -> list[float] | None:
        """The centre of the contribution's 250 m square (never the exact point)."""
        return selectors.public_point(obj)

    def get_author_display(self, obj: Contribution) -> str:
        return selectors.author_display(obj, team=bool(self.context.get("team")))

    def to_representation(self, instance: Contribution) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("team"):
            data["exact_point"] = selectors.team_point(instance)
            data["pseudonym"] = instance.pseudonym
            data["hidden"] = instance.hidden
            data["hidden_reason"] = instance.hidden_reason
            data["idea"] = instance.idea_id
            data["consent_version"] = instance.consent_version
        return data


class ContributionWriteSerializer(serializers.Serializer):
    """What a signed-in resident sends: the answers, where (a point, an area or a village
    by name), consent to the consent text (and its version, if read)."""

    answers = serializers.ListField(
        child=serializers.CharField(max_length=MAX_ANSWER, allow_blank=True),
        min_length=1,
        max_length=MAX_PROMPTS,
    )
    point = PointField(required=False, allow_null=True)
    area = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The area's id or name."
    )
    village = serializers.CharField(max_length=100, required=False, allow_blank=True)
    focus_group = id_field(required=False, allow_null=True)
    show_name = serializers.BooleanField(required=False, default=False)
    consent = serializers.BooleanField()
    consent_version = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class ContributionTeamSerializer(serializers.Serializer):
    """What the team changes on a contribution: guldkorn; hide with a reason (moderators)."""

    is_gold = serializers.BooleanField(required=False)
    hidden = serializers.BooleanField(required=False)
    hidden_reason = serializers.CharField(max_length=MAX_REASON, required=False, allow_blank=True)


class ContributionIdeaSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)


def contribution_features(rows: Any, *, team: bool) -> str:
    """The placed contributions as a GeoJSON FeatureCollection, in JSON text: the centre of
    the 250 m square for everyone, the exact point for the team (with the pseudonym). The
    answers are in the contribution list; a feature says where, in which area and village.

    A dialogue may have tens of thousands, so the text is written straight from the rows'
    values, without a dict per feature: building those (and the garbage collector walking
    them) was most of the request, and its slow tail (bench/dialogues.py)."""
    fields = ["pk", "area__name", "village", "is_gold", "coarse_longitude", "coarse_latitude"]
    if team:
        fields += ["longitude", "latitude", "number", "hidden_at"]
    text = functools.cache(lambda value: json.dumps(value, ensure_ascii=False))  # names repeat
    features = []
    for pk, area, village, gold, longitude, latitude, *team_only in rows.values_list(*fields):
        properties = (
            f'"id":{pk},"area":{text(area)},"village":{text(village)},'
            f'"is_gold":{"true" if gold else "false"}'
        )
        if team:
            exact_longitude, exact_latitude, number, hidden_at = team_only
            if exact_longitude is not None:
                longitude, latitude = exact_longitude, exact_latitude
            pseudonym = text(str(PARTICIPANT % {"number": number}))
            hidden = "true" if hidden_at is not None else "false"
            properties += f',"pseudonym":{pseudonym},"hidden":{hidden}'
        if longitude is None:
            continue
        features.append(
            f'{{"type":"Feature","id":{pk},"geometry":{{"type":"Point",'
            f'"coordinates":[{longitude!r},{latitude!r}]}},"properties":{{{properties}}}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"

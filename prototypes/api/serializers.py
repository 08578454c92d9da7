from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.api.fields import id_field
from prototypes.models import (
    MAX_TASKS,
    Feedback,
    Finding,
    Participation,
    Prototype,
    PrototypeImage,
    TestRound,
)


class PrototypeImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PrototypeImage
        fields = ["id", "url", "alt_text"]
        read_only_fields = fields

    def get_url(self, obj: PrototypeImage) -> str:
        return obj.get_absolute_url()


class PrototypeSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(source="idea_id", read_only=True)
    images = PrototypeImageSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Prototype
        fields = [
            "id",
            "idea",
            "label",
            "description",
            "link",
            "status",
            "images",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = ["id", "idea", "images", "created_at", "updated_at", "url"]
        extra_kwargs = {
            "status": {
                "help_text": _(
                    "draft (only the team sees it), open (published for testing) or archived. "
                    "Publishing does not change the idea's stage."
                )
            }
        }

    def get_url(self, obj: Prototype) -> str:
        return obj.get_absolute_url()


@extend_schema_field(OpenApiTypes.STR)
class TargetGroupField(serializers.Field):
    """Out: the target group's slug. In: a slug or a name (a new name creates the group)."""

    def to_representation(self, value: Any) -> str:
        return value.slug

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or len(data) > 100:
            raise serializers.ValidationError(_("Give the target group as a name or slug."))
        return data


class TestRoundSerializer(serializers.ModelSerializer):
    __test__ = False

    prototype = serializers.IntegerField(source="prototype_id", read_only=True)
    idea = serializers.IntegerField(source="prototype.idea_id", read_only=True)
    idea_title = serializers.CharField(source="prototype.idea.title", read_only=True)
    organisation = serializers.CharField(source="prototype.idea.organisation.slug", read_only=True)
    target_group = TargetGroupField(required=False, allow_null=True)
    target_group_name = serializers.CharField(
        source="target_group.name", read_only=True, default=None, allow_null=True
    )
    tasks = serializers.ListField(
        child=serializers.CharField(max_length=1_000, allow_blank=True),
        max_length=MAX_TASKS,
        help_text=_("The tasks in the order participants do them."),
    )
    participant_count = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = TestRound
        fields = [
            "id",
            "prototype",
            "idea",
            "idea_title",
            "organisation",
            "title",
            "goal",
            "target_group",
            "target_group_name",
            "tasks",
            "starts_at",
            "ends_at",
            "remote",
            "place",
            "capacity",
            "consent_text",
            "consent_version",
            "status",
            "participant_count",
            "places_left",
            "url",
        ]
        read_only_fields = ["id", "consent_version"]
        extra_kwargs = {
            "capacity": {"min_value": 1, "max_value": 10_000},
            "status": {
                "help_text": _(
                    "planned → recruiting → running → closed; no other moves. Editing "
                    "consent_text bumps consent_version."
                )
            },
        }

    def _count(self, obj: TestRound) -> int:
        count = getattr(obj, "participant_count", None)
        return obj.participations.count() if count is None else count

    def get_participant_count(self, obj: TestRound) -> int:
        return self._count(obj)

    def get_places_left(self, obj: TestRound) -> int:
        return max(0, obj.capacity - self._count(obj))

    def get_url(self, obj: TestRound) -> str:
        return obj.get_absolute_url()


class TestRoundCreateSerializer(TestRoundSerializer):
    __test__ = False

    class Meta(TestRoundSerializer.Meta):
        read_only_fields = ["id", "consent_version", "status"]


class ParticipationRequestSerializer(serializers.Serializer):
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Must be true: you agree to the round's consent text."),
    )
    consent_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The consent text version you read; refused if it has changed since."),
    )


class ParticipationSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True)
    pseudonym = serializers.CharField(read_only=True)

    class Meta:
        model = Participation
        fields = ["round", "pseudonym", "number", "consent_version", "consented_at"]
        read_only_fields = fields


class FeedbackTaskSerializer(serializers.Serializer):
    completed = serializers.BooleanField()
    difficulty = serializers.IntegerField(
        min_value=1, max_value=5, help_text=_("1 very easy … 5 very hard")
    )
    seconds = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    comment = serializers.CharField(allow_blank=True, required=False)


class FeedbackRequestSerializer(serializers.Serializer):
    """Documents the request; the service checks the content and reports every problem."""

    tasks = FeedbackTaskSerializer(many=True, help_text=_("One answer per task, in order."))
    sus = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        min_length=10,
        max_length=10,
        help_text=_("The ten SUS answers (1 strongly disagree … 5 strongly agree), in order."),
    )
    text = serializers.CharField(allow_blank=True, required=False)


class FeedbackInputSerializer(serializers.Serializer):
    tasks = serializers.JSONField(required=False, default=None, allow_null=True)
    sus = serializers.JSONField(required=False, default=None, allow_null=True)
    text = serializers.JSONField(required=False, default=None, allow_null=True)


class FeedbackSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="participation.round_id", read_only=True)
    participant = serializers.CharField(source="participation.pseudonym", read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "round",
            "participant",
            "tasks",
            "sus",
            "sus_score",
            "text",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    """A participant as the team sees them: pseudonym and answers; identity only for staff."""

    pseudonym = serializers.CharField(read_only=True)
    feedback = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = [
            "number",
            "pseudonym",
            "consent_version",
            "consented_at",
            "feedback",
            "identity",
        ]
        read_only_fields = fields

    @extend_schema_field(FeedbackSerializer(allow_null=True))
    def get_feedback(self, obj: Participation) -> dict[str, Any] | None:
        feedback = getattr(obj, "feedback", None)
        return None if feedback is None else FeedbackSerializer(feedback).data

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"email": {"type": "string"}, "display_name": {"type": "string"}},
            "description": "Who the participant is: platform staff only, else null.",
        }
    )
    def get_identity(self, obj: Participation) -> dict[str, str] | None:
        if not self.context.get("show_identity"):
            return None
        return {"email": obj.user.email, "display_name": obj.user.display_name}


class FindingSerializer(serializers.ModelSerializer):
    """A finding. A draft version in `addressed_in` is the team's work in progress: it is
    named only with the context `team` (else null). On input, `addressed_in` takes a version
    of the round's idea (context `round`), so any other id is answered as one that does not
    exist, whether or not it does."""

    round = serializers.IntegerField(source="round_id", read_only=True)
    feedback = serializers.ListField(
        child=id_field(),
        required=False,
        write_only=True,  # read back as ids in to_representation
        help_text=_("Ids of feedback from this round that the finding rests on."),
    )
    addressed_in = serializers.PrimaryKeyRelatedField(
        queryset=Prototype.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The prototype version that addressed the finding."),
        error_messages={
            "does_not_exist": _(
                "This idea has no prototype version {pk_value}. Give the id of one of its versions."
            )
        },
    )
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "round",
            "severity",
            "description",
            "feedback",
            "participants",
            "addressed_in",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "round", "participants", "created_at", "updated_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        test_round = self.context.get("round")
        if test_round is not None:
            field = self.fields["addressed_in"]
            field.queryset = Prototype.objects.filter(  # type: ignore[attr-defined]
                idea_id=test_round.prototype.idea_id
            )

    def to_representation(self, instance: Finding) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["feedback"] = sorted(f.pk for f in instance.feedback.all())
        version = instance.addressed_in
        if version is not None and version.status == Prototype.Status.DRAFT:
            if not self.context.get("team", False):
                data["addressed_in"] = None
        return data

    def get_participants(self, obj: Finding) -> list[str]:
        return [f.participation.pseudonym for f in obj.feedback.all()]


class SummaryTaskSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    responses = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True, help_text=_("0–1"))
    median_seconds = serializers.FloatField(allow_null=True)
    mean_difficulty = serializers.FloatField(allow_null=True)
    difficulty = serializers.DictField(child=serializers.IntegerField())


class SummarySusSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "Sample standard deviation (n − 1 in the denominator, Python's statistics.stdev); "
            "null for fewer than two scores."
        ),
    )
    n = serializers.IntegerField(
        allow_null=True, help_text=_("How many answered; null when the figures are withheld.")
    )
    min = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    adjective = serializers.CharField(
        allow_null=True,
        help_text=_(
            "Adjective band of the mean after Bangor, Kortum & Miller (2009): worst_imaginable "
            "(<25), poor (25–39), ok (39–52), good (52–73), excellent (73–85), "
            "best_imaginable (>85)."
        ),
    )
    adjective_label = serializers.CharField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    round = serializers.IntegerField()
    status = serializers.CharField()
    participants = serializers.IntegerField()
    responses = serializers.IntegerField(
        allow_null=True, help_text=_("How many answered; null when the figures are withheld.")
    )
    tasks = SummaryTaskSerializer(many=True, help_text=_("Empty when the figures are withheld."))
    sus = SummarySusSerializer()
    difficulty_distribution = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Empty when the figures are withheld.")
    )
    findings = serializers.DictField(child=serializers.IntegerField())
    suppressed = serializers.BooleanField(
        help_text=_(
            "True when the figures are withheld from you: fewer than min_participants "
            "participants answered, and you are not on the team."
        )
    )
    min_participants = serializers.IntegerField(
        help_text=_(
            "How many participants must have answered before the figures are published "
            "outside the team."
        )
    )
    suppressed_reason = serializers.CharField(
        allow_null=True, help_text=_("Why the figures are withheld, for people to read.")
    )

"""Shapes of citizen proposals in the API (DESIGN.md). No domain logic here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.api.fields import id_field
from ideas.api.serializers import OrganisationSlugField
from proposals.models import MAX_ANSWER, MAX_BODY, MAX_TITLE, AnswerKind, Proposal, Status


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal as everyone who may see it reads it: never the proposer's account, only
    the name they chose to show (`author_display`)."""

    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    county = serializers.CharField(source="organisation.county_id", read_only=True, default=None)
    author_display = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    allowed_next_statuses = serializers.SerializerMethodField()
    answer_kind = serializers.SerializerMethodField()
    idea = serializers.SerializerMethodField()
    place = serializers.SerializerMethodField()
    fact = serializers.SerializerMethodField()
    me_too = serializers.IntegerField(source="me_too_count", read_only=True)
    mine_me_too = serializers.SerializerMethodField()
    following = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(read_only=True)
    hidden = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "county",
            "title",
            "body",
            "body_html",
            "author_display",
            "status",
            "status_label",
            "allowed_next_statuses",
            "answer_kind",
            "answer",
            "answer_html",
            "answered_at",
            "idea",
            "place",
            "fact",
            "me_too",
            "mine_me_too",
            "following",
            "comment_count",
            "withdrawn",
            "withdrawn_at",
            "hidden",
            "hidden_reason",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Status.choices)))
    def get_allowed_next_statuses(self, obj: Proposal) -> list[str]:
        return obj.allowed_next_statuses()

    @extend_schema_field(serializers.ChoiceField(AnswerKind.choices, allow_null=True))
    def get_answer_kind(self, obj: Proposal) -> str | None:
        return obj.answer_kind or None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_idea(self, obj: Proposal) -> int | None:
        """The idea the proposal turned into, if the reader may see it."""
        visible = self.context.get("idea_ids", set())
        return obj.idea_id if obj.idea_id in visible else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_fact(self, obj: Proposal) -> int | None:
        """The figure the proposal builds on (GET /api/v1/facts/{id}/), if the reader may see
        it (a sheet may since have become its organisation's own)."""
        return obj.fact_id if obj.fact_id in self.context.get("fact_ids", ()) else None

    def get_place(self, obj: Proposal) -> int | None:
        """The municipality's (public) place the proposal is about."""
        return obj.place_id

    def get_mine_me_too(self, obj: Proposal) -> bool:
        return bool(getattr(obj, "mine_me_too", False))

    def get_following(self, obj: Proposal) -> bool:
        return bool(getattr(obj, "mine_following", False))


class ProposalCreateSerializer(serializers.Serializer):
    organisation = OrganisationSlugField(help_text="Slug of the municipality.")
    title = serializers.CharField(max_length=MAX_TITLE)
    body = serializers.CharField(max_length=MAX_BODY, trim_whitespace=False)
    place = id_field(
        required=False, allow_null=True, help_text="A public place of the municipality."
    )
    fact = id_field(
        required=False,
        allow_null=True,
        help_text="A figure of any organisation's public fact sheet that the proposal builds on.",
    )
    show_name = serializers.BooleanField(
        required=False, default=False, help_text="Show your name with the proposal."
    )


class ProposalPatchSerializer(serializers.Serializer):
    """The proposer's fields (title, body, place, fact, show_name, withdrawn) or the
    municipality's (status, answer_kind, answer, idea): one group per request."""

    title = serializers.CharField(max_length=MAX_TITLE, required=False)
    body = serializers.CharField(max_length=MAX_BODY, trim_whitespace=False, required=False)
    place = id_field(required=False, allow_null=True)
    fact = id_field(required=False, allow_null=True)
    show_name = serializers.BooleanField(required=False)
    withdrawn = serializers.BooleanField(
        required=False, help_text="true withdraws the proposal (the proposer, before an answer)."
    )
    status = serializers.ChoiceField(
        Status.choices,
        required=False,
        error_messages={"invalid_choice": _("Unknown status. Use considering or answered.")},
    )
    answer_kind = serializers.ChoiceField(
        AnswerKind.choices,
        required=False,
        error_messages={"invalid_choice": _("Unknown answer. Use accepted, declined or idea.")},
    )
    answer = serializers.CharField(max_length=MAX_ANSWER, trim_whitespace=False, required=False)
    idea = id_field(
        required=False,
        allow_null=True,
        help_text="With answer_kind idea: an idea of the municipality (else a new one is made).",
    )

    PROPOSER = ("title", "body", "place", "fact", "show_name", "withdrawn")
    MUNICIPALITY = ("status", "answer_kind", "answer", "idea")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        proposer = [k for k in self.PROPOSER if k in attrs]
        municipality = [k for k in self.MUNICIPALITY if k in attrs]
        if not proposer and not municipality:
            raise serializers.ValidationError(
                _(
                    "Send what to change: title, body, place, show_name or withdrawn (the "
                    "proposer), or status, answer_kind and answer (the municipality)."
                )
            )
        if proposer and municipality:
            raise serializers.ValidationError(
                _(
                    "Change the proposal (%(proposer)s) or answer it (%(municipality)s), not "
                    "both in one request."
                )
                % {"proposer": ", ".join(proposer), "municipality": ", ".join(municipality)}
            )
        if "withdrawn" in attrs and attrs["withdrawn"] is not True:
            raise serializers.ValidationError(
                {"withdrawn": _("A withdrawn proposal cannot be sent again; send a new one.")}
            )
        answering = "answer_kind" in attrs or "answer" in attrs or "idea" in attrs
        if answering and attrs.get("status", Status.ANSWERED) != Status.ANSWERED:
            raise serializers.ValidationError(
                {"status": _("An answer moves the proposal to answered.")}
            )
        if attrs.get("status") == Status.ANSWERED and "answer_kind" not in attrs:
            raise serializers.ValidationError(
                {"answer_kind": _("Say what the answer is: accepted, declined or idea.")}
            )
        return attrs


class MeTooSerializer(serializers.Serializer):
    me_too = serializers.IntegerField(help_text="How many said me too.")
    mine_me_too = serializers.BooleanField()


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField()

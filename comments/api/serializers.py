"""Shapes of comments in the API and on the WebSocket (the same shape, DESIGN.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership
from comments.models import MAX_BODY, MAX_REASON, Comment, Flag
from comments.selectors import author_standing
from dialogues.models import Contribution
from prototypes.models import Prototype


class AuthorOrganisationSerializer(serializers.Serializer):
    """The organisation a comment's author speaks from, and the author's role in it."""

    slug = serializers.SlugField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class CommentSerializer(serializers.ModelSerializer):
    """A comment as everyone who may see the idea reads it. Deleted and hidden comments
    keep their place and id but carry no text."""

    author = serializers.CharField(source="author.public_name", read_only=True)
    author_id = serializers.IntegerField(read_only=True)
    author_role = serializers.SerializerMethodField()
    author_organisation = serializers.SerializerMethodField()
    prototype = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(read_only=True)
    hidden = serializers.BooleanField(read_only=True)
    hidden_reason = serializers.SerializerMethodField()
    reply_to = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "idea",
            "proposal",
            "parent",
            "root",
            "prototype",
            "author",
            "author_id",
            "author_role",
            "author_organisation",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "deleted",
            "hidden",
            "hidden_reason",
            "reply_to",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["staff", "team", "member", "resident"],
            allow_null=True,
            help_text=(
                "What the author is to the idea: platform staff; `team`, a member of the "
                "owning or a co-owning organisation; `member` of another organisation; "
                "`resident`, no organisation. Null for a deleted account."
            ),
        )
    )
    def get_author_role(self, obj: Comment) -> str | None:
        standing = author_standing(obj)
        return standing.role if standing else None

    @extend_schema_field(AuthorOrganisationSerializer(allow_null=True))
    def get_author_organisation(self, obj: Comment) -> dict[str, Any] | None:
        """For `team` and `member`: the organisation and the author's role in it."""
        standing = author_standing(obj)
        if standing is None or standing.membership is None:
            return None
        return dict(AuthorOrganisationSerializer(standing.membership).data)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_prototype(self, obj: Comment) -> int | None:
        """The prototype version the comment is about, once everyone who reads the thread may
        see it: a draft version is its team's, so until it is published the comment names none
        (one payload goes to every reader of the thread)."""
        prototype = obj.prototype
        if prototype is None or prototype.status == Prototype.Status.DRAFT:
            return None
        return prototype.pk

    def get_body(self, obj: Comment) -> str:
        return obj.body if obj.visible_text else ""

    def get_body_html(self, obj: Comment) -> str:
        return obj.body_html if obj.visible_text else ""

    def get_hidden_reason(self, obj: Comment) -> str:
        return obj.hidden_reason if obj.hidden and not obj.deleted else ""

    def get_reply_to(self, obj: Comment) -> dict[str, Any] | None:
        """Whom a reply answers: the parent's id and its author's public name."""
        if obj.parent_id is None or obj.parent is None:
            return None
        return {"id": obj.parent_id, "author": obj.parent.author.public_name}

    def get_url(self, obj: Comment) -> str:
        # From the ids alone: a thread's rows need not load their idea or proposal.
        if obj.idea_id is None:
            return (
                reverse("frontend:proposal_detail", args=[obj.proposal_id]) + f"#comment-{obj.pk}"
            )
        return f"/ideer/{obj.idea_id}/#comment-{obj.pk}"


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=MAX_BODY,
        trim_whitespace=False,
        error_messages={"max_length": _("Keep the comment under 10,000 characters.")},
    )
    # The metaclass moves declared fields off the class, so this does not shadow Field.parent.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, allow_null=True, min_value=1
    )
    prototype = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    client_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A UUID you choose: sending the same one again never stores a second comment.",
    )


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=MAX_BODY,
        trim_whitespace=False,
        error_messages={"max_length": _("Keep the comment under 10,000 characters.")},
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON)


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "comment", "proposal", "contribution", "reason", "created_at"]
        read_only_fields = fields


class OpenFlagSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.public_name", read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "reason", "user", "created_at"]
        read_only_fields = fields


class FlaggedCommentSerializer(serializers.Serializer):
    """An entry of the moderation queue: the comment (with its text, for the moderator),
    the idea and the open flags."""

    comment = serializers.SerializerMethodField()
    original_body = serializers.CharField(source="body", read_only=True)
    idea_title = serializers.CharField(
        source="subject.title",
        read_only=True,
        help_text="The title of the idea, or of the citizen proposal, the comment is on.",
    )
    open_flag_count = serializers.IntegerField(read_only=True)
    flags = OpenFlagSerializer(source="open_flags", many=True, read_only=True)

    def get_comment(self, obj: Comment) -> dict[str, Any]:
        return dict(CommentSerializer(obj).data)


class FlaggedProposalSerializer(serializers.Serializer):
    """An entry of the proposals' moderation queue: the proposal (with its text, for the
    moderator) and its open flags."""

    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    hidden = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    open_flag_count = serializers.IntegerField(read_only=True)
    flags = OpenFlagSerializer(source="open_flags", many=True, read_only=True)


class FlaggedContributionSerializer(serializers.Serializer):
    """An entry of the contributions' moderation queue: the contribution as its team sees
    it (answers, pseudonym, area; not the exact point) and its open flags."""

    id = serializers.IntegerField(read_only=True)
    dialogue = serializers.IntegerField(source="dialogue_id", read_only=True)
    dialogue_title = serializers.CharField(source="dialogue.title", read_only=True)
    organisation = serializers.CharField(source="dialogue.organisation.slug", read_only=True)
    answers = serializers.ListField(child=serializers.CharField(), read_only=True)
    pseudonym = serializers.CharField(read_only=True)
    area = serializers.CharField(source="area.name", read_only=True, allow_null=True, default=None)
    hidden = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    url = serializers.SerializerMethodField()
    open_flag_count = serializers.IntegerField(read_only=True)
    flags = OpenFlagSerializer(source="open_flags", many=True, read_only=True)

    def get_url(self, obj: Contribution) -> str:
        return f"{obj.dialogue.get_absolute_url()}#contribution-{obj.pk}"


class DismissResultSerializer(serializers.Serializer):
    dismissed = serializers.IntegerField()

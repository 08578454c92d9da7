"""Shapes of ideas and their parts in the API (DESIGN.md). No domain logic here."""

from __future__ import annotations

from typing import Any, NoReturn

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation
from hub.api.fields import id_field
from ideas.models import Adoption, Category, Evidence, Idea, Stage, StageChange, Tag, TargetGroup
from ideas.selectors import RELATION_NAMES


class OrganisationSlugField(serializers.SlugRelatedField):
    """An organisation by slug, with a message that says what to send."""

    default_error_messages = {
        "does_not_exist": _("No organisation has the slug “{value}”. See {url} for the slugs."),
        "invalid": _("Give the organisation's slug as text, such as “skelleftea”."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("queryset", Organisation.objects.all())
        super().__init__(**kwargs)

    def fail(self, key: str, **kwargs: Any) -> NoReturn:
        super().fail(key, url=reverse("organisation-list"), **kwargs)


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    url = serializers.URLField(max_length=500)


class IdeaSerializer(serializers.ModelSerializer):
    """An idea as everyone who may see it reads it."""

    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    co_organisations: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    county = serializers.CharField(source="organisation.county_id", read_only=True, default=None)
    tags: serializers.SlugRelatedField[Tag] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    target_groups: serializers.SlugRelatedField[TargetGroup] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    allowed_next_stages = serializers.SerializerMethodField()
    links = LinkSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.public_name", read_only=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "body",
            "body_html",
            "organisation",
            "organisation_name",
            "co_organisations",
            "county",
            "stage",
            "stage_label",
            "allowed_next_stages",
            "visibility",
            "category",
            "tags",
            "target_groups",
            "results",
            "lessons_learned",
            "links",
            "repository_url",
            "software_licence",
            "contact_name",
            "contact_email",
            "created_by",
            "created_at",
            "updated_at",
            "adoption_count",
            "follower_count",
            "comment_count",
            "url",
            "api_url",
        ]
        read_only_fields = fields

    def get_url(self, obj: Idea) -> str:
        return obj.get_absolute_url()

    def get_api_url(self, obj: Idea) -> str:
        return reverse("idea-detail", kwargs={"pk": obj.pk})

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Stage.choices)))
    def get_allowed_next_stages(self, obj: Idea) -> list[str]:
        return obj.allowed_next_stages()

    def to_representation(self, instance: Idea) -> dict[str, Any]:
        """The declared fields, built directly: a list page renders 20 of these and DRF's
        per-field machinery (and a related manager per many-to-many access) was most of its
        time. The declared fields stay the contract for the schema, and
        tests/ideas/test_serializer.py checks this gives exactly what they would."""
        organisation = instance.organisation
        return {
            "id": instance.pk,
            "kind": instance.kind,
            "title": instance.title,
            "summary": instance.summary,
            "body": instance.body,
            "body_html": instance.body_html,
            "organisation": organisation.slug,
            "organisation_name": organisation.name,
            "co_organisations": _names(instance, "co_organisations", "slug"),
            "county": organisation.county_id,
            "stage": instance.stage,
            "stage_label": str(
                Stage(instance.stage).label
            ),  # not get_stage_display(): it hashes lazy choices
            "allowed_next_stages": instance.allowed_next_stages(),
            "visibility": instance.visibility,
            "category": instance.category,
            "tags": _names(instance, "tags", "name"),
            "target_groups": _names(instance, "target_groups", "name"),
            "results": instance.results,
            "lessons_learned": instance.lessons_learned,
            "links": [
                {"title": link.get("title", ""), "url": link.get("url", "")}
                for link in instance.links or []
            ],
            "repository_url": instance.repository_url,
            "software_licence": instance.software_licence,
            "contact_name": instance.contact_name,
            "contact_email": instance.contact_email,
            "created_by": instance.created_by.public_name,
            "created_at": _DATETIME.to_representation(instance.created_at),
            "updated_at": _DATETIME.to_representation(instance.updated_at),
            "adoption_count": instance.adoption_count,
            "follower_count": instance.follower_count,
            "comment_count": instance.comment_count,
            "url": instance.get_absolute_url(),
            "api_url": reverse("idea-detail", kwargs={"pk": instance.pk}),
        }

    def generic_representation(self, instance: Idea) -> dict[str, Any]:
        """What DRF's field-by-field serialisation gives (the reference for the fast path)."""
        return dict(super().to_representation(instance))


_DATETIME = serializers.DateTimeField()


def _names(instance: Idea, name: str, attribute: str) -> list[str]:
    """A many-to-many's slugs or names: as a list page loaded them
    (`selectors.ideas_in_order`), else from the prefetch cache, else from the database."""
    loaded = getattr(instance, RELATION_NAMES, None)
    if loaded is not None:
        return list(loaded[name])
    cache = getattr(instance, "_prefetched_objects_cache", {})
    rows = cache[name] if name in cache else getattr(instance, name).all()
    return [getattr(row, attribute) for row in rows]


class IdeaWriteSerializer(serializers.Serializer):
    """What a member sends to create or edit an idea."""

    kind = serializers.ChoiceField(choices=Idea.Kind.choices)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=500, allow_blank=True, required=False)
    body = serializers.CharField(
        max_length=50_000,
        allow_blank=True,
        required=False,
        trim_whitespace=False,
        help_text=_("Markdown. Stored as written; body_html is the sanitised rendering."),
    )
    organisation = OrganisationSlugField(
        required=False,
        help_text=_("Slug of the owning organisation. Optional if you belong to only one."),
    )
    co_organisations = serializers.ListField(
        child=OrganisationSlugField(),
        required=False,
        max_length=20,
        help_text=_("Slugs of co-owning organisations (coordinators and admins only)."),
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text=_("Where a new idea starts. To move an existing idea, POST to its stage/."),
    )
    visibility = serializers.ChoiceField(choices=Idea.Visibility.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=20
    )
    target_groups = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=20
    )
    results = serializers.CharField(
        max_length=20_000, allow_blank=True, required=False, trim_whitespace=False
    )
    lessons_learned = serializers.CharField(
        max_length=20_000, allow_blank=True, required=False, trim_whitespace=False
    )
    links = LinkSerializer(many=True, required=False)
    repository_url = serializers.URLField(max_length=200, allow_blank=True, required=False)
    software_licence = serializers.CharField(max_length=100, allow_blank=True, required=False)
    contact_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    contact_email = serializers.EmailField(allow_blank=True, required=False)
    note = serializers.CharField(
        max_length=5_000,
        allow_blank=True,
        required=False,
        write_only=True,
        help_text=_("Why the idea starts where it does (recorded with the first stage)."),
    )


class StageChangeRequestSerializer(serializers.Serializer):
    stage = serializers.CharField(
        max_length=40,
        help_text=_(
            "One of: %(stages)s. One stage forward, any earlier stage, or discontinued; a "
            "discontinued idea resumes at the stage it left or an earlier one."
        )
        % {"stages": ", ".join(Stage.values)},
    )
    note = serializers.CharField(max_length=5_000, allow_blank=True, required=False, default="")


class StageChangeSerializer(serializers.ModelSerializer):
    stage = serializers.CharField(source="to_stage", read_only=True)
    stage_label = serializers.CharField(source="get_to_stage_display", read_only=True)
    from_stage = serializers.ChoiceField(
        choices=Stage.choices,
        allow_blank=True,
        read_only=True,
        help_text="The stage before the change; empty for the stage the idea started at.",
    )
    from_stage_label = serializers.CharField(source="get_from_stage_display", read_only=True)
    changed_by = serializers.CharField(source="changed_by.public_name", read_only=True)

    class Meta:
        model = StageChange
        fields = [
            "id",
            "stage",
            "stage_label",
            "from_stage",
            "from_stage_label",
            "note",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields


class AdoptionRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Adoption.Status.choices)
    note = serializers.CharField(max_length=5_000, allow_blank=True, required=False, default="")
    contact_name = serializers.CharField(
        max_length=100, allow_blank=True, required=False, default=""
    )
    contact_email = serializers.EmailField(allow_blank=True, required=False, default="")
    organisation = OrganisationSlugField(
        required=False,
        help_text=_("Your organisation that reuses the idea; needed only if you have several."),
    )


class AdoptionWithdrawSerializer(serializers.Serializer):
    organisation = OrganisationSlugField(required=False)


# Contacts are blank where the reader may not see them: `selectors.idea_adoptions_for`.
class AdoptionSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    recorded_by = serializers.CharField(source="created_by.public_name", read_only=True)

    class Meta:
        model = Adoption
        fields = [
            "id",
            "idea",
            "organisation",
            "organisation_name",
            "status",
            "status_label",
            "note",
            "contact_name",
            "contact_email",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
    follower_count = serializers.IntegerField()


class EvidenceRequestSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        help_text=_("One of the method's stages (not discontinued)."),
    )
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(
        max_length=20_000, allow_blank=True, required=False, default="", trim_whitespace=False
    )
    link = serializers.URLField(max_length=500, allow_blank=True, required=False, default="")
    file = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text=_("PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, TXT or CSV, up to the upload limit."),
    )
    fact = id_field(
        required=False,
        allow_null=True,
        help_text=_("The id of a fact to cite (one you may see); it counts as the content."),
    )


class EvidenceSerializer(serializers.ModelSerializer):
    """Evidence as a viewer reads it. Needs `fact_ids` (the cited facts the viewer may see)
    in its context: a fact they may not see is null."""

    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    fact = serializers.SerializerMethodField(help_text="The cited fact's id, or null.")
    text_html = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.public_name", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "idea",
            "stage",
            "stage_label",
            "title",
            "text",
            "text_html",
            "link",
            "file_name",
            "file_size",
            "content_type",
            "file_url",
            "fact",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_fact(self, obj: Evidence) -> int | None:
        if obj.fact_id is not None and obj.fact_id in self.context.get("fact_ids", ()):
            return obj.fact_id
        return None

    def get_text_html(self, obj: Evidence) -> str:
        from hub.markdown import render_markdown

        return render_markdown(obj.text, heading_base=4)

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
    def get_file_url(self, obj: Evidence) -> str | None:
        if not obj.file:
            return None
        return reverse("idea-evidence-file", kwargs={"pk": obj.idea_id, "evidence_id": obj.pk})

"""Thin API views for ideas: fetch with the visibility rule, call a service, serialise."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from accounts.selectors import user_organisation_ids
from hub.api.parsers import JSONParser
from hub.auth import signed_in_user
from ideas import opendata, selectors, services
from ideas.api.filters import IdeaFilter
from ideas.api.pagination import IdeaPagination
from ideas.api.serializers import (
    AdoptionRequestSerializer,
    AdoptionSerializer,
    AdoptionWithdrawSerializer,
    EvidenceRequestSerializer,
    EvidenceSerializer,
    FollowSerializer,
    IdeaSerializer,
    IdeaWriteSerializer,
    StageChangeRequestSerializer,
    StageChangeSerializer,
)
from ideas.models import Idea

IDEA_EXAMPLE = {
    "id": 12,
    "kind": "service_concept",
    "title": "Ledighetsansökan",
    "summary": "Vårdnadshavare ansöker om ledighet för sitt barn i en e-tjänst.",
    "body": "## Bakgrund\n\nBlanketter på papper försvann på vägen …",
    "body_html": "<h3>Bakgrund</h3>\n<p>Blanketter på papper försvann på vägen …</p>",
    "organisation": "skelleftea",
    "organisation_name": "Skellefteå kommun",
    "co_organisations": [],
    "county": "24",
    "stage": "user_test",
    "stage_label": "Test med målgruppen",
    "allowed_next_stages": [
        "target_groups",
        "insights",
        "analysis",
        "concept",
        "prototype",
        "launch",
        "discontinued",
    ],
    "visibility": "public",
    "category": "education",
    "tags": ["e-tjänst", "skola"],
    "target_groups": ["Vårdnadshavare", "Rektorer"],
    "results": "",
    "lessons_learned": "",
    "links": [{"title": "Prototyp", "url": "https://example.se/ledighet"}],
    "repository_url": "",
    "software_licence": "",
    "contact_name": "Erik Nilsson",
    "contact_email": "erik.nilsson@skelleftea.example",
    "created_by": "Erik Nilsson",
    "created_at": "2026-03-02T09:15:00+01:00",
    "updated_at": "2026-05-20T14:02:00+02:00",
    "adoption_count": 2,
    "follower_count": 5,
    "comment_count": 0,
    "url": "/ideer/12/",
    "api_url": "/api/v1/ideas/12/",
}
CREATE_EXAMPLE = {
    "kind": "service_concept",
    "title": "Ledighetsansökan",
    "summary": "Vårdnadshavare ansöker om ledighet för sitt barn i en e-tjänst.",
    "body": "## Bakgrund\n\nBlanketter på papper försvann på vägen.",
    "organisation": "skelleftea",
    "stage": "insights",
    "visibility": "public",
    "category": "education",
    "tags": ["e-tjänst", "skola"],
    "target_groups": ["Vårdnadshavare"],
    "links": [{"title": "Prototyp", "url": "https://example.se/ledighet"}],
}
NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you.")
BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
FORBIDDEN = OpenApiResponse(description="You may see the idea but not do this.")


class AnyAccept(BaseContentNegotiation):
    """For views that answer with a file of their own type: any Accept header gets it."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


def _base_url(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@extend_schema_view(
    list=extend_schema(
        summary="List ideas",
        description=(
            "Ideas you may see (public ones; your organisations' ones and your drafts when "
            "signed in), filtered and ordered. Paginated."
        ),
        examples=[
            OpenApiExample("A page of ideas", value=[IDEA_EXAMPLE], response_only=True),
        ],
    ),
    retrieve=extend_schema(
        summary="One idea",
        responses={200: IdeaSerializer, 404: NOT_FOUND},
        examples=[OpenApiExample("An idea", value=IDEA_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary="Share a new idea",
        description="Members of the owning organisation create ideas; a new idea may start at any stage.",
        request=IdeaWriteSerializer,
        responses={201: IdeaSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        examples=[
            OpenApiExample("New service concept", value=CREATE_EXAMPLE, request_only=True),
            OpenApiExample("Created", value=IDEA_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
    partial_update=extend_schema(
        summary="Edit an idea",
        description=(
            "Members of the owning or a co-owning organisation edit; co-owners are changed by "
            "the owner's coordinators and admins. The stage changes through stage/."
        ),
        request=IdeaWriteSerializer,
        responses={200: IdeaSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "New summary",
                value={"summary": "Ledighet för elever, ansökt och beviljad i en e-tjänst."},
                request_only=True,
            ),
            OpenApiExample("Edited", value=IDEA_EXAMPLE, response_only=True),
        ],
    ),
    destroy=extend_schema(
        summary="Delete an idea",
        description="Coordinators and admins of the owning organisation delete ideas.",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class IdeaViewSet(viewsets.GenericViewSet):
    """Activities and service concepts, their stages, evidence, adoptions and followers."""

    serializer_class = IdeaSerializer
    filterset_class = IdeaFilter
    pagination_class = IdeaPagination
    # Anyone reads what they may see; writing needs a signed-in user. Roles are checked by the
    # services, because object permissions never run for lists and creates.
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Idea]:
        return selectors.ideas_visible_to(self.request.user)

    def _idea(self, pk: Any) -> Idea:
        return selectors.access_idea(self.request.user, pk)

    def list(self, request: Request) -> Response:
        # The visibility rule and the filters choose the page's ids; IdeaPagination then
        # loads those rows with what a list row shows.
        queryset = self.filter_queryset(Idea.objects.visible_to(request.user))
        if "ordering" not in request.query_params:
            queryset = queryset.order_by("-created_at", "-id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(IdeaSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(IdeaSerializer(self._idea(pk)).data)

    def create(self, request: Request) -> Response:
        serializer = IdeaWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actor = signed_in_user(request)
        organisation = data.pop("organisation", None) or _only_organisation(actor)
        idea = services.idea_create(actor=actor, organisation=organisation, **data)
        return Response(IdeaSerializer(self._idea(idea.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        serializer = IdeaWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("note", None)
        services.idea_update(actor=signed_in_user(request), idea=idea, **data)
        return Response(IdeaSerializer(self._idea(pk)).data)

    def destroy(self, request: Request, pk: str) -> Response:
        services.idea_delete(actor=signed_in_user(request), idea=self._idea(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Move the idea to another stage",
        description=(
            "One stage forward, back to any earlier stage, or discontinued; a discontinued idea "
            "resumes at the stage it left or an earlier one. An invalid move is a 400 naming "
            "the allowed next stages. Every change is recorded."
        ),
        request=StageChangeRequestSerializer,
        responses={201: StageChangeSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Forward to prototype",
                value={"stage": "prototype", "note": "Konceptet godkänt av styrgruppen."},
                request_only=True,
            ),
            OpenApiExample(
                "Recorded",
                value={
                    "id": 31,
                    "stage": "prototype",
                    "stage_label": "Prototyp",
                    "from_stage": "concept",
                    "from_stage_label": "Koncept",
                    "note": "Konceptet godkänt av styrgruppen.",
                    "changed_by": "Erik Nilsson",
                    "changed_at": "2026-04-01T10:00:00+02:00",
                },
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample(
                "Invalid jump",
                value={
                    "stage": [
                        "Koncept cannot move to launch. Allowed next stages: Identifiera "
                        "målgrupper (target_groups), Förstå behoven (insights), Analys "
                        "(analysis), Prototyp (prototype), Avbruten (discontinued)."
                    ]
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def stage(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        serializer = StageChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.idea_change_stage(
            actor=signed_in_user(request), idea=idea, **serializer.validated_data
        )
        return Response(StageChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Stage history",
        description="Every stage change of the idea, oldest first: who, when, from, to and why.",
        responses={200: StageChangeSerializer(many=True), 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "History",
                value=[
                    {
                        "id": 30,
                        "stage": "concept",
                        "stage_label": "Koncept",
                        "from_stage": "",
                        "from_stage_label": "",
                        "note": "",
                        "changed_by": "Erik Nilsson",
                        "changed_at": "2026-03-02T09:15:00+01:00",
                    }
                ],
                response_only=True,
            )
        ],
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def stages(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        return Response(StageChangeSerializer(selectors.stage_history(idea), many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Who reuses the idea",
        responses={200: AdoptionSerializer(many=True), 404: NOT_FOUND},
        request=None,
        filters=False,
        examples=[
            OpenApiExample(
                "Adopters",
                value=[
                    {
                        "id": 4,
                        "idea": 12,
                        "organisation": "umea",
                        "organisation_name": "Umeå kommun",
                        "status": "evaluating",
                        "status_label": "Utvärderar",
                        "note": "Vi testar med två skolor under våren.",
                        "contact_name": "Lars Ek",
                        "contact_email": "lars.ek@umea.example",
                        "recorded_by": "Lars Ek",
                        "created_at": "2026-04-10T08:00:00+02:00",
                        "updated_at": "2026-04-10T08:00:00+02:00",
                    }
                ],
                response_only=True,
            )
        ],
    )
    @extend_schema(
        methods=["POST"],
        summary="Record that your organisation reuses the idea",
        description=(
            "Members of an organisation other than the owners record interest, evaluation or "
            "adoption; posting again updates the record. `organisation` is needed only for "
            "people in several organisations."
        ),
        request=AdoptionRequestSerializer,
        responses={201: AdoptionSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "We evaluate it",
                value={
                    "status": "evaluating",
                    "note": "Vi testar med två skolor under våren.",
                    "contact_name": "Lars Ek",
                    "contact_email": "lars.ek@umea.example",
                },
                request_only=True,
            )
        ],
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Withdraw your organisation's reuse record",
        request=AdoptionWithdrawSerializer,
        responses={204: None, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        filterset_class=None,
        pagination_class=None,
    )
    def adoptions(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        if request.method == "GET":
            show: bool | frozenset[int] = selectors.can_edit(
                request.user, idea
            ) or user_organisation_ids(request.user)
            return Response(
                AdoptionSerializer(
                    selectors.idea_adoptions(idea), many=True, context={"show_contacts": show}
                ).data
            )
        if request.method == "DELETE":
            withdrawal = AdoptionWithdrawSerializer(data=request.data or {})
            withdrawal.is_valid(raise_exception=True)
            services.adoption_withdraw(
                actor=signed_in_user(request), idea=idea, **withdrawal.validated_data
            )
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = AdoptionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        adoption = services.adoption_record(
            actor=signed_in_user(request), idea=idea, **serializer.validated_data
        )
        return Response(AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["POST"],
        summary="Follow the idea",
        request=None,
        responses={200: FollowSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Following", value={"following": True, "follower_count": 6}, response_only=True
            )
        ],
        filters=False,
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Stop following the idea",
        request=None,
        responses={200: FollowSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Not following",
                value={"following": False, "follower_count": 5},
                response_only=True,
            )
        ],
        filters=False,
    )
    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
        pagination_class=None,
    )
    def follow(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        user = signed_in_user(request)
        if request.method == "DELETE":
            services.follow_remove(user=user, idea=idea)
        else:
            services.follow_add(user=user, idea=idea)
        return Response(
            {"following": request.method != "DELETE", "follower_count": idea.follower_count}
        )

    @extend_schema(
        methods=["GET"],
        summary="Evidence per stage",
        request=None,
        responses={200: EvidenceSerializer(many=True), 404: NOT_FOUND},
        filters=False,
        examples=[
            OpenApiExample(
                "Evidence",
                value=[
                    {
                        "id": 7,
                        "idea": 12,
                        "stage": "insights",
                        "stage_label": "Förstå behoven",
                        "title": "Intervjuer med vårdnadshavare",
                        "text": "Tolv intervjuer visade att …",
                        "text_html": "<p>Tolv intervjuer visade att …</p>",
                        "link": "",
                        "file_name": "intervjuer.pdf",
                        "file_size": 48211,
                        "content_type": "application/pdf",
                        "file_url": "/api/v1/ideas/12/evidence/7/file/",
                        "created_by": "Erik Nilsson",
                        "created_at": "2026-03-10T13:00:00+01:00",
                    }
                ],
                response_only=True,
            )
        ],
    )
    @extend_schema(
        methods=["POST"],
        summary="Attach evidence to a stage",
        description=(
            "Members of the idea's organisations attach a text, a link or a file (multipart) to "
            "a stage. Files: PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, TXT or CSV within the size "
            "limit; the content must match the name."
        ),
        request={
            "multipart/form-data": EvidenceRequestSerializer,
            "application/json": EvidenceRequestSerializer,
        },
        responses={201: EvidenceSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "An insight",
                value={
                    "stage": "insights",
                    "title": "Intervjuer med vårdnadshavare",
                    "text": "Tolv intervjuer visade att pappersblanketten ofta kom bort.",
                },
                request_only=True,
            )
        ],
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filterset_class=None,
        pagination_class=None,
        parser_classes=[JSONParser, parsers.MultiPartParser, parsers.FormParser],
    )
    def evidence(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        if request.method == "POST":
            serializer = EvidenceRequestSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            item = services.evidence_add(
                actor=signed_in_user(request), idea=idea, **serializer.validated_data
            )
            return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)
        return Response(EvidenceSerializer(selectors.idea_evidence(idea), many=True).data)


def _only_organisation(user: Any) -> Organisation:
    organisations = list(selectors.member_organisations(user))
    if not organisations:
        raise PermissionDenied(
            _("Only members of an organisation can share ideas. Ask its coordinator to add you.")
        )
    if len(organisations) > 1:
        raise ValidationError(
            {
                "organisation": _(
                    "You are a member of several organisations. Say which one owns the idea: "
                    "%(slugs)s."
                )
                % {"slugs": ", ".join(o.slug for o in organisations)}
            }
        )
    return organisations[0]


class IdeaPubliccodeView(APIView):
    """publiccode.yml for an idea that links a software repository."""

    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="publiccode.yml of the idea's software",
        description=(
            "For ideas that link a software repository: a publiccode.yml (version 0.4) whose "
            "usedBy lists the organisations that adopted it. 404 without a repository."
        ),
        responses={
            (200, "application/yaml"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description="publiccode.yml",
                examples=[
                    OpenApiExample(
                        "publiccode.yml",
                        value=(
                            'publiccodeYmlVersion: "0.4"\nname: Avfallsaffär\'n\n'
                            "url: https://github.com/skelleftea/avfallsaffaren\n"
                            "platforms:\n- web\ndevelopmentStatus: stable\n"
                            "softwareType: standalone/web\nusedBy:\n- Bräcke kommun\n"
                        ),
                    )
                ],
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        idea = selectors.access_idea(request.user, pk)
        if not idea.repository_url:
            return Response(
                {
                    "detail": _(
                        "This idea links no software repository, so it has no publiccode.yml."
                    )
                },
                status=status.HTTP_404_NOT_FOUND,
            )
        adopters = selectors.idea_adoptions(idea).filter(status="adopted")
        document = opendata.publiccode(idea, _base_url(request), adopters)
        response = HttpResponse(
            opendata.publiccode_yaml(document), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="publiccode.yml"'
        return response


class EvidenceFileView(APIView):
    """Download an evidence file; the idea's visibility rule applies (404 otherwise)."""

    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Download an evidence file",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The file, as uploaded."
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int, evidence_id: int) -> HttpResponseBase:
        item = selectors.access_evidence(request.user, pk, evidence_id)
        if not item.file:
            return Response({"detail": _("This evidence has no file.")}, status=404)
        response = FileResponse(
            item.file.open("rb"),
            as_attachment=not item.content_type.startswith(("image/", "application/pdf")),
            filename=item.file_name or "file",
            content_type=item.content_type or "application/octet-stream",
        )
        # Served from our origin: never let a browser guess a riskier type.
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


@extend_schema(
    summary="Public ideas as CSV (open data)",
    responses={
        (200, "text/csv"): OpenApiResponse(
            response=OpenApiTypes.STR,
            description="One row per public idea; lists joined with '; '.",
            examples=[
                OpenApiExample(
                    "CSV",
                    value=(
                        "id,kind,title,summary,organisation,...\r\n"
                        "12,service_concept,Ledighetsansökan,Vårdnadshavare ansöker …,skelleftea,...\r\n"
                    ),
                )
            ],
        )
    },
    parameters=[
        OpenApiParameter("kind", str, description="service_concept or activity"),
        OpenApiParameter("stage", str),
        OpenApiParameter("organisation", str),
    ],
)
class IdeaExportCsvView(APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    def get(self, request: Request) -> HttpResponse:
        ideas = _export_queryset(request)
        body = opendata.export_csv(ideas, _base_url(request))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="delahub-ideas.csv"'
        return response


@extend_schema(
    summary="Public ideas as JSON (open data)",
    responses={
        200: OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description="`{count, ideas: [...]}` with one record per public idea.",
            examples=[
                OpenApiExample(
                    "JSON",
                    value={
                        "count": 1,
                        "ideas": [
                            {
                                "id": 12,
                                "kind": "service_concept",
                                "title": "Ledighetsansökan",
                                "organisation": "skelleftea",
                                "stage": "user_test",
                                "tags": ["e-tjänst"],
                                "adoption_count": 2,
                                "url": "https://delahub.example/ideer/12/",
                            }
                        ],
                    },
                )
            ],
        )
    },
    parameters=[
        OpenApiParameter("kind", str, description="service_concept or activity"),
        OpenApiParameter("stage", str),
        OpenApiParameter("organisation", str),
    ],
)
class IdeaExportJsonView(APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    def get(self, request: Request) -> HttpResponse:
        base = _base_url(request)
        rows = [opendata.export_row(idea, base) for idea in _export_queryset(request)]
        response = HttpResponse(
            json.dumps(
                {"count": len(rows), "ideas": rows},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="delahub-ideas.json"'
        return response


def _export_queryset(request: Request) -> QuerySet[Idea]:
    """Public ideas only (open data is for everyone), with the list's filters."""
    queryset = selectors.public_ideas()
    filterset = IdeaFilter(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(
            {k: [str(m) for m in v] for k, v in filterset.errors.items()}  # type: ignore[misc]
        )
    return filterset.qs

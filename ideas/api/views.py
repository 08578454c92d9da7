"""Thin API views for ideas: fetch with the visibility rule, call a service, serialise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from rest_framework import parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from facts.selectors import visible_fact_ids
from hub.api.input import validated
from hub.api.parsers import JSONParser
from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas import opendata, selectors, services
from ideas.api import schema
from ideas.api.filters import IdeaFilter
from ideas.api.pagination import IdeaPagination
from ideas.api.serializers import (
    AdoptionRequestSerializer,
    AdoptionSerializer,
    AdoptionWithdrawSerializer,
    EvidenceRequestSerializer,
    EvidenceSerializer,
    IdeaSerializer,
    IdeaWriteSerializer,
    StageChangeRequestSerializer,
    StageChangeSerializer,
)
from ideas.models import Idea


class AnyAccept(BaseContentNegotiation):
    """For views that answer with a file of their own type: any Accept header gets it."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


def _base_url(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# The views that answer with a file of its own type: open to anyone (what the caller may
# see is decided inside), and any Accept header gets the file. (No docstring: the OpenAPI
# schema would take it as the description of every such view.)
class _FileView(APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept


def _text_file(body: str, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = disposition
    return response


@tagged("ideas")
@schema.idea_viewset
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
        # The visibility rule and the filters (with the lists' default order) choose the
        # page's ids; IdeaPagination then loads those rows with what a list row shows.
        page = self.paginate_queryset(self.filter_queryset(Idea.objects.visible_to(request.user)))
        return self.get_paginated_response(IdeaSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(IdeaSerializer(self._idea(pk)).data)

    def create(self, request: Request) -> Response:
        data = validated(IdeaWriteSerializer, request.data)
        idea = services.idea_create(actor=signed_in_user(request), **data)
        return Response(IdeaSerializer(self._idea(idea.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        data = validated(IdeaWriteSerializer, request.data, partial=True)
        data.pop("note", None)
        services.idea_update(actor=signed_in_user(request), idea=idea, **data)
        return Response(IdeaSerializer(self._idea(pk)).data)

    def destroy(self, request: Request, pk: str) -> Response:
        services.idea_delete(actor=signed_in_user(request), idea=self._idea(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @schema.change_stage
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def stage(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        data = validated(StageChangeRequestSerializer, request.data)
        change = services.idea_change_stage(actor=signed_in_user(request), idea=idea, **data)
        return Response(StageChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @schema.stage_history
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def stages(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        return Response(StageChangeSerializer(selectors.stage_history(idea), many=True).data)

    @schema.adoptions
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        filterset_class=None,
        pagination_class=None,
    )
    def adoptions(self, request: Request, pk: str) -> Response:
        idea = self._idea(pk)
        if request.method == "GET":
            adoptions = selectors.idea_adoptions_for(request.user, idea)
            return Response(AdoptionSerializer(adoptions, many=True).data)
        if request.method == "DELETE":
            data = validated(AdoptionWithdrawSerializer, request.data or {})
            services.adoption_withdraw(actor=signed_in_user(request), idea=idea, **data)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = validated(AdoptionRequestSerializer, request.data)
        adoption = services.adoption_record(actor=signed_in_user(request), idea=idea, **data)
        return Response(AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @schema.follow
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

    @schema.evidence
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
            data = validated(EvidenceRequestSerializer, request.data)
            item = services.evidence_add(actor=signed_in_user(request), idea=idea, **data)
            context = {"fact_ids": visible_fact_ids(request.user, [item.fact_id])}
            return Response(
                EvidenceSerializer(item, context=context).data, status=status.HTTP_201_CREATED
            )
        items = list(selectors.idea_evidence(idea))
        context = {"fact_ids": visible_fact_ids(request.user, (e.fact_id for e in items))}
        return Response(EvidenceSerializer(items, many=True, context=context).data)


@tagged("open data")
class IdeaPubliccodeView(_FileView):
    """publiccode.yml for an idea that links a software repository."""

    @schema.publiccode
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
        return _text_file(
            opendata.publiccode_yaml(document),
            "application/yaml",
            'inline; filename="publiccode.yml"',
        )


@tagged("ideas")
class EvidenceFileView(_FileView):
    """Download an evidence file; the idea's visibility rule applies (404 otherwise)."""

    @schema.evidence_file
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


@tagged("open data")
@schema.export_csv
class IdeaExportCsvView(_FileView):
    def get(self, request: Request) -> HttpResponse:
        body = opendata.export_csv(_export_queryset(request), _base_url(request))
        return _text_file(body, "text/csv", 'attachment; filename="delahub-ideas.csv"')


@tagged("open data")
@schema.export_json
class IdeaExportJsonView(_FileView):
    def get(self, request: Request) -> HttpResponse:
        body = opendata.export_json(_export_queryset(request), _base_url(request))
        return _text_file(body, "application/json", 'inline; filename="delahub-ideas.json"')


@tagged("open data")
@schema.export_xlsx
class IdeaExportXlsxView(_FileView):
    def get(self, request: Request) -> HttpResponse:
        body = opendata.export_xlsx(_export_queryset(request), _base_url(request))
        response = HttpResponse(body, content_type=opendata.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="delahub-ideas.xlsx"'
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

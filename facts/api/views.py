"""The facts API: an organisation's fact sheets (read, add to) and one figure (read, change,
remove). Visibility is facts.selectors' one rule; writes go through facts.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation
from facts import selectors, services
from facts.api.serializers import (
    FactSerializer,
    FactWriteSerializer,
    SheetSerializer,
    SheetWriteSerializer,
    YearQuerySerializer,
)
from facts.models import Fact, FactSheet
from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user

if TYPE_CHECKING:
    from hub.auth import Viewer

NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you.")
FORBIDDEN = OpenApiResponse(description="Only members of the organisation may do this.")
BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
_READ = (
    "A fact: `year` is the year the figure describes, `edition` the year of its sheet, "
    '`kpi` the Kolada key figure id (or null), `source` "Kolada" for imported figures, and '
    "`ideas` the ideas you may see whose evidence cites it."
)


def sheets_answer(user: Viewer, sheets: list[FactSheet]) -> list[Any]:
    """The sheets with their sections and facts, and the citing ideas the user may see."""
    for sheet in sheets:
        selectors.sheet_contents(sheet)
    ids = [f.pk for s in sheets for f in s.loaded_facts]  # type: ignore[attr-defined]
    context = {"ideas": selectors.citing_idea_ids(user, ids)}
    return list(SheetSerializer(sheets, many=True, context=context).data)


@tagged("facts")
class OrganisationFactsView(GenericAPIView):
    """An organisation's fact sheets, newest first; members add to them."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = SheetSerializer
    pagination_class = None
    queryset = FactSheet.objects.none()  # read through facts.selectors

    @extend_schema(
        summary="An organisation's fact sheets",
        description=(
            "The organisation's fact sheets you may see (public ones; members also see their "
            "own organisation-only sheets), newest year first, each with its sections "
            "(Markdown `text` and rendered `text_html`) and facts. `?year=` gives that "
            "year's sheet only (an empty list when there is none you may see). " + _READ
        ),
        parameters=[
            OpenApiParameter("year", int, description="Only this year's sheet (1900–2100).")
        ],
        responses={200: SheetSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        organisation = get_object_or_404(Organisation, slug=slug)
        year = validated(YearQuerySerializer, request.query_params).get("year")
        sheets = selectors.organisation_sheets(request.user, organisation).select_related(
            "organisation"
        )
        if year is not None:
            sheets = sheets.filter(year=year)
        return Response(sheets_answer(request.user, list(sheets)))

    @extend_schema(
        summary="Add to the year's fact sheet",
        description=(
            "Members add sections and facts to the organisation's sheet of `year`; a sheet "
            "that does not exist yet is started (201), from the previous year's sections and "
            "figures without their values if `copy_from_previous`. `visibility` changes who "
            "sees the sheet. All or nothing: a bad section or fact is a 400 naming it "
            "(`facts[2]`) and changes nothing."
        ),
        request=SheetWriteSerializer,
        responses={200: SheetSerializer, 201: SheetSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def post(self, request: Request, slug: str) -> Response:
        organisation = get_object_or_404(Organisation, slug=slug)
        data = validated(SheetWriteSerializer, request.data)
        sheet, created = services.fact_sheet_add(
            actor=signed_in_user(request), organisation=organisation, **data
        )
        sheet = FactSheet.objects.select_related("organisation").get(pk=sheet.pk)
        return Response(
            sheets_answer(request.user, [sheet])[0],
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@tagged("facts")
class FactViewSet(
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One fact: read by whoever sees its sheet; changed and removed by members."""

    serializer_class = FactSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"
    queryset = Fact.objects.none()  # every action reads through facts.selectors

    def _answer(self, fact: Fact) -> Response:
        context = {"ideas": selectors.citing_idea_ids(self.request.user, [fact.pk])}
        return Response(FactSerializer(fact, context=context).data)

    @extend_schema(
        summary="A fact", description=_READ, responses={200: FactSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(selectors.access_fact(request.user, kwargs["pk"]))

    @extend_schema(
        summary="Change a fact",
        description="Members of the fact's organisation change any of its fields.",
        request=FactWriteSerializer,
        responses={200: FactSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fact = selectors.access_fact(request.user, kwargs["pk"])
        data = validated(FactWriteSerializer, request.data, partial=True)
        fact = services.fact_update(actor=signed_in_user(request), fact=fact, **data)
        return self._answer(selectors.access_fact(request.user, fact.pk))

    @extend_schema(
        summary="Remove a fact",
        description="Members remove a figure; evidence that cited it stays, without it.",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fact = selectors.access_fact(request.user, kwargs["pk"])
        services.fact_delete(actor=signed_in_user(request), fact=fact)
        return Response(status=status.HTTP_204_NO_CONTENT)

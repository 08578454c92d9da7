"""The dialogue API: dialogues, their contributions (as the reader may see them), the
contributions as GeoJSON and the computed summary. Every read starts from
`dialogues_visible_to` (a draft is 404 outside its team)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from comments import moderation
from comments.api.serializers import DismissResultSerializer, FlagSerializer, ReasonSerializer
from dialogues import selectors, services
from dialogues.api.filters import DialogueFilter
from dialogues.api.serializers import (
    ContributionIdeaSerializer,
    ContributionSerializer,
    ContributionTeamSerializer,
    ContributionWriteSerializer,
    DialogueSerializer,
    DialogueWriteSerializer,
    contribution_features,
)
from dialogues.models import Area, Contribution, Dialogue, FocusGroup
from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas.selectors import idea_ids_visible_to
from meetings.selectors import attendance_for_dialogue

NOT_FOUND = OpenApiResponse(description="No such dialogue, or a draft of another team.")
JSON = "application/json"


def dialogue_context(request: Request, dialogues: list[Dialogue]) -> dict[str, Any]:
    """What DialogueSerializer needs: the linked ideas the reader may see and the public
    contribution counts, one query each for a whole page."""
    ids = [d.pk for d in dialogues]
    counts = dict(
        Contribution.objects.filter(dialogue_id__in=ids, hidden_at__isnull=True)
        .order_by()
        .values_list("dialogue_id")
        .annotate(n=Count("pk"))
    )
    return {
        "idea_ids": idea_ids_visible_to(request.user, (d.idea_id for d in dialogues)),
        "counts": counts,
    }


@extend_schema_view(
    list=extend_schema(summary="Dialogues", description="Drafts only for their team."),
    retrieve=extend_schema(
        summary="A dialogue", responses={200: DialogueSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Start a dialogue (members of the municipality)",
        request=DialogueWriteSerializer,
        responses={201: DialogueSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a dialogue or move its status (its team)",
        request=DialogueWriteSerializer,
        responses={200: DialogueSerializer, 404: NOT_FOUND},
    ),
)
@tagged("dialogues")
class DialogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Citizen dialogues of the municipalities."""

    serializer_class = DialogueSerializer
    filterset_class = DialogueFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Dialogue]:
        return selectors.dialogues_visible_to(self.request.user).prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("name", "id")),
            Prefetch("focus_groups", queryset=FocusGroup.objects.order_by("id")),
        )

    def _answer(self, dialogue: Dialogue, status_code: int = status.HTTP_200_OK) -> Response:
        dialogue = self.get_queryset().get(pk=dialogue.pk)
        context = dialogue_context(self.request, [dialogue])
        return Response(DialogueSerializer(dialogue, context=context).data, status=status_code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        context = dialogue_context(request, page)
        return self.get_paginated_response(
            DialogueSerializer(page, many=True, context=context).data
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(selectors.access_dialogue(request.user, kwargs["pk"]))

    def create(self, request: Request) -> Response:
        data = validated(DialogueWriteSerializer, request.data)
        data.pop("status", None)  # a dialogue starts as a draft
        dialogue = services.dialogue_create(actor=signed_in_user(request), **data)
        return self._answer(dialogue, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dialogue = selectors.access_dialogue(request.user, kwargs["pk"])
        data = validated(DialogueWriteSerializer, request.data, partial=True)
        if data.pop("organisation", dialogue.organisation) != dialogue.organisation:
            raise ValidationError(
                {
                    "organisation": _(
                        "A dialogue stays with its municipality: start a new one instead."
                    )
                }
            )
        services.dialogue_update(actor=signed_in_user(request), dialogue=dialogue, **data)
        return self._answer(dialogue)


@extend_schema_view(
    get=extend_schema(
        summary="A dialogue's contributions",
        description="The public sees the area and the centre of the 250 m square of each "
        "point, and the name only when the contributor chose to show it; the team also sees "
        "exact points, pseudonyms and hidden contributions.",
        responses={200: ContributionSerializer(many=True), 404: NOT_FOUND},
    ),
    post=extend_schema(
        summary="Contribute to an open dialogue (signed in)",
        request=ContributionWriteSerializer,
        responses={201: ContributionSerializer},
    ),
)
@tagged("dialogues")
class ContributionListView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = ContributionSerializer
    filterset_class = None

    def get(self, request: Request, pk: int) -> Response:
        dialogue = selectors.access_dialogue(request.user, pk)
        team = selectors.is_team(request.user, dialogue)
        rows = selectors.dialogue_contributions(dialogue, team=team)
        page = self.paginate_queryset(rows)
        data = ContributionSerializer(page, many=True, context={"team": team}).data
        return self.get_paginated_response(data)

    def post(self, request: Request, pk: int) -> Response:
        dialogue = selectors.access_dialogue(request.user, pk)
        data = validated(ContributionWriteSerializer, request.data)
        if data.get("point") is not None:
            data["point"] = tuple(data["point"])
        contribution = services.contribution_create(
            author=signed_in_user(request), dialogue=dialogue, **data
        )
        team = selectors.is_team(request.user, dialogue)
        return Response(
            ContributionSerializer(contribution, context={"team": team}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    patch=extend_schema(
        summary="Mark a guldkorn, hide or show a contribution (the team)",
        request=ContributionTeamSerializer,
        responses={200: ContributionSerializer},
    )
)
@tagged("dialogues")
class ContributionDetailView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ContributionSerializer

    def patch(self, request: Request, pk: int, contribution_id: int) -> Response:
        contribution = selectors.access_contribution(request.user, contribution_id, dialogue_id=pk)
        actor = signed_in_user(request)
        selectors.require_team(actor, contribution.dialogue)
        data = validated(ContributionTeamSerializer, request.data)
        if "is_gold" in data:
            services.contribution_mark_gold(
                actor=actor, contribution=contribution, gold=data["is_gold"]
            )
        if data.get("hidden") is True:
            moderation.hide(actor=actor, target=contribution, reason=data.get("hidden_reason", ""))
        elif data.get("hidden") is False:
            moderation.unhide(actor=actor, target=contribution)
        return Response(ContributionSerializer(contribution, context={"team": True}).data)


@extend_schema_view(
    post=extend_schema(
        summary="Turn a contribution into an idea (the team)",
        request=ContributionIdeaSerializer,
        responses={201: OpenApiResponse(description="{idea: id, url}")},
    )
)
@tagged("dialogues")
class ContributionIdeaView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ContributionIdeaSerializer

    def post(self, request: Request, pk: int, contribution_id: int) -> Response:
        contribution = selectors.access_contribution(request.user, contribution_id, dialogue_id=pk)
        data = validated(ContributionIdeaSerializer, request.data)
        idea = services.contribution_to_idea(
            actor=signed_in_user(request), contribution=contribution, title=data["title"]
        )
        return Response(
            {"idea": idea.pk, "url": idea.get_absolute_url()}, status=status.HTTP_201_CREATED
        )


@tagged("dialogues")
class ContributionFlagView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FlagSerializer

    @extend_schema(
        summary="Flag a contribution for the moderators",
        description=(
            "Any signed-in reader but its author, once per contribution, with a reason. The "
            "municipality's coordinators find it in /api/v1/moderation/contributions/."
        ),
        request=ReasonSerializer,
        responses={
            201: FlagSerializer,
            400: OpenApiResponse(description="No reason, or flagged already."),
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int, contribution_id: int) -> Response:
        contribution = selectors.access_contribution(request.user, contribution_id, dialogue_id=pk)
        data = validated(ReasonSerializer, request.data)
        flag = moderation.flag(actor=signed_in_user(request), target=contribution, **data)
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


@tagged("dialogues")
class ContributionDismissFlagsView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DismissResultSerializer

    @extend_schema(
        summary="Dismiss a contribution's flags (moderators)",
        request=None,
        responses={200: DismissResultSerializer, 403: None, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int, contribution_id: int) -> Response:
        contribution = selectors.access_contribution(request.user, contribution_id, dialogue_id=pk)
        dismissed = moderation.dismiss_flags(actor=signed_in_user(request), target=contribution)
        return Response({"dismissed": dismissed})


@extend_schema_view(
    get=extend_schema(
        summary="A dialogue's placed contributions as GeoJSON",
        description="Points on the 250 m grid for everyone; exact points for the team.",
        responses={
            200: OpenApiResponse(description="A GeoJSON FeatureCollection."),
            404: NOT_FOUND,
        },
    )
)
@tagged("dialogues")
class ContributionGeoJsonView(GenericAPIView):
    queryset = Contribution.objects.none()
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    filterset_class = None

    def get(self, request: Request, pk: int) -> HttpResponse:
        dialogue = selectors.access_dialogue(request.user, pk)
        team = selectors.is_team(request.user, dialogue)
        rows = selectors.dialogue_contributions(dialogue, team=team).filter(
            Q(coarse_longitude__isnull=False) | Q(longitude__isnull=False)
        )
        # Already JSON text (see contribution_features): sent as it is.
        return HttpResponse(contribution_features(rows, team=team), content_type=JSON)


@extend_schema_view(
    get=extend_schema(
        summary="A dialogue's summary (computed)",
        description="Contributions per question, per area and per focus group, and the "
        "guldkorn, and meeting attendance (`attendance`: meetings held or to be held, "
        "cancelled, reported, attendees, per_meeting) from the team's reports. Published when the dialogue is reported; the team sees it earlier. "
        "Outside the team an area or group with fewer contributions than the minimum "
        "group size shows null.",
        responses={200: OpenApiResponse(description="The summary."), 403: None, 404: NOT_FOUND},
    )
)
@tagged("dialogues")
class DialogueSummaryView(GenericAPIView):
    queryset = Dialogue.objects.none()
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    filterset_class = None

    def get(self, request: Request, pk: int) -> Response:
        dialogue = selectors.access_summary_dialogue(request.user, pk)
        team = selectors.is_team(request.user, dialogue)
        summary = selectors.dialogue_summary(dialogue, full=team)
        summary.pop("areas")
        summary["gold"] = ContributionSerializer(
            summary["gold"], many=True, context={"team": False}
        ).data
        summary["note"] = selectors.summary_note(summary)
        # Meeting attendance from the team's reports (the summary page shows the same).
        summary["attendance"] = attendance_for_dialogue(dialogue)
        return Response(summary)

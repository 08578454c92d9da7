"""Thin API views: fetch with access_* (visibility, roles), call a service, serialise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas.selectors import access_idea
from prototypes import selectors, services
from prototypes.api.filters import OpenRoundFilter
from prototypes.api.serializers import (
    FeedbackInputSerializer,
    FeedbackRequestSerializer,
    FeedbackSerializer,
    FindingSerializer,
    ParticipantSerializer,
    ParticipationRequestSerializer,
    ParticipationSerializer,
    PrototypeSerializer,
    SummarySerializer,
    TestRoundCreateSerializer,
    TestRoundSerializer,
)
from prototypes.models import Finding, Prototype, TestRound


def _paginated(
    view: Any, queryset: Any, serializer_class: type[BaseSerializer], **kw: Any
) -> Response:
    page = view.paginate_queryset(queryset)
    if page is not None:
        return view.get_paginated_response(serializer_class(page, many=True, **kw).data)
    return Response(serializer_class(queryset, many=True, **kw).data)


def _with_counts(queryset: QuerySet[TestRound]) -> QuerySet[TestRound]:
    return queryset.annotate(participant_count=Count("participations", distinct=True))


@tagged("prototypes")
class IdeaPrototypeViewSet(viewsets.GenericViewSet):
    """Prototype versions of an idea: GET lists those you may see, POST adds one (team)."""

    serializer_class = PrototypeSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services

    def get_queryset(self) -> QuerySet[Prototype]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no URL kwargs
            return Prototype.objects.none()
        idea = access_idea(self.request.user, self.kwargs["idea_pk"])
        return selectors.prototypes_visible_to(self.request.user).filter(idea=idea)

    def list(self, request: Request, idea_pk: str) -> Response:
        return _paginated(self, self.get_queryset().prefetch_related("images"), PrototypeSerializer)

    @extend_schema(request=PrototypeSerializer, responses={201: PrototypeSerializer})
    def create(self, request: Request, idea_pk: str) -> Response:
        idea = access_idea(request.user, idea_pk)
        data = validated(PrototypeSerializer, request.data)
        prototype = services.prototype_create(actor=signed_in_user(request), idea=idea, **data)
        return Response(PrototypeSerializer(prototype).data, status=status.HTTP_201_CREATED)


@tagged("prototypes")
class PrototypeViewSet(viewsets.GenericViewSet):
    """One prototype version, and its test rounds."""

    lookup_value_regex = r"\d+"  # a non-numeric id is a 404 from the router, not a 500

    serializer_class = PrototypeSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services

    def get_queryset(self) -> QuerySet[Prototype]:
        return selectors.prototypes_visible_to(self.request.user)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PrototypeSerializer(selectors.access_prototype(request.user, pk)).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        prototype = selectors.access_prototype(request.user, pk, manage=True)
        data = validated(PrototypeSerializer, request.data, instance=prototype, partial=True)
        prototype = services.prototype_update(
            actor=signed_in_user(request), prototype=prototype, **data
        )
        return Response(PrototypeSerializer(prototype).data)

    @tagged("test rounds")
    @extend_schema(methods=["GET"], responses={200: TestRoundSerializer(many=True)}, request=None)
    @extend_schema(
        methods=["POST"],
        request=TestRoundCreateSerializer,
        responses={201: TestRoundSerializer},
        examples=[
            OpenApiExample(
                "Plan a round",
                request_only=True,
                value={
                    "title": "Test med föräldrar",
                    "goal": "Hitta hindren i ansökan",
                    "target_group": "Vårdnadshavare",
                    "tasks": ["Logga in", "Ansök om ledighet"],
                    "remote": True,
                    "capacity": 8,
                    "consent_text": "Jag samtycker till …",
                },
            )
        ],
    )
    @action(detail=True, methods=["get", "post"], url_path="test-rounds")
    def test_rounds(self, request: Request, pk: str) -> Response:
        """The prototype's test rounds you may see; POST plans a new one (team, status planned)."""
        prototype = selectors.access_prototype(request.user, pk)
        if request.method == "POST":
            data = validated(TestRoundCreateSerializer, request.data)
            test_round = services.test_round_create(
                actor=signed_in_user(request), prototype=prototype, **data
            )
            return Response(TestRoundSerializer(test_round).data, status=status.HTTP_201_CREATED)
        rounds = _with_counts(
            selectors.rounds_visible_to(request.user).filter(prototype=prototype)
        ).order_by("starts_at", "id")
        return _paginated(self, rounds, TestRoundSerializer)


@tagged("test rounds")
class TestRoundViewSet(viewsets.GenericViewSet):
    """Test rounds: the open list, one round, sign-up, feedback, findings and the summary."""

    lookup_value_regex = r"\d+"  # a non-numeric id is a 404 from the router, not a 500

    __test__ = False

    serializer_class = TestRoundSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services
    filterset_class = OpenRoundFilter

    def get_queryset(self) -> QuerySet[TestRound]:
        return selectors.open_rounds(self.request.user)

    def list(self, request: Request) -> Response:
        """Rounds open for sign-up (recruiting or running) that you may see.

        Filter with ?organisation= or ?municipality= (slug), ?county= (länskod),
        ?target_group= (slug), ?remote=true|false.
        """
        return _paginated(self, self.filter_queryset(self.get_queryset()), TestRoundSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        test_round = selectors.access_round(request.user, pk)
        return Response(TestRoundSerializer(test_round).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        test_round = selectors.access_round(request.user, pk, manage=True)
        data = validated(TestRoundSerializer, request.data, instance=test_round, partial=True)
        test_round = services.test_round_update(
            actor=signed_in_user(request), test_round=test_round, **data
        )
        return Response(TestRoundSerializer(test_round).data)

    @extend_schema(
        methods=["POST"],
        request=ParticipationRequestSerializer,
        responses={201: ParticipationSerializer},
        examples=[OpenApiExample("Sign up", value={"consent": True}, request_only=True)],
    )
    @extend_schema(methods=["GET"], request=None, responses={200: ParticipationSerializer})
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
    )
    def participation(self, request: Request, pk: str) -> Response:
        """Your participation: POST {consent: true} signs up, DELETE withdraws (your feedback
        is deleted and leaves the summary), GET shows your pseudonym and consent."""
        user = signed_in_user(request)
        test_round = selectors.access_round(user, pk)
        if request.method == "POST":
            data = validated(ParticipationRequestSerializer, request.data)
            participation = services.participation_create(user=user, test_round=test_round, **data)
            return Response(
                ParticipationSerializer(participation).data, status=status.HTTP_201_CREATED
            )
        if request.method == "DELETE":
            services.participation_withdraw(user=user, test_round=test_round)
            return Response(status=status.HTTP_204_NO_CONTENT)
        own = selectors.participation_of(user, test_round)
        if own is None:
            raise Http404
        return Response(ParticipationSerializer(own).data)

    @extend_schema(methods=["POST"], responses={201: FeedbackSerializer})
    @extend_schema(methods=["PUT", "PATCH"], responses={200: FeedbackSerializer})
    @extend_schema(
        methods=["POST", "PUT", "PATCH"],
        request=FeedbackRequestSerializer,
        examples=[
            OpenApiExample(
                "Feedback for a two-task round",
                request_only=True,
                value={
                    "tasks": [
                        {"completed": True, "difficulty": 2, "seconds": 95, "comment": ""},
                        {
                            "completed": False,
                            "difficulty": 5,
                            "seconds": 300,
                            "comment": "Hittade inte knappen",
                        },
                    ],
                    "sus": [4, 2, 4, 1, 4, 2, 5, 2, 4, 2],
                    "text": "Bra, men knappen syns dåligt.",
                },
            )
        ],
    )
    @extend_schema(methods=["GET"], request=None, responses={200: FeedbackSerializer})
    @action(
        detail=True,
        methods=["get", "post", "put", "patch"],
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
    )
    def feedback(self, request: Request, pk: str) -> Response:
        """Your feedback: POST gives it (participants of a running round, once), PUT/PATCH
        replaces it until the round closes, GET shows it. PATCH keeps fields you leave out."""
        user = signed_in_user(request)
        test_round = selectors.access_round(user, pk)
        participation = selectors.participation_of(user, test_round)
        existing = selectors.feedback_of(participation)
        if request.method == "GET":
            if participation is None:
                raise PermissionDenied(_("Only participants of this round have feedback here."))
            if existing is None:
                raise Http404
            return Response(FeedbackSerializer(existing).data)
        data = validated(FeedbackInputSerializer, request.data)
        if request.method == "PATCH" and existing is not None:
            for name in ("tasks", "sus", "text"):
                if name not in request.data:
                    data[name] = getattr(existing, name)
        if request.method == "POST":
            feedback = services.feedback_create(user=user, test_round=test_round, **data)
            return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)
        feedback = services.feedback_update(user=user, test_round=test_round, **data)
        return Response(FeedbackSerializer(feedback).data)

    @extend_schema(methods=["GET"], request=None, responses={200: FindingSerializer(many=True)})
    @extend_schema(methods=["POST"], request=FindingSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def findings(self, request: Request, pk: str) -> Response:
        """The team's findings: the team always, everyone else once the round is closed.
        POST records one (team); linked feedback must come from this round."""
        if request.method == "POST":
            test_round = selectors.access_round(request.user, pk, manage=True)
            data = validated(FindingSerializer, request.data, context={"round": test_round})
            finding = services.finding_create(
                actor=signed_in_user(request),
                test_round=test_round,
                severity=data["severity"],
                description=data["description"],
                feedback_ids=data.get("feedback", []),
                addressed_in=data.get("addressed_in"),
            )
            return Response(
                FindingSerializer(finding, context={"team": True}).data,
                status=status.HTTP_201_CREATED,
            )
        test_round = selectors.access_summary_round(request.user, pk)
        team = selectors.is_team(request.user, test_round.idea)
        return _paginated(
            self, selectors.round_findings(test_round), FindingSerializer, context={"team": team}
        )

    @extend_schema(request=None, responses={200: SummarySerializer})
    @action(detail=True, methods=["get"], filterset_class=None)
    def summary(self, request: Request, pk: str) -> Response:
        """Computed from the data: participants, completion rate and median time per task, mean
        SUS with its *sample* standard deviation (statistics.stdev) and adjective band,
        difficulty distribution, findings by severity. The team sees it at any time; everyone
        who may see the round sees it once the round is closed. Outside the team and platform
        staff, the figures are shown only once at least `min_participants` participants have
        answered (ROUND_SUMMARY_MIN_PARTICIPANTS, default 5): below that, `suppressed` is true,
        `suppressed_reason` says why, and only `participants` and `findings` are given
        (`responses` and every SUS figure null, `tasks` and `difficulty_distribution` empty)."""
        test_round = selectors.access_summary_round(request.user, pk)
        return Response(selectors.round_summary_for(request.user, test_round))

    @extend_schema(request=None, responses={200: ParticipantSerializer(many=True)})
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
    )
    def participants(self, request: Request, pk: str) -> Response:
        """Participants and their answers under pseudonyms: for the team, and for platform
        staff, who alone also see who each participant is."""
        test_round = selectors.access_round(request.user, pk, manage=not request.user.is_staff)
        return _paginated(
            self,
            selectors.round_participations(test_round),
            ParticipantSerializer,
            context={"show_identity": bool(request.user.is_staff)},
        )


@tagged("test rounds")
class FindingViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One finding: read it, change it (e.g. which version addressed it) or remove it."""

    lookup_value_regex = r"\d+"  # a non-numeric id is a 404 from the router, not a 500

    serializer_class = FindingSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services

    def _finding(self, pk: str, *, manage: bool) -> Finding:
        return selectors.access_finding(self.request.user, pk, manage=manage)

    def get_queryset(self) -> QuerySet[Finding]:
        return Finding.objects.none()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        finding = self._finding(kwargs["pk"], manage=False)
        team = selectors.is_team(request.user, finding.round.idea)
        return Response(FindingSerializer(finding, context={"team": team}).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        finding = self._finding(pk, manage=True)
        data = validated(
            FindingSerializer,
            request.data,
            instance=finding,
            partial=True,
            context={"round": finding.round},
        )
        changes: dict[str, Any] = {
            k: data[k] for k in ("severity", "description", "addressed_in") if k in data
        }
        if "feedback" in data:
            changes["feedback_ids"] = data["feedback"]
        finding = services.finding_update(actor=signed_in_user(request), finding=finding, **changes)
        return Response(FindingSerializer(finding, context={"team": True}).data)

    def destroy(self, request: Request, pk: str) -> Response:
        finding = self._finding(pk, manage=True)
        services.finding_delete(actor=signed_in_user(request), finding=finding)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Thin API views for citizen proposals: fetch with the visibility rule, call a service,
serialise."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from facts.selectors import visible_fact_ids
from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas.selectors import idea_ids_visible_to
from proposals import selectors, services
from proposals.api.filters import ProposalFilter
from proposals.api.serializers import (
    FollowStateSerializer,
    MeTooSerializer,
    ProposalCreateSerializer,
    ProposalPatchSerializer,
    ProposalSerializer,
)
from proposals.models import Proposal

NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you.")
BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
FORBIDDEN = OpenApiResponse(description="You may see the proposal but not do this.")
EXAMPLE = {
    "id": 7,
    "organisation": "skelleftea",
    "organisation_name": "Skellefteå kommun",
    "county": "24",
    "title": "Belysning längs cykelvägen till Morö backe",
    "body": "Cykelvägen är mörk på vintern.",
    "body_html": "<p>Cykelvägen är mörk på vintern.</p>",
    "author_display": "Medborgare",
    "status": "answered",
    "status_label": "Besvarat",
    "allowed_next_statuses": [],
    "answer_kind": "idea",
    "answer": "Vi tar med förslaget i arbetet med trygga stråk.",
    "answer_html": "<p>Vi tar med förslaget i arbetet med trygga stråk.</p>",
    "answered_at": "2026-11-02T10:00:00+01:00",
    "idea": 12,
    "place": None,
    "fact": 31,
    "me_too": 14,
    "mine_me_too": False,
    "following": True,
    "comment_count": 3,
    "withdrawn": False,
    "withdrawn_at": None,
    "hidden": False,
    "hidden_reason": "",
    "created_at": "2026-10-01T09:00:00+02:00",
    "url": "/forslag/7/",
}


def _context(user: Any, proposals: list[Proposal]) -> dict[str, Any]:
    # Which linked ideas and facts the reader may see, one query each for the page.
    return {
        "idea_ids": idea_ids_visible_to(user, (p.idea_id for p in proposals)),
        "fact_ids": visible_fact_ids(user, (p.fact_id for p in proposals)),
    }


@tagged("proposals")
@extend_schema_view(
    list=extend_schema(
        summary="Citizen proposals",
        description=(
            "Proposals you may see (public ones; withdrawn and hidden ones also to their "
            "proposer and the municipality's members), newest first, filtered by "
            "municipality, county and status. Paginated."
        ),
        responses={200: ProposalSerializer(many=True), 400: BAD_REQUEST},
        examples=[OpenApiExample("A page", value=[EXAMPLE], response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One citizen proposal", responses={200: ProposalSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Send a citizen proposal",
        description=(
            "Signed-in residents send a proposal to a municipality: title, text (Markdown), "
            "optionally a public place of the municipality. Public without your name unless "
            "`show_name`. Limited per person (PROPOSAL_RATE_LIMIT): 429 with Retry-After."
        ),
        request=ProposalCreateSerializer,
        responses={
            201: ProposalSerializer,
            400: BAD_REQUEST,
            401: OpenApiResponse(description="Sign in first."),
            429: OpenApiResponse(description="Too many proposals in a short time."),
        },
        examples=[
            OpenApiExample(
                "A proposal",
                value={
                    "organisation": "skelleftea",
                    "title": "Belysning längs cykelvägen",
                    "body": "Cykelvägen är mörk på vintern.",
                },
                request_only=True,
            )
        ],
    ),
    partial_update=extend_schema(
        summary="Change, withdraw or answer a citizen proposal",
        description=(
            "The proposer changes `title`, `body`, `place`, `fact`, `show_name` or sends "
            '`{"withdrawn": true}`, until the proposal is answered. Members of the '
            "municipality move `status` (submitted → considering → answered) and answer "
            "with `answer_kind` (accepted, declined, idea) and `answer`; an idea answer "
            "links `idea` (one of the municipality's) or makes a new one. One group per "
            "request. The proposer and the followers are notified of status and answer."
        ),
        request=ProposalPatchSerializer,
        responses={200: ProposalSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Answer",
                value={"status": "answered", "answer_kind": "declined", "answer": "Därför att…"},
                request_only=True,
            )
        ],
    ),
)
class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Residents' proposals to their municipality, and the municipality's answers."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.with_viewer_state(
            selectors.proposals_visible_to(self.request.user), self.request.user
        )

    def _answer(self, proposal: Proposal, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.access_proposal(self.request.user, proposal.pk)
        context = _context(self.request.user, [fresh])
        return Response(ProposalSerializer(fresh, context=context).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        data = ProposalSerializer(page, many=True, context=_context(request.user, page)).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(selectors.access_proposal(request.user, kwargs["pk"]))

    def create(self, request: Request) -> Response:
        data = validated(ProposalCreateSerializer, request.data)
        proposal = services.proposal_create(author=signed_in_user(request), **data)
        return self._answer(proposal, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = selectors.access_proposal(request.user, kwargs["pk"])
        data = validated(ProposalPatchSerializer, request.data)
        user = signed_in_user(request)
        if data.pop("withdrawn", None):
            services.proposal_withdraw(actor=user, proposal=proposal)
        elif "answer_kind" in data:
            services.proposal_answer(
                actor=user,
                proposal=proposal,
                kind=data["answer_kind"],
                text=data.get("answer", ""),
                idea=data.get("idea"),
            )
        elif "status" in data:
            services.proposal_change_status(actor=user, proposal=proposal, status=data["status"])
        elif data:
            services.proposal_update(actor=user, proposal=proposal, **data)
        return self._answer(proposal)

    @extend_schema(
        summary="Say me too (POST) or take it back (DELETE)",
        description="Once per person, a count; no down-votes. Not on your own proposal.",
        request=None,
        responses={200: MeTooSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post", "delete"],
        url_path="me-too",
        filterset_class=None,
        pagination_class=None,
    )
    def me_too(self, request: Request, pk: str) -> Response:
        proposal = selectors.access_proposal(request.user, pk)
        user = signed_in_user(request)
        if request.method == "DELETE":
            services.me_too_remove(user=user, proposal=proposal)
        else:
            services.me_too_add(user=user, proposal=proposal)
        proposal.refresh_from_db(fields=["me_too_count"])
        return Response(
            {
                "me_too": proposal.me_too_count,
                "mine_me_too": selectors.said_me_too(user, proposal),
            }
        )

    @extend_schema(
        summary="Follow a proposal (POST) or stop following it (DELETE)",
        description="Followers hear of its status changes, its answer and its comments.",
        request=None,
        responses={200: FollowStateSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post", "delete"], filterset_class=None, pagination_class=None)
    def follow(self, request: Request, pk: str) -> Response:
        proposal = selectors.access_proposal(request.user, pk)
        user = signed_in_user(request)
        if request.method == "DELETE":
            services.proposal_follow_remove(user=user, proposal=proposal)
        else:
            services.proposal_follow_add(user=user, proposal=proposal)
        return Response({"following": selectors.is_following(user, proposal)})

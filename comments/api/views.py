"""Thin API views for comments: fetch with the visibility rule, call a service, serialise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from comments import moderation, selectors, services
from comments.api.serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
    DismissResultSerializer,
    FlaggedCommentSerializer,
    FlaggedContributionSerializer,
    FlaggedProposalSerializer,
    FlagSerializer,
    ReasonSerializer,
)
from comments.models import Comment
from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from ideas.selectors import access_idea
from proposals.selectors import access_proposal

NOT_FOUND = OpenApiResponse(description="Not found, or not visible to you.")
BAD_REQUEST = OpenApiResponse(description="Invalid input; the message says what to change.")
FORBIDDEN = OpenApiResponse(description="You may see the comment but not do this.")
TOO_FAST = OpenApiResponse(description="Too many comments in a short time; wait and retry.")
COMMENT_EXAMPLE = {
    "id": 41,
    "idea": 12,
    "parent": None,
    "root": None,
    "prototype": None,
    "author": "Erik Nilsson",
    "author_id": 7,
    "author_role": "team",
    "author_organisation": {"slug": "skelleftea", "name": "Skellefteå", "role": "member"},
    "body": "Vi testade med **tolv** vårdnadshavare.",
    "body_html": "<p>Vi testade med <strong>tolv</strong> vårdnadshavare.</p>",
    "created_at": "2026-05-20T14:02:00+02:00",
    "edited_at": None,
    "deleted": False,
    "hidden": False,
    "hidden_reason": "",
    "reply_to": None,
    "url": "/ideer/12/#comment-41",
}


T = TypeVar("T")


def _act(
    request: Request,
    pk: int,
    service: Callable[..., T],
    body: type[serializers.BaseSerializer] | None = None,
) -> T:
    """Run a comment service (`actor=`, `comment=`, and the request's body as `body` checks
    it: 400) as the signed-in user, on a comment they may see (404 otherwise)."""
    comment = selectors.access_comment(request.user, pk)
    data = validated(body, request.data) if body is not None else {}
    return service(actor=signed_in_user(request), comment=comment, **data)


def _moderate(
    request: Request,
    target: moderation.Target,
    action: Callable[..., T],
    body: type[serializers.BaseSerializer] | None = None,
) -> T:
    """Run a moderation action (comments/moderation.py: `actor=`, `target=`, the body's
    fields, which `body` checks: 400) as the signed-in user on a target the caller fetched
    through its visibility rule."""
    data = validated(body, request.data) if body is not None else {}
    return action(actor=signed_in_user(request), target=target, **data)


def _after(request: Request) -> int | None:
    value = request.query_params.get("after")
    if value in (None, ""):
        return None
    try:
        after = int(value)  # type: ignore[arg-type]
    except ValueError:
        after = -1
    if after < 0:
        raise exceptions.ValidationError(
            {"after": [_("Give “after” as the id of the last comment you saw, such as 41.")]}
        )
    return after


@tagged("comments")
class IdeaCommentsView(GenericAPIView):
    """The comment thread of an idea."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services
    serializer_class = CommentSerializer
    filter_backends: list = []

    @extend_schema(
        summary="Comments on an idea",
        description=(
            "Every comment of the thread in the order written (ascending id), deleted and "
            "hidden ones included without their text so replies keep their place. "
            "`?after=<id>` gives only newer ones. Paginated."
        ),
        parameters=[OpenApiParameter("after", int, required=False)],
        responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
        examples=[OpenApiExample("A thread", value=[COMMENT_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = access_idea(request.user, pk)
        page = self.paginate_queryset(selectors.idea_comments(idea, after=_after(request)))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        summary="Comment on an idea",
        description=(
            "Signed-in people who may see the idea comment on it (citizens on public ideas). "
            "`parent` replies to a comment of the same thread; `prototype` says which version "
            "the comment is about. Markdown, at most 10,000 characters. Sending the same "
            "`client_id` again returns the first comment instead of storing a second one."
        ),
        request=CommentCreateSerializer,
        responses={
            201: CommentSerializer,
            400: BAD_REQUEST,
            401: OpenApiResponse(description="Sign in first."),
            404: NOT_FOUND,
            429: TOO_FAST,
        },
        examples=[
            OpenApiExample(
                "A reply",
                value={
                    "body": "Vi testade med **tolv** vårdnadshavare.",
                    "parent": 40,
                    "client_id": "3f1c2a9e-5b7d-4c8e-9a0b-1d2e3f4a5b6c",
                },
                request_only=True,
            ),
            OpenApiExample("Created", value=COMMENT_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = access_idea(request.user, pk)
        data = validated(CommentCreateSerializer, request.data)
        comment = services.comment_create(author=signed_in_user(request), idea=idea, **data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@tagged("comments")
class CommentView(GenericAPIView):
    """One comment: read, edit (its author), delete (its author or a moderator)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services
    serializer_class = CommentSerializer

    @extend_schema(summary="One comment", responses={200: CommentSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(CommentSerializer(selectors.access_comment(request.user, pk)).data)

    @extend_schema(
        summary="Edit a comment",
        description="The author edits the text; the comment is marked edited, with the time.",
        request=CommentUpdateSerializer,
        responses={200: CommentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request: Request, pk: int) -> Response:
        comment = _act(request, pk, services.comment_update, CommentUpdateSerializer)
        return Response(CommentSerializer(comment).data)

    @extend_schema(
        summary="Delete a comment",
        description=(
            "The author, or a moderator (platform staff, coordinators of the owning "
            "organisation), deletes a comment: its text goes, its place in the thread stays."
        ),
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        _act(request, pk, services.comment_delete)
        return Response(status=status.HTTP_204_NO_CONTENT)


@tagged("comments")
class CommentFlagView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FlagSerializer

    @extend_schema(
        summary="Flag a comment for the moderators",
        description="Any signed-in reader, once per comment, with a reason.",
        request=ReasonSerializer,
        responses={201: FlagSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Personal data",
                value={"reason": "Kommentaren innehåller någons personnummer."},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        flag = _moderate(
            request, selectors.access_comment(request.user, pk), moderation.flag, ReasonSerializer
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


@tagged("comments")
class CommentHideView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CommentSerializer

    @extend_schema(
        summary="Hide a comment (moderators)",
        description=(
            "Platform staff and coordinators of the idea's organisation hide a comment with a "
            "reason readers see; its open flags are resolved and its author is told."
        ),
        request=ReasonSerializer,
        responses={200: CommentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        comment = _moderate(
            request, selectors.access_comment(request.user, pk), moderation.hide, ReasonSerializer
        )
        return Response(CommentSerializer(comment).data)

    @extend_schema(
        summary="Show a hidden comment again (moderators)",
        request=None,
        responses={200: CommentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        comment = _moderate(request, selectors.access_comment(request.user, pk), moderation.unhide)
        return Response(CommentSerializer(comment).data)


@tagged("comments")
class CommentDismissFlagsView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DismissResultSerializer

    @extend_schema(
        summary="Dismiss a comment's flags (moderators)",
        request=None,
        responses={200: DismissResultSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        dismissed = _moderate(
            request, selectors.access_comment(request.user, pk), moderation.dismiss_flags
        )
        return Response({"dismissed": dismissed})


class ModerationQueueView(GenericAPIView):
    """A moderation queue: what the caller moderates with open flags, most flagged first
    (`queue`, a selector of comments/selectors.py), paginated; 403 to non-moderators."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = Comment.objects.none()  # for the schema; get() reads the caller's queue
    queue: Callable[[Any], Any]

    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        selectors.require_moderator_anywhere(user)
        page = self.paginate_queryset(type(self).queue(user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Moderation queue",
        description=(
            "Comments with open flags on the threads you moderate (platform staff: all you "
            "may see; coordinators and administrators: their organisation's ideas), most "
            "flagged first. Paginated."
        ),
        responses={200: FlaggedCommentSerializer(many=True), 403: FORBIDDEN},
    )
)
@tagged("comments")
class ModerationFlagsView(ModerationQueueView):
    serializer_class = FlaggedCommentSerializer
    queue = staticmethod(selectors.moderation_queue)


# --- Citizen proposals: their threads, and their moderation -------------------------------


@tagged("comments")
class ProposalCommentsView(GenericAPIView):
    """The comment thread of a citizen proposal (the same thread as an idea's)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services
    serializer_class = CommentSerializer
    filter_backends: list = []

    @extend_schema(
        summary="Comments on a citizen proposal",
        description=(
            "Every comment of the proposal's thread in the order written (ascending id); "
            "`?after=<id>` gives only newer ones. Paginated."
        ),
        parameters=[OpenApiParameter("after", int, required=False)],
        responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        proposal = access_proposal(request.user, pk)
        page = self.paginate_queryset(selectors.idea_comments(proposal, after=_after(request)))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        summary="Comment on a citizen proposal",
        description=(
            "Signed-in people who may see the proposal comment on it; `parent` replies to a "
            "comment of the same thread. Markdown, at most 10,000 characters."
        ),
        request=CommentCreateSerializer,
        responses={
            201: CommentSerializer,
            400: BAD_REQUEST,
            401: OpenApiResponse(description="Sign in first."),
            404: NOT_FOUND,
            429: TOO_FAST,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = access_proposal(request.user, pk)
        data = validated(CommentCreateSerializer, request.data)
        comment = services.comment_create(author=signed_in_user(request), proposal=proposal, **data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@tagged("comments")
class ProposalFlagView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FlagSerializer

    @extend_schema(
        summary="Flag a citizen proposal for the moderators",
        description="Any signed-in reader but its proposer, once per proposal, with a reason.",
        request=ReasonSerializer,
        responses={201: FlagSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        flag = _moderate(
            request, access_proposal(request.user, pk), moderation.flag, ReasonSerializer
        )
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


@tagged("comments")
class ProposalHideView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DismissResultSerializer

    @extend_schema(
        summary="Hide a citizen proposal (moderators)",
        description=(
            "Platform staff and coordinators of the municipality hide a proposal with a "
            "reason: it leaves the public lists; its proposer is told."
        ),
        request=ReasonSerializer,
        responses={204: None, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        _moderate(request, access_proposal(request.user, pk), moderation.hide, ReasonSerializer)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Show a hidden citizen proposal again (moderators)",
        request=None,
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        _moderate(request, access_proposal(request.user, pk), moderation.unhide)
        return Response(status=status.HTTP_204_NO_CONTENT)


@tagged("comments")
class ProposalDismissFlagsView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DismissResultSerializer

    @extend_schema(
        summary="Dismiss a citizen proposal's flags (moderators)",
        request=None,
        responses={200: DismissResultSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        return Response(
            {
                "dismissed": _moderate(
                    request, access_proposal(request.user, pk), moderation.dismiss_flags
                )
            }
        )


@extend_schema_view(
    get=extend_schema(
        summary="Moderation queue: flagged citizen proposals",
        description=(
            "Citizen proposals with open flags that you moderate (platform staff: all; "
            "coordinators and administrators: those sent to their organisation), most "
            "flagged first. Paginated. Flagged comments are in /api/v1/moderation/flags/."
        ),
        responses={200: FlaggedProposalSerializer(many=True), 403: FORBIDDEN},
    )
)
@tagged("comments")
class ModerationProposalsView(ModerationQueueView):
    serializer_class = FlaggedProposalSerializer
    queue = staticmethod(selectors.proposal_moderation_queue)


@extend_schema_view(
    get=extend_schema(
        summary="Moderation queue: flagged dialogue contributions",
        description=(
            "Contributions to citizen dialogues with open flags that you moderate (platform "
            "staff: all; coordinators and administrators: their municipality's dialogues), "
            "most flagged first, as the dialogue's team sees them (pseudonym, not the exact "
            "point). Paginated. Hide one with PATCH /api/v1/dialogues/{id}/contributions/"
            "{contribution_id}/ (`hidden`, `hidden_reason`)."
        ),
        responses={200: FlaggedContributionSerializer(many=True), 403: FORBIDDEN},
    )
)
@tagged("comments")
class ModerationContributionsView(ModerationQueueView):
    serializer_class = FlaggedContributionSerializer
    queue = staticmethod(selectors.contribution_moderation_queue)

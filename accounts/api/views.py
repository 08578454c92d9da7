from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts import services
from accounts.api.filters import OrganisationFilter
from accounts.api.serializers import (
    MemberSerializer,
    MeSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from accounts.models import Organisation
from accounts.selectors import organisation_members, user_is_member, user_manages_organisation
from hub.api.input import validated
from hub.api.schema import tagged
from hub.api.throttling import ScopedRateThrottle
from hub.auth import signed_in_user


@tagged("accounts")
class TokenView(APIView):
    """API tokens: POST signs in (e-mail, password and, with two-factor sign-in, a code);
    DELETE revokes the token the request is made with."""

    # JSON, or a form-encoded body as `curl -d email=… -d password=…` sends it.
    parser_classes = [*api_settings.DEFAULT_PARSER_CLASSES, FormParser]  # type: ignore[list-item]
    throttle_scope = "token"

    def _method(self) -> str | None:
        # None while the OpenAPI schema is generated without a request.
        return getattr(self.request, "method", None)

    def get_authenticators(self) -> list:
        # Signing in reads no credentials: a stale token header must not turn it into a 401.
        if self._method() == "DELETE":
            return [TokenAuthentication(), SessionAuthentication()]
        return []

    def get_permissions(self) -> list:
        if self._method() == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    def get_throttles(self) -> list:
        if self._method() == "DELETE":
            return super().get_throttles()
        return [ScopedRateThrottle()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer},
        examples=[
            OpenApiExample(
                "Sign in", value={"email": "anna@example.se", "password": "…"}, request_only=True
            ),
            OpenApiExample(
                "Sign in with two-factor authentication",
                value={"email": "anna@example.se", "password": "…", "code": "123456"},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = validated(TokenRequestSerializer, request.data)
        token, key = services.token_obtain(request=request._request, **data)
        return Response({"token": key, "expires": token.expiry})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the token this request is authenticated with."""
        token = request.auth
        if not isinstance(token, AuthToken):
            raise ValidationError(
                {
                    "detail": _(
                        "This request was not made with an API token. Send the token to revoke "
                        "as `Authorization: Token <token>`, or revoke tokens on your account page."
                    )
                }
            )
        services.api_token_revoke(user=signed_in_user(request), token_key=token.token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


@tagged("organisations")
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities, regions and agencies."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]
    queryset = Organisation.objects.select_related("county").order_by("name")

    @extend_schema(methods=["GET"], request=None, responses={200: MemberSerializer(many=True)})
    @extend_schema(methods=["POST"], request=MemberSerializer, responses={201: MemberSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[permissions.IsAuthenticated],
        filterset_class=None,
        pagination_class=None,
    )
    def members(self, request: Request, slug: str | None = None) -> Response:
        """Members of the organisation: visible to its members; added by its coordinators and admins."""
        organisation = get_object_or_404(Organisation, slug=slug)
        if request.method == "POST":
            data = validated(MemberSerializer, request.data)
            membership = services.membership_create(
                actor=signed_in_user(request), organisation=organisation, **data
            )
            return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)
        if not (
            user_is_member(request.user, organisation)
            or user_manages_organisation(request.user, organisation)
        ):
            self.permission_denied(
                request, message="Only the organisation's members can see its members."
            )
        return Response(MemberSerializer(organisation_members(organisation), many=True).data)


@tagged("accounts")
class MeViewSet(viewsets.GenericViewSet):
    """The signed-in user's own account."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer
    pagination_class = None

    @extend_schema(responses=MeSerializer)
    def retrieve(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def partial_update(self, request: Request) -> Response:
        data = validated(MeSerializer, request.data, instance=request.user, partial=True)
        user = services.user_update(user=signed_in_user(request), **data)
        return Response(MeSerializer(user).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "anonymise",
                str,
                description="Keep these anonymised instead of removing them, comma-separated: "
                "dialogue_contributions (without your name, account or exact point).",
            )
        ],
        responses={204: None},
    )
    def destroy(self, request: Request) -> Response:
        """Delete my account: personal data is removed, what I wrote stays under an anonymous
        name; dialogue contributions are removed unless `?anonymise=dialogue_contributions`."""
        keep = [n for n in request.query_params.get("anonymise", "").split(",") if n.strip()]
        services.user_delete(user=signed_in_user(request), anonymise=[n.strip() for n in keep])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={
            200: OpenApiResponse(
                dict, description="All personal data the hub holds about you, by capability."
            )
        }
    )
    def export(self, request: Request) -> Response:
        """All personal data the platform holds about me, as JSON."""
        response = Response(services.user_export(user=signed_in_user(request)))
        response["Content-Disposition"] = 'attachment; filename="delahub-personal-data.json"'
        return response

"""Thin API views for meetings: fetch with the access_* selectors (visibility, roles), call a
service, serialise. A meeting of a draft dialogue is a 404 outside the team, calendar files
included."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dialogues.models import Dialogue, FocusGroup
from hub.api.input import validated
from hub.api.schema import tagged
from hub.auth import signed_in_user
from meetings import calendar, selectors, services
from meetings.api.serializers import (
    MeetingCancelRequestSerializer,
    MeetingCreateSerializer,
    MeetingReportRequestSerializer,
    MeetingReportSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    RegistrantSerializer,
    RegistrationRequestSerializer,
    RegistrationSerializer,
    meeting_context,
)
from meetings.models import Meeting

NOT_FOUND = OpenApiResponse(description="No such meeting or dialogue, or not yours to see.")
NOT_TEAM = OpenApiResponse(description="You see the meeting but are not on its team.")


def _focus_group(dialogue: Dialogue, group_id: int | None) -> FocusGroup | None:
    """The focus group a request names, one of the dialogue's (else 400), or None."""
    if group_id is None:
        return None
    group = FocusGroup.objects.filter(pk=group_id, dialogue=dialogue).first()
    if group is None:
        raise ValidationError({"focus_group": _("Choose one of this dialogue's focus groups.")})
    return group


def _meeting_data(user: Any, meeting: Meeting) -> dict[str, Any]:
    fresh = selectors.meetings_visible_to(user).get(pk=meeting.pk)  # with its counts
    return MeetingSerializer(fresh, context=meeting_context(user, [fresh])).data  # type: ignore[return-value]


@tagged("meetings")
class DialogueMeetingsView(GenericAPIView):
    """A dialogue's meetings: GET lists them (anyone who sees the dialogue), POST plans one
    (its municipality's team)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services
    serializer_class = MeetingSerializer
    pagination_class = None
    queryset = Meeting.objects.none()  # for the schema; get() reads through the selectors

    @extend_schema(responses={200: MeetingSerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, id: int) -> Response:  # noqa: A002 - the path's name
        dialogue = selectors.access_dialogue(request.user, id)
        meetings = list(selectors.meetings_of_dialogue(dialogue))
        context = meeting_context(request.user, meetings)
        return Response(MeetingSerializer(meetings, many=True, context=context).data)

    @extend_schema(
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "A digital evening meeting",
                request_only=True,
                value={
                    "title": "Digitalt dialogmöte (kväll)",
                    "starts_at": "2027-02-10T18:30:00+01:00",
                    "ends_at": "2027-02-10T20:00:00+01:00",
                    "mode": "digital",
                    "link": "https://möte.example/krokom-kvall",
                    "capacity": 30,
                },
            )
        ],
    )
    def post(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        dialogue = selectors.access_dialogue(user, id)
        data = validated(MeetingCreateSerializer, request.data)
        focus_group = _focus_group(dialogue, data.pop("focus_group"))
        meeting = services.meeting_create(
            actor=user, dialogue=dialogue, focus_group=focus_group, **data
        )
        return Response(_meeting_data(user, meeting), status=status.HTTP_201_CREATED)


@tagged("meetings")
class MeetingDetailView(APIView):
    """One meeting, with its counts and the caller's own status; PATCH changes it (its
    dialogue's team)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]  # roles: services

    @extend_schema(responses={200: MeetingSerializer, 404: NOT_FOUND})
    def get(self, request: Request, id: int) -> Response:  # noqa: A002
        meeting = selectors.access_meeting(request.user, id)
        return Response(_meeting_data(request.user, meeting))

    @extend_schema(
        summary="Change a meeting",
        description="Any of the fields of a new meeting; those left out stay. More places move "
        "the waitlist up in queue order (e-mailed); fewer places than people already "
        "registered is 400. A new time or place is e-mailed to those registered and waiting. "
        "A cancelled meeting cannot be changed (400).",
        request=MeetingUpdateSerializer,
        responses={200: MeetingSerializer, 403: NOT_TEAM, 404: NOT_FOUND},
        examples=[OpenApiExample("More places", request_only=True, value={"capacity": 40})],
    )
    def patch(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        meeting = selectors.access_meeting(user, id, manage=True)
        data = validated(MeetingUpdateSerializer, request.data, partial=True)
        if "focus_group" in data:
            data["focus_group"] = _focus_group(meeting.dialogue, data["focus_group"])
        services.meeting_update(actor=user, meeting=meeting, **data)
        return Response(_meeting_data(user, meeting))


@tagged("meetings")
class MeetingCancelView(APIView):
    """Call the meeting off (its dialogue's team, before it starts): it stays listed as
    cancelled with the reason, registration closes, and everyone registered or waiting is
    e-mailed."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Cancel a meeting",
        request=MeetingCancelRequestSerializer,
        responses={200: MeetingSerializer, 403: NOT_TEAM, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Cancel",
                request_only=True,
                value={"reason": "Vägen till Föllinge är avstängd efter stormen."},
            )
        ],
    )
    def post(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        meeting = selectors.access_meeting(user, id, manage=True)
        data = validated(MeetingCancelRequestSerializer, request.data)
        services.meeting_cancel(actor=user, meeting=meeting, reason=data["reason"])
        return Response(_meeting_data(user, meeting))


@tagged("meetings")
class RegistrationView(APIView):
    """Your registration: POST {consent: true} registers (a place, or the waitlist when the
    meeting is full); DELETE cancels (the first one waiting gets the place)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=RegistrationRequestSerializer,
        responses={201: RegistrationSerializer, 404: NOT_FOUND},
        examples=[OpenApiExample("Register", request_only=True, value={"consent": True})],
    )
    def post(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        meeting = selectors.access_meeting(user, id)
        data = validated(RegistrationRequestSerializer, request.data)
        registration = services.meeting_register(user=user, meeting=meeting, **data)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None, 404: NOT_FOUND})
    def delete(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        meeting = selectors.access_meeting(user, id)
        services.meeting_cancel_registration(user=user, meeting=meeting)
        return Response(status=status.HTTP_204_NO_CONTENT)


@tagged("meetings")
class RegistrantsView(APIView):
    """Who registered, for the team: pseudonyms ("Deltagare 3") in queue order."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: RegistrantSerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, id: int) -> Response:  # noqa: A002
        meeting = selectors.access_meeting(request.user, id, manage=True)
        rows = selectors.registrants_for_team(meeting)
        return Response(RegistrantSerializer(rows, many=True).data)


@tagged("meetings")
class MeetingReportView(APIView):
    """The team's report after the meeting: GET reads it (the team; everyone who sees the
    dialogue once it is reported), PUT writes or corrects it (the team)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: MeetingReportSerializer, 404: NOT_FOUND})
    def get(self, request: Request, id: int) -> Response:  # noqa: A002
        meeting = selectors.access_meeting(request.user, id)
        selectors.require_report_reader(request.user, meeting)
        report = selectors.report_of(meeting)
        if report is None:
            return Response(
                {"detail": _("No report has been written for this meeting yet.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(MeetingReportSerializer(report).data)

    @extend_schema(
        request=MeetingReportRequestSerializer,
        responses={200: MeetingReportSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Report",
                request_only=True,
                value={"attendees": 14, "notes": "Många talade om skolskjutsarna."},
            )
        ],
    )
    def put(self, request: Request, id: int) -> Response:  # noqa: A002
        user = signed_in_user(request)
        meeting = selectors.access_meeting(user, id, manage=True)
        data = validated(MeetingReportRequestSerializer, request.data)
        report = services.meeting_report_save(actor=user, meeting=meeting, **data)
        return Response(MeetingReportSerializer(report).data)


class AnyAccept(BaseContentNegotiation):
    """A calendar file is a calendar file whatever the Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


CALENDAR = extend_schema(
    responses={
        (200, "text/calendar"): OpenApiResponse(
            response=OpenApiTypes.STR,
            description=(
                "An iCalendar file (RFC 5545) in Europe/Stockholm with its VTIMEZONE; a digital "
                "meeting's link only in the file of someone registered (or the team)."
            ),
        ),
        404: NOT_FOUND,
    }
)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The file may hold a registered person's link: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@tagged("meetings")
class MeetingCalendarView(APIView):
    """The meeting as a calendar file (.ics)."""

    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    @CALENDAR
    def get(self, request: Request, id: int) -> HttpResponse:  # noqa: A002
        meeting = selectors.access_meeting(request.user, id)
        own = selectors.registration_of(request.user, meeting)
        body = calendar.calendar_file(
            [meeting],
            name=meeting.title,
            uid=f"meeting-{meeting.pk}-calendar",
            with_link=lambda m: selectors.may_see_link(request.user, m, own),
        )
        return _calendar_response(body, f"meeting-{meeting.pk}.ics")


@tagged("meetings")
class DialogueCalendarView(APIView):
    """Every meeting of the dialogue as one calendar file (.ics)."""

    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept

    @CALENDAR
    def get(self, request: Request, id: int) -> HttpResponse:  # noqa: A002
        dialogue = selectors.access_dialogue(request.user, id)
        meetings = list(selectors.meetings_of_dialogue(dialogue))
        own = selectors.registrations_by_meeting(request.user, meetings)
        body = calendar.calendar_file(
            meetings,
            name=dialogue.title,
            uid=f"dialogue-{dialogue.pk}-calendar",
            with_link=lambda m: selectors.may_see_link(request.user, m, own.get(m.pk)),
        )
        return _calendar_response(body, f"dialogue-{dialogue.pk}.ics")

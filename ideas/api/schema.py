"""The OpenAPI documentation of the ideas API: summaries, descriptions and examples.

Kept out of `ideas/api/views.py` so the views read as what they do. Each name here is the
`extend_schema` decorator of one view or action (several stacked for an action with
several methods); the generated schema is the same as when they stood on the views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

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

F = TypeVar("F", bound=Callable[..., Any])


def _stacked(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """The decorators of an action with several methods, applied as if stacked in this order."""

    def decorate(view: F) -> F:
        for decorator in reversed(decorators):
            view = decorator(view)
        return view

    return decorate


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

# IdeaViewSet: list, retrieve, create, partial_update, destroy.
idea_viewset = extend_schema_view(
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

# POST ideas/{id}/stage/
change_stage = extend_schema(
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

# GET ideas/{id}/stages/
stage_history = extend_schema(
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

# ideas/{id}/adoptions/: GET, POST, DELETE
adoptions = _stacked(
    extend_schema(
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
    ),
    extend_schema(
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
    ),
    extend_schema(
        methods=["DELETE"],
        summary="Withdraw your organisation's reuse record",
        request=AdoptionWithdrawSerializer,
        responses={204: None, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)

# ideas/{id}/follow/: POST, DELETE
follow = _stacked(
    extend_schema(
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
    ),
    extend_schema(
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
    ),
)

# ideas/{id}/evidence/: GET, POST
evidence = _stacked(
    extend_schema(
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
    ),
    extend_schema(
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
    ),
)

# GET ideas/{id}/publiccode.yml
publiccode = extend_schema(
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

# GET ideas/{id}/evidence/{evidence_id}/file/
evidence_file = extend_schema(
    summary="Download an evidence file",
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            response=OpenApiTypes.BINARY, description="The file, as uploaded."
        ),
        404: NOT_FOUND,
    },
)

# The filters both exports take (the list's, on public ideas only).
EXPORT_FILTERS = [
    OpenApiParameter("kind", str, description="service_concept or activity"),
    OpenApiParameter("stage", str),
    OpenApiParameter("organisation", str),
]

# GET ideas/export.csv
export_csv = extend_schema(
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
    parameters=EXPORT_FILTERS,
)

# GET ideas/export.json
export_json = extend_schema(
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
    parameters=EXPORT_FILTERS,
)

# GET ideas/export.xlsx
export_xlsx = extend_schema(
    summary="Public ideas as an Excel workbook (open data)",
    responses={
        (
            200,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ): OpenApiResponse(
            response=OpenApiTypes.BINARY,
            description=(
                "The CSV's header and rows in one sheet: numbers as numbers, times as dates "
                "(Swedish time), text never read as a formula."
            ),
        )
    },
    parameters=[
        OpenApiParameter("kind", str, description="service_concept or activity"),
        OpenApiParameter("stage", str),
        OpenApiParameter("organisation", str),
    ],
)

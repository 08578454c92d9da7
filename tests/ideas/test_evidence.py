"""Evidence per stage: texts, links and files, size- and type-limited, served by the visibility rule."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ideas.models import Evidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_member_attaches_a_text_to_a_stage(api_as, public_idea, colleague):
    response = api_as(colleague).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "insights", "title": "Intervjuer", "text": "Tolv **intervjuer**."},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "insights"
    assert "<strong>intervjuer</strong>" in body["text_html"]
    assert body["file_url"] is None


def test_member_uploads_a_pdf_and_the_public_downloads_it(api_as, api, public_idea, owner):
    response = api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "analysis", "title": "Analys", "file": upload("../../Analys rapport.PDF", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["file_name"] == "Analys rapport.PDF"
    assert body["content_type"] == "application/pdf"
    stored = Evidence.objects.get(pk=body["id"]).file.name
    assert stored.startswith(f"evidence/{public_idea.pk}/") and ".." not in stored
    download = api.get(body["file_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_office_documents_are_accepted_when_their_content_matches(api_as, public_idea, owner):
    response = api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "concept", "title": "Koncept", "file": upload("koncept.docx", docx_bytes())},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    download = api_as(owner).get(response.json()["file_url"])
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00"),
        ("sida.html", b"<script>alert(1)</script>"),
        ("falsk.pdf", b"<html>not a pdf</html>"),
        ("bild.png", b"GIF89a"),
        ("falsk.docx", PDF),
        ("zip.xlsx", docx_bytes()),
        ("tom.txt", b""),
        ("binar.txt", b"abc\x00def"),
    ],
)
def test_wrong_type_or_content_is_400_with_a_message(api_as, public_idea, owner, name, content):
    response = api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "insights", "title": "Fil", "file": upload(name, content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"][0]
    assert not Evidence.objects.exists()


def test_too_large_file_is_400_naming_the_limit(api_as, public_idea, owner, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "insights", "title": "Stor", "file": upload("stor.png", PNG + b"\x00" * 2000)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "1,0" in response.json()["file"][0] or "1.0" in response.json()["file"][0]


@pytest.mark.parametrize(
    "data",
    [
        {"stage": "insights", "title": "Tom"},
        {"stage": "discontinued", "title": "X", "text": "y"},
        {"stage": "insights", "title": "", "text": "y"},
        {"stage": "insights", "title": "X", "link": "javascript:alert(1)"},
    ],
)
def test_invalid_evidence_is_400(api_as, public_idea, owner, data):
    assert api_as(owner).post(f"/api/v1/ideas/{public_idea.pk}/evidence/", data).status_code == 400


def test_outsider_and_citizen_cannot_add_evidence(api_as, public_idea, outsider, citizen):
    for user in (outsider, citizen):
        response = api_as(user).post(
            f"/api/v1/ideas/{public_idea.pk}/evidence/",
            {"stage": "insights", "title": "X", "text": "y"},
        )
        assert response.status_code == 403


def test_evidence_of_an_organisation_idea_is_404_for_outsiders_files_too(
    api_as, organisation_idea, owner, outsider, api
):
    created = api_as(owner).post(
        f"/api/v1/ideas/{organisation_idea.pk}/evidence/",
        {"stage": "insights", "title": "Hemligt", "file": upload("a.png", PNG)},
        format="multipart",
    )
    assert created.status_code == 201
    url = created.json()["file_url"]
    assert api_as(owner).get(url).status_code == 200
    assert api_as(outsider).get(url).status_code == 404
    assert api.get(url).status_code == 404
    assert (
        api_as(outsider).get(f"/api/v1/ideas/{organisation_idea.pk}/evidence/").status_code == 404
    )


def test_evidence_of_one_idea_is_not_reachable_through_another(
    api_as, public_idea, organisation_idea, owner, outsider
):
    created = api_as(owner).post(
        f"/api/v1/ideas/{organisation_idea.pk}/evidence/",
        {"stage": "insights", "title": "Hemligt", "file": upload("a.png", PNG)},
        format="multipart",
    )
    evidence_id = created.json()["id"]
    url = f"/api/v1/ideas/{public_idea.pk}/evidence/{evidence_id}/file/"
    assert api_as(outsider).get(url).status_code == 404


def test_evidence_is_listed_by_stage_for_those_who_see_the_idea(
    api_as, public_idea, owner, citizen
):
    api_as(owner).post(
        f"/api/v1/ideas/{public_idea.pk}/evidence/",
        {"stage": "target_groups", "title": "Målgrupper", "link": "https://example.se/mg"},
    )
    rows = api_as(citizen).get(f"/api/v1/ideas/{public_idea.pk}/evidence/").json()
    assert [(r["stage"], r["title"], r["link"]) for r in rows] == [
        ("target_groups", "Målgrupper", "https://example.se/mg")
    ]

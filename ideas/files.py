"""What an evidence file may be: a few office and image formats, checked by name and content.

The extension decides the type; the first bytes must agree with it (a cheap sniff that
stops an executable or an HTML page renamed to .pdf). Office formats are ZIP archives
whose member names tell Word, Excel, PowerPoint and OpenDocument apart.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str


FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", "PDF"),
    ".png": FileType("image/png", "PNG"),
    ".jpg": FileType("image/jpeg", "JPEG"),
    ".jpeg": FileType("image/jpeg", "JPEG"),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
    ),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
    ),
    ".odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument"),
    ".txt": FileType("text/plain; charset=utf-8", "Text"),
    ".csv": FileType("text/csv; charset=utf-8", "CSV"),
}
ALLOWED_EXTENSIONS = sorted(FILE_TYPES)
# Screenshots of prototypes: images a browser shows inline.
IMAGE_TYPES: dict[str, FileType] = {
    ".png": FileType("image/png", "PNG"),
    ".jpg": FileType("image/jpeg", "JPEG"),
    ".jpeg": FileType("image/jpeg", "JPEG"),
    ".webp": FileType("image/webp", "WebP"),
    ".gif": FileType("image/gif", "GIF"),
}
# Which member a genuine Office/OpenDocument archive contains.
ZIP_MARKERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/", ".odt": "mimetype"}


def allowed_types_text() -> str:
    return _(
        "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), "
        "OpenDocument (.odt), text (.txt) and CSV"
    )


def _wrong_content(extension: str) -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "The file's content does not match its name (%(extension)s). "
                "Save it again in that format and upload it once more."
            )
            % {"extension": extension}
        }
    )


def _sniff(upload: UploadedFile, extension: str) -> None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == ".pdf" and not head.startswith(b"%PDF-"):
        raise _wrong_content(extension)
    if extension == ".png" and not head.startswith(b"\x89PNG\r\n\x1a\n"):
        raise _wrong_content(extension)
    if extension in (".jpg", ".jpeg") and not head.startswith(b"\xff\xd8\xff"):
        raise _wrong_content(extension)
    if extension == ".webp" and not (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        raise _wrong_content(extension)
    if extension == ".gif" and not head.startswith((b"GIF87a", b"GIF89a")):
        raise _wrong_content(extension)
    if extension in ZIP_MARKERS:
        if not head.startswith(b"PK\x03\x04"):
            raise _wrong_content(extension)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise _wrong_content(extension) from None
        finally:
            upload.seek(0)
        if not any(name.startswith(ZIP_MARKERS[extension]) for name in names):
            raise _wrong_content(extension)
    if extension in (".txt", ".csv"):
        if b"\x00" in head:
            raise _wrong_content(extension)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the sniff boundary is still text.
            if exc.start < len(head) - 4:
                raise ValidationError(
                    {"file": _("Save the text file as UTF-8 and upload it again.")}
                ) from None


def _check_size(upload: UploadedFile, field: str) -> None:
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                field: _("The file is too large (%(size)s). The limit is %(max)s.")
                % {
                    "size": filesizeformat(size),
                    "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
                }
            }
        )


def _extension(upload: UploadedFile) -> str:
    return os.path.splitext(os.path.basename(upload.name or ""))[1].lower()


def check_upload(upload: UploadedFile) -> FileType:
    """The file's type if its size, name and content are acceptable; else a ValidationError."""
    extension = _extension(upload)
    if extension not in FILE_TYPES:
        raise ValidationError(
            {
                "file": _("Files of this type cannot be uploaded. Allowed: %(types)s.")
                % {"types": allowed_types_text()}
            }
        )
    _check_size(upload, "file")
    _sniff(upload, extension)
    return FILE_TYPES[extension]


def check_image(upload: UploadedFile) -> FileType:
    """An image's type if it is a PNG, JPEG, WebP or GIF by name and by content, within the
    size limit; else a ValidationError on `image`."""
    extension = _extension(upload)
    if extension not in IMAGE_TYPES:
        raise ValidationError({"image": _("Upload a PNG, JPEG, WebP or GIF image.")})
    _check_size(upload, "image")
    try:
        _sniff(upload, extension)
    except ValidationError:
        raise ValidationError(
            {
                "image": _("The file's content is not the image its name says (%(extension)s).")
                % {"extension": extension}
            }
        ) from None
    return IMAGE_TYPES[extension]


def storage_name(original: str) -> str:
    """A random stored name with the original's extension: no user text reaches the file system."""
    extension = os.path.splitext(os.path.basename(original))[1].lower()
    return f"{uuid.uuid4().hex}{extension}"


def display_name(original: str) -> str:
    """The person's file name, trimmed of any path, for the download."""
    name = os.path.basename((original or "").replace("\\", "/")).strip()
    return name[:200] or "file"

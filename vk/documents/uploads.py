"""What an uploaded file may be: size, and a type detected from its bytes.

The browser's content type and the file name say nothing reliable. The type is read
from the content (PDF header, image signatures via `filetype`, the inside of zip and OLE
containers for office documents) and must agree with the file name's extension, so a
renamed program or web page is refused. Office files with macros are refused too.

`UploadLimitHandler` keeps uploads in memory (plain text never touches the disk) and
stops reading as soon as a request's files together pass VK_UPLOAD_MAX_MB.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

_TOO_LARGE_FLAG = "_vk_upload_too_large"
_OLE_HEADER = bytes.fromhex("d0cf11e0a1b11ae1")
_HEAD = 8192


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]
    label: str


ACCEPTED = {
    file_type.code: file_type
    for file_type in (
        FileType("pdf", "application/pdf", ("pdf",), "PDF"),
        FileType("jpeg", "image/jpeg", ("jpg", "jpeg"), "JPEG"),
        FileType("png", "image/png", ("png",), "PNG"),
        FileType("heic", "image/heic", ("heic",), "HEIC"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
            "Word",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
            "Excel",
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", ("odt",), "OpenDocument"),
        FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",), "OpenDocument"),
        FileType("doc", "application/msword", ("doc",), "Word 97–2003"),
        FileType("xls", "application/vnd.ms-excel", ("xls",), "Excel 97–2003"),
    )
}
_BY_EXTENSION = {ext: file_type for file_type in ACCEPTED.values() for ext in file_type.extensions}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in _BY_EXTENSION)

# Legacy Word and Excel files are both OLE containers.
_SIGNATURE_OF = {"doc": "ole", "xls": "ole"}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
_ODF_MIMETYPE = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


_LABEL_OF = {file_type.content_type: file_type.label for file_type in ACCEPTED.values()}


def label_for(content_type: str) -> str:
    """A short name of a stored document's type, e.g. "PDF" or "Word"."""
    return _LABEL_OF.get(content_type, content_type)


def limit_mb() -> int:
    return int(settings.VK_UPLOAD_MAX_MB)


def limit_bytes() -> int:
    return limit_mb() * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(limit)s MB.") % {"limit": limit_mb()}


def not_accepted_message() -> str:
    return _(
        "This file type is not accepted. Upload a PDF, an image (JPEG, PNG) or an office "
        "document (Word, Excel, OpenDocument)."
    )


def upload_was_too_large(request: HttpRequest) -> bool:
    """Whether UploadLimitHandler dropped a file of this request for its size."""
    return bool(getattr(request, _TOO_LARGE_FLAG, False))


def check_upload(upload: UploadedFile[bytes]) -> FileType:
    """The accepted type of an uploaded file, or ValidationError with a message for the user."""
    if upload.size is not None and upload.size > limit_bytes():
        raise ValidationError(too_large_message(), code="too_large")
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    expected = _BY_EXTENSION.get(PurePath(upload.name or "").suffix.lower().lstrip("."))
    detected = detect(upload.file) if upload.file is not None else None
    if expected is None or detected is None:
        raise ValidationError(not_accepted_message(), code="not_accepted")
    if _SIGNATURE_OF.get(expected.code, expected.code) != detected:
        raise ValidationError(
            _("The file's contents do not match its name (.%(extension)s). %(accepted)s")
            % {"extension": expected.extensions[0], "accepted": not_accepted_message()},
            code="mismatch",
        )
    return expected


def detect(file: IO[bytes]) -> str | None:
    """What the content is: the code of an accepted type, "ole" (a legacy Word or Excel
    container) or None (unknown or refused)."""
    file.seek(0)
    head = file.read(_HEAD)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE_HEADER):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(file)
        finally:
            file.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    return {"image/jpeg": "jpeg", "image/png": "png", "image/heic": "heic"}.get(kind.mime)


def _zip_kind(file: IO[bytes]) -> str | None:
    """docx/xlsx (Office Open XML) or odt/ods (OpenDocument); None for anything else."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if any(_is_macro(name) for name in names):
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    return _ODF_MIMETYPE.get(entry.read(100).strip())
            if "[Content_Types].xml" not in names:
                return None
            for code, prefix in _OOXML_PART.items():
                if any(name.startswith(prefix) for name in names):
                    return code
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _is_macro(name: str) -> bool:
    """VBA projects (Office Open XML) and Basic or script libraries (OpenDocument)."""
    return name.lower().endswith("vbaproject.bin") or name.startswith(("Basic/", "Scripts/"))


class UploadLimitHandler(MemoryFileUploadHandler):
    """Keep uploaded files in memory, up to VK_UPLOAD_MAX_MB for a whole request."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        # Always active, whatever the request's length (the parent skips large ones).
        self.activated = True
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > limit_bytes():
            setattr(self.request, _TOO_LARGE_FLAG, True)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)

"""Small files of each kind, built in the test; each carries a marker string."""

from __future__ import annotations

import io
import zipfile

MARKER = b"FICTIONAL-MARKER-7f3a"


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n% " + MARKER + b"\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def png_bytes() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89" + MARKER
    )


def _entry(name: str) -> zipfile.ZipInfo:
    """A fixed date in the archive: two calls give the same bytes, whatever the clock."""
    return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))


def docx_bytes(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("[Content_Types].xml"), "<Types/>")
        archive.writestr(_entry("_rels/.rels"), "<Relationships/>")
        archive.writestr(_entry("word/document.xml"), f"<document>{MARKER.decode()}</document>")
        if macros:
            archive.writestr(_entry("word/vbaProject.bin"), b"\x00")
    return buffer.getvalue()


def odt_bytes(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(_entry("content.xml"), "<office:document-content/>")
        if macros:
            archive.writestr(_entry("Basic/Standard/Module1.xml"), "<script:module/>")
    return buffer.getvalue()


def xls_bytes() -> bytes:
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + MARKER

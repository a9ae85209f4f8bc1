"""Uploading a document: accepted types, refusals with a clear message, need-to-know."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.documents import uploads
from vk.documents.models import Document, Kind
from vk.documents.tests.files import MARKER, docx_bytes, odt_bytes, pdf_bytes, png_bytes, xls_bytes
from vk.dossiers.models import Dossier, State
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _upload_url(dossier: Dossier) -> str:
    return reverse("documents:upload-document", args=[dossier.pk])


def _post(client: Any, dossier: Dossier, name: str, content: bytes, **fields: Any) -> Any:
    data = {
        "document-title": "Verslag van de school",
        "document-file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **{f"document-{key}": value for key, value in fields.items()},
    }
    return client.post(_upload_url(dossier), data)


def _dutch(message: Callable[[], str]) -> str:
    """The message as the (Dutch) interface shows it, translated or not yet."""
    with translation.override("nl-be"):
        return message()


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        ("verslag.pdf", pdf_bytes, "application/pdf"),
        ("foto.png", png_bytes, "image/png"),
        (
            "brief.docx",
            docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("nota.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
        ("tabel.xls", xls_bytes, "application/vnd.ms-excel"),
    ],
)
def test_team_member_uploads_an_accepted_file(
    dossier: Dossier,
    worker_a: User,
    name: str,
    build: Callable[[], bytes],
    content_type: str,
) -> None:
    content = build()
    response = _post(client_for(worker_a), dossier, name, content)
    assert response.status_code == 302
    document = Document.objects.get(dossier=dossier)
    assert document.kind == Kind.UPLOAD
    assert document.content_type == content_type  # detected, not the browser's
    assert document.size == len(content)
    assert document.original_name == name
    assert document.uploaded_by == worker_a
    assert document.centre_id == dossier.centre_id
    entry = AuditEntry.objects.get(event="documents.document.uploaded")
    assert entry.purpose == "assignment"
    assert entry.object_id == str(document.pk)
    assert entry.detail["dossier"] == dossier.pk
    assert name not in str(entry.detail)


def test_upload_keeps_the_flags(dossier: Dossier, doctor_a: User) -> None:
    response = _post(
        client_for(doctor_a),
        dossier,
        "verslag.pdf",
        pdf_bytes(),
        health="on",
        for_court="on",
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.health and document.for_court and not document.confidential_source
    assert AuditEntry.objects.get(event="documents.document.uploaded").detail["flags"] == [
        "for_court",
        "health",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verslag.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("verslag.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("verslag.html", b"<!DOCTYPE html><html></html>"),
        ("notities.txt", b"gewone tekst"),
        ("archief.zip", docx_bytes().replace(b"word/", b"misc/")),
        ("brief.docx", docx_bytes(macros=True)),
        ("nota.odt", odt_bytes(macros=True)),
    ],
)
def test_a_file_that_is_not_an_accepted_type_is_refused_with_the_allowed_types(
    dossier: Dossier, worker_a: User, name: str, content: bytes
) -> None:
    response = _post(client_for(worker_a), dossier, name, content)
    assert response.status_code == 400
    assert _dutch(uploads.not_accepted_message) in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_whose_contents_do_not_match_its_extension_is_refused(
    dossier: Dossier, worker_a: User
) -> None:
    response = _post(client_for(worker_a), dossier, "verslag.pdf", png_bytes())
    assert response.status_code == 400
    assert _dutch(uploads.not_accepted_message) in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    dossier: Dossier, worker_a: User, settings: Any, document_root: Path
) -> None:
    settings.VK_UPLOAD_MAX_MB = 1
    content = pdf_bytes() + b"0" * (1024 * 1024)
    response = _post(client_for(worker_a), dossier, "groot.pdf", content)
    assert response.status_code == 400
    assert _dutch(uploads.too_large_message) in response.content.decode()
    assert "1 MB" in _dutch(uploads.too_large_message)
    assert not Document.objects.exists()
    assert not any(document_root.rglob("*"))


def test_the_size_is_checked_before_the_content_is_read(settings: Any) -> None:
    settings.VK_UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("groot.pdf", pdf_bytes())
    upload.size = 2 * 1024 * 1024

    def _no_reading(*args: object) -> bytes:
        raise AssertionError("the content was read")

    upload.file.read = _no_reading  # type: ignore[method-assign]
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload)
    assert refused.value.code == "too_large"


def test_an_empty_file_is_refused(dossier: Dossier, worker_a: User) -> None:
    response = _post(client_for(worker_a), dossier, "leeg.pdf", b"")
    assert response.status_code == 400
    with translation.override("nl-be"):
        assert translation.gettext("The file is empty.") in response.content.decode()
    assert not Document.objects.exists()


def test_a_description_is_needed(dossier: Dossier, worker_a: User) -> None:
    response = _post(client_for(worker_a), dossier, "verslag.pdf", pdf_bytes(), title="")
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_a_closed_dossier_takes_no_documents(dossier: Dossier, worker_a: User) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=State.CLOSED)
    response = _post(client_for(worker_a), dossier, "verslag.pdf", pdf_bytes())
    assert response.status_code == 400
    with translation.override("nl-be"):
        assert (
            translation.gettext("This dossier is closed; reopen it first.")
            in response.content.decode()
        )
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", ["colleague_a", "admin_a", "staff_b", "admin_b"])
def test_nobody_outside_the_team_uploads(
    dossier: Dossier, persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_upload_url(dossier)).status_code == 404
    assert _post(client, dossier, "verslag.pdf", pdf_bytes()).status_code == 404
    assert not Document.objects.exists()


def test_the_director_reads_but_does_not_upload(dossier: Dossier, centre_a: Centre) -> None:
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    assert _post(client_for(director), dossier, "verslag.pdf", pdf_bytes()).status_code == 404


def test_anonymous_is_sent_to_log_in(dossier: Dossier, anonymous: Any) -> None:
    response = _post(anonymous, dossier, "verslag.pdf", pdf_bytes())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.PDF", pdf_bytes(), "pdf"),
        ("a.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + MARKER, "jpeg"),
        ("a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + MARKER, "jpeg"),
        ("a.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + MARKER, "heic"),
        ("a.doc", xls_bytes(), "doc"),
        ("a.xls", xls_bytes(), "xls"),
    ],
)
def test_the_type_comes_from_the_content_and_the_extension(
    name: str, content: bytes, code: str
) -> None:
    assert uploads.check_upload(SimpleUploadedFile(name, content)).code == code


def test_an_office_file_without_its_parts_is_not_an_office_file() -> None:
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("a.xlsx", docx_bytes()))
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile("a.docx", b"PK\x03\x04 not really a zip"))

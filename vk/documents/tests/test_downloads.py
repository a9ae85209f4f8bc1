"""Downloading a document: the team gets the bytes back, everyone outside the rule a 404,
medical documents only the confidential doctor on the team."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Discipline, Role, User
from vk.documents import services
from vk.documents.models import Document
from vk.documents.tests.files import docx_bytes, pdf_bytes
from vk.documents.views import attachment_disposition
from vk.dossiers.models import Assignment, Dossier
from vk.dossiers.tests.helpers import close, open_panel, panel_url
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _document(
    dossier: Dossier, by: User, *, health: bool = False, name: str = "Verslag école.pdf"
) -> Document:
    return services.upload_document(
        dossier=dossier,
        by=by,
        purpose=Purpose.ASSIGNMENT,
        title="Verslag van de school",
        file=services.FileData(pdf_bytes(), name, "application/pdf", "pdf"),
        flags={"health": health},
    )


def _url(document: Document, dossier_pk: int | None = None) -> str:
    return reverse(
        "documents:download-document", args=[dossier_pk or document.dossier_id, document.pk]
    )


def test_the_team_downloads_the_bytes_as_an_attachment(dossier: Dossier, worker_a: User) -> None:
    document = _document(dossier, worker_a)
    response = client_for(worker_a).get(_url(document))
    assert response.status_code == 200
    assert response.content == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Verslag ecole.pdf\"; filename*=UTF-8''Verslag%20%C3%A9cole.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    entry = AuditEntry.objects.get(event="documents.document.downloaded")
    assert entry.action == "read"
    assert entry.purpose == "assignment"
    assert entry.actor_id == worker_a.pk
    assert entry.object_id == str(document.pk)


def test_a_team_lead_downloads_for_oversight(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    document = _document(dossier, worker_a)
    assert client_for(team_lead_a).get(_url(document)).status_code == 200
    assert AuditEntry.objects.get(event="documents.document.downloaded").purpose == "oversight"


@pytest.mark.parametrize("persona", ["colleague_a", "case_worker_a", "admin_a", "staff_b"])
def test_nobody_outside_the_rule_downloads(
    dossier: Dossier, worker_a: User, persona: str, request: pytest.FixtureRequest
) -> None:
    document = _document(dossier, worker_a)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_url(document)).status_code == 404
    flags = reverse("documents:edit-flags", args=[dossier.pk, document.pk])
    assert client.get(flags).status_code == 404
    assert client.post(flags, {"row_version": 1, "health": "on"}).status_code == 404
    assert not AuditEntry.objects.filter(event="documents.document.downloaded").exists()


def test_a_lead_of_another_centre_gets_404(
    dossier: Dossier, worker_a: User, centre_b: Centre
) -> None:
    document = _document(dossier, worker_a)
    lead_b = UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD])
    assert client_for(lead_b).get(_url(document)).status_code == 404


def test_the_document_must_belong_to_the_dossier_in_the_address(
    dossier: Dossier, worker_a: User
) -> None:
    document = _document(dossier, worker_a)
    assert client_for(worker_a).get(_url(document, dossier_pk=dossier.pk + 1)).status_code == 404


def test_the_confidential_doctor_on_the_team_opens_a_medical_document(
    dossier: Dossier, doctor_a: User
) -> None:
    document = _document(dossier, doctor_a, health=True)
    response = client_for(doctor_a).get(_url(document))
    assert response.status_code == 200
    assert response.content == pdf_bytes()


def test_a_team_member_of_another_discipline_gets_404_on_a_medical_document(
    dossier: Dossier, doctor_a: User, worker_a: User
) -> None:
    document = _document(dossier, doctor_a, health=True)
    client = client_for(worker_a)
    assert client.get(_url(document)).status_code == 404
    assert (
        client.get(reverse("documents:edit-flags", args=[dossier.pk, document.pk])).status_code
        == 404
    )


def test_oversight_does_not_open_a_medical_document(
    dossier: Dossier, doctor_a: User, team_lead_a: User, centre_a: Centre
) -> None:
    document = _document(dossier, doctor_a, health=True)
    assert client_for(team_lead_a).get(_url(document)).status_code == 404
    # Not even a doctor who is team lead, when not on this dossier's team.
    doctor_lead = UserFactory(
        centre=centre_a, roles=[Role.TEAM_LEAD], discipline=Discipline.MEDICAL
    )
    assert client_for(doctor_lead).get(_url(document)).status_code == 404
    Assignment.objects.create(dossier=dossier, user=doctor_lead)
    assert client_for(doctor_lead).get(_url(document)).status_code == 200


def test_the_dossier_page_lists_documents_and_hides_medical_titles_from_others(
    dossier: Dossier, doctor_a: User, worker_a: User
) -> None:
    services.upload_document(
        dossier=dossier,
        by=doctor_a,
        purpose=Purpose.ASSIGNMENT,
        title="Medisch verslag huisarts",
        file=services.FileData(pdf_bytes(), "m.pdf", "application/pdf", "pdf"),
        flags={"health": True},
    )
    _document(dossier, worker_a)
    page = reverse("dossiers:view-dossier", args=[dossier.pk])
    as_worker = client_for(worker_a).get(page).content.decode()
    assert "Verslag van de school" in as_worker
    assert "Medisch verslag huisarts" not in as_worker
    assert as_worker.count("/download/") == 1
    as_doctor = client_for(doctor_a).get(page).content.decode()
    assert "Medisch verslag huisarts" in as_doctor
    assert as_doctor.count("/download/") == 2


def test_the_documents_section_takes_the_same_queries_for_one_or_many_documents(
    dossier: Dossier, worker_a: User
) -> None:
    page = reverse("dossiers:view-dossier", args=[dossier.pk])
    client = client_for(worker_a)
    _document(dossier, worker_a)
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for _ in range(4):
        _document(dossier, worker_a)
    with CaptureQueriesContext(connection) as five:
        response = client.get(page)
    assert response.content.decode().count("/download/") == 5
    assert len(five) == len(one)


def test_older_documents_are_downloaded_from_the_timeline_medical_ones_by_the_doctor(
    dossier: Dossier, doctor_a: User, worker_a: User, team_lead_a: User
) -> None:
    documents = [_document(dossier, worker_a) for _ in range(12)]
    medical = _document(dossier, doctor_a, health=True)
    page = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk]))
    listed = page.content.decode()
    # The ten most recent: the medical one among them, without a link for her.
    assert listed.count("/download/") == 9
    timeline = reverse("dossiers:view-timeline", args=[dossier.pk]) + "?kind=document"
    assert f"{timeline}" in listed

    def links(user: User) -> set[str]:
        html = client_for(user).get(timeline).content.decode()
        return set(re.findall(r'href="([^"]+/download/)"', html))

    every = {_url(document) for document in documents}
    assert links(worker_a) == every
    assert links(doctor_a) == every | {_url(medical)}
    assert links(team_lead_a) == every  # oversight does not open medical data
    flags = client_for(worker_a).get(timeline).content.decode()
    assert reverse("documents:edit-flags", args=[dossier.pk, documents[0].pk]) in flags


def test_the_upload_form_is_for_the_team_of_an_open_dossier(
    dossier: Dossier, worker_a: User, centre_a: Centre
) -> None:
    page = reverse("dossiers:view-dossier", args=[dossier.pk])
    upload = reverse("documents:upload-document", args=[dossier.pk])
    client = client_for(worker_a)
    assert panel_url(dossier, "document") in client.get(page).content.decode()
    form = open_panel(client, dossier, "document").content.decode()
    assert f'action="{upload}"' in form
    assert 'enctype="multipart/form-data"' in form
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    assert panel_url(dossier, "document") not in client_for(director).get(page).content.decode()
    assert open_panel(client_for(director), dossier, "document").status_code == 404
    close(dossier, worker_a)
    assert panel_url(dossier, "document") not in client.get(page).content.decode()
    assert open_panel(client, dossier, "document").status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("verslag.pdf", "attachment; filename=\"verslag.pdf\"; filename*=UTF-8''verslag.pdf"),
        (
            'a"b\\c\r\n.pdf',
            "attachment; filename=\"c.pdf\"; filename*=UTF-8''c.pdf",
        ),
        ("../../etc/passwd", "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"),
        (
            "Ωμέγα.docx",
            "attachment; filename=\"document.docx\"; filename*=UTF-8''%CE%A9%CE%BC%CE%AD%CE%B3%CE%B1.docx",
        ),
    ],
)
def test_the_download_name_is_safe(name: str, expected: str) -> None:
    assert attachment_disposition(name) == expected


def test_a_docx_download_keeps_its_detected_type(dossier: Dossier, worker_a: User) -> None:
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = services.upload_document(
        dossier=dossier,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        title="Brief",
        file=services.FileData(docx_bytes(), "brief.docx", docx, "docx"),
        flags={},
    )
    response: Any = client_for(worker_a).get(_url(document))
    assert response["Content-Type"] == docx
    assert response.content == docx_bytes()

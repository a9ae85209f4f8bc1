"""Access flags: editing with optimistic locking, the agogic exception's reason and date."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.documents import services
from vk.documents.forms import FlagsForm
from vk.documents.models import Document
from vk.documents.tests.files import pdf_bytes
from vk.dossiers.models import Dossier, State
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(dossier: Dossier, worker_a: User) -> Document:
    return services.upload_document(
        dossier=dossier,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        title="Verslag",
        file=services.FileData(pdf_bytes(), "verslag.pdf", "application/pdf", "pdf"),
        flags={},
    )


def _url(document: Document) -> str:
    return reverse("documents:edit-flags", args=[document.dossier_id, document.pk])


def test_the_team_changes_the_flags(document: Document, worker_a: User) -> None:
    client = client_for(worker_a)
    assert client.get(_url(document)).status_code == 200
    response = client.post(_url(document), {"row_version": 1, "for_court": "on"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.for_court
    assert document.row_version == 2
    entry = AuditEntry.objects.get(event="documents.document.flags_changed")
    assert entry.purpose == "assignment"
    assert entry.detail == {"dossier": document.dossier_id, "changed": ["for_court"]}
    assert AuditEntry.objects.filter(event="documents.document.flags_viewed").count() == 1


def test_flags_can_still_be_set_after_closing(document: Document, worker_a: User) -> None:
    Dossier.objects.filter(pk=document.dossier_id).update(state=State.CLOSED)
    response = client_for(worker_a).post(
        _url(document), {"row_version": 1, "confidential_source": "on"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.confidential_source


def test_a_second_stale_form_gets_409_with_both_versions_and_keeps_what_was_typed(
    document: Document, worker_a: User, doctor_a: User
) -> None:
    first, second = client_for(worker_a), client_for(doctor_a)
    assert 'name="row_version" value="1"' in first.get(_url(document)).content.decode()
    assert 'name="row_version" value="1"' in second.get(_url(document)).content.decode()

    assert first.post(_url(document), {"row_version": 1, "for_court": "on"}).status_code == 302
    response = second.post(_url(document), {"row_version": 1, "third_party_only": "on"})

    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="conflict"' in html
    assert html.count("conflict__differs") == 2  # for_court and third_party_only differ
    assert 'name="row_version" value="2"' in html
    assert 'name="third_party_only" id="id_third_party_only" checked' in html
    assert 'name="for_court" id="id_for_court" checked' not in html
    document.refresh_from_db()
    assert document.for_court and not document.third_party_only

    # Saving again with the new version is a conscious choice and goes through.
    again = second.post(_url(document), {"row_version": 2, "third_party_only": "on"})
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.third_party_only and not document.for_court


def test_the_agogic_exception_needs_a_reason_and_a_review_date(
    document: Document, worker_a: User
) -> None:
    client = client_for(worker_a)
    response = client.post(_url(document), {"row_version": 1, "agogic_exception": "on"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"agogic_reason", "agogic_review_on"}
    document.refresh_from_db()
    assert not document.agogic_exception

    response = client.post(
        _url(document),
        {
            "row_version": 1,
            "agogic_exception": "on",
            "agogic_reason": "Nu niet in het belang van het kind.",
            "agogic_review_on": "2031-01-15",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.agogic_exception
    assert document.agogic_review_on == date(2031, 1, 15)


def test_switching_the_agogic_exception_off_clears_its_reason() -> None:
    form = FlagsForm({"row_version": 1, "agogic_reason": "oud", "agogic_review_on": "2031-01-15"})
    assert form.is_valid()
    assert form.flags()["agogic_reason"] == ""
    assert form.flags()["agogic_review_on"] is None


def test_the_database_refuses_an_agogic_exception_without_reason(document: Document) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(agogic_exception=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(agogic_exception=True, agogic_reason="reden")


def test_the_director_sees_no_flag_form(document: Document, centre_a: Centre) -> None:
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    assert client_for(director).get(_url(document)).status_code == 404

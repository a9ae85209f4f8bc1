"""Recording a download of the yearly report: always an audit entry, and for outside the
centre a disclosure in the register. On a report built by hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from vk.access.models import Disclosure, DisclosureKind, LegalBasis
from vk.audit.models import Action, AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.stats import privacy
from vk.stats.services import (
    EXPORTED,
    Audience,
    ExportRefused,
    Scope,
    record_yearly_download,
)
from vk.stats.tests.reports import sample_report
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def statistician(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.STATISTICS], first_name="Stef")


def test_a_download_for_the_centre_is_an_audit_entry_and_no_disclosure(
    statistician: User,
) -> None:
    result = record_yearly_download(
        report=sample_report(),
        by=statistician,
        scope=Scope.CENTRE,
        file_format="xlsx",
        audience=Audience.CENTRE,
    )
    assert result is None
    assert not Disclosure.objects.exists()
    entry = AuditEntry.objects.get(event=EXPORTED)
    assert (entry.action, entry.purpose, entry.actor_id) == (
        Action.EXPORT,
        Purpose.STATISTICS,
        statistician.pk,
    )
    assert entry.centre_id == statistician.centre_id
    assert entry.detail == {
        "year": 2025,
        "scope": "centre",
        "format": "xlsx",
        "audience": "centre",
        "suppressed_below": None,
    }


def test_a_download_for_outside_is_registered_as_a_statistical_disclosure(
    statistician: User,
) -> None:
    disclosure = record_yearly_download(
        report=privacy.suppressed(sample_report(), below=5),
        by=statistician,
        scope=Scope.CENTRE,
        file_format="pdf",
        audience=Audience.EXTERNAL,
        recipient="  Opgroeien ",
    )
    assert disclosure == Disclosure.objects.get()
    entry = AuditEntry.objects.get(event=EXPORTED)
    assert entry.detail["audience"] == "external"
    assert entry.detail["suppressed_below"] == 5
    assert disclosure.kind == DisclosureKind.STATISTICS
    assert disclosure.dossier is None
    assert disclosure.centre_id == statistician.centre_id
    assert disclosure.recipient == "Opgroeien"
    assert disclosure.legal_basis == LegalBasis.FUNDER_REPORTING
    assert disclosure.decided_by == statistician
    assert disclosure.what == "Yearly figures 2025, VK Antwerpen, PDF, small cells hidden below 5"
    # The register entry and the audit entry point at each other.
    assert (disclosure.source_type, disclosure.source_id) == ("audit.auditentry", str(entry.pk))


def test_a_copy_for_outside_must_hide_small_numbers_and_name_its_recipient(
    statistician: User,
) -> None:
    with pytest.raises(ExportRefused):
        record_yearly_download(
            report=sample_report(),
            by=statistician,
            scope=Scope.CENTRE,
            file_format="csv",
            audience=Audience.EXTERNAL,
            recipient="Opgroeien",
        )
    with pytest.raises(ExportRefused):
        record_yearly_download(
            report=privacy.suppressed(sample_report()),
            by=statistician,
            scope=Scope.CENTRE,
            file_format="csv",
            audience=Audience.EXTERNAL,
            recipient=" ",
        )
    assert not AuditEntry.objects.filter(event=EXPORTED).exists()
    assert not Disclosure.objects.exists()


def test_only_statistical_figures_are_disclosed_without_a_dossier(statistician: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.create(
            centre=statistician.centre,
            dossier=None,
            kind=DisclosureKind.LETTER,
            recipient="Iemand",
            legal_basis=LegalBasis.OWN_DATA,
            what="Een brief",
            decided_by=statistician,
            source_type="documents.document",
            source_id="1",
        )

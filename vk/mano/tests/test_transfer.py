"""The transfer report to the Jeugdparket: redaction defaults, four eyes, the stored PDF,
sending before closing, access and audit."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from conftest import client_for
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.documents import services as document_services
from vk.documents.models import Document
from vk.dossiers.models import Conversation, Dossier, ProfessionalContact
from vk.dossiers.tests.helpers import make_decision
from vk.intake.models import Report
from vk.mano import disclosure, report, services
from vk.mano.models import ParketTransfer, Procedure, State
from vk.mano.tests.helpers import ALL_MET
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORTER = {
    "reporter_name": "Els Peeters",
    "reporter_organisation": "Basisschool De Linde",
    "reporter_phone": "0470 12 34 56",
    "reporter_email": "els.peeters@delinde.test",
}


@pytest.fixture(autouse=True)
def _documents_and_english(settings: Any, tmp_path: Path) -> Any:
    """A private document root; texts compared in English (the msgids)."""
    settings.VK_DOCUMENT_ROOT = tmp_path / "documents"
    settings.VK_DOCUMENT_KEYS = []
    with translation.override("en"):
        yield


@pytest.fixture
def confidential_report(help_report: Report) -> Report:
    """The family's report came from a school teacher who asked to stay unknown."""
    Report.objects.filter(pk=help_report.pk).update(reporter_confidential=True, **REPORTER)
    help_report.refresh_from_db()
    return help_report


@pytest.fixture
def procedure(dossier: Dossier, worker_a: User, confidential_report: Report) -> Procedure:
    """Referred to the Jeugdparket, with a file that holds every kind of sensitive item."""
    now = timezone.now()
    procedure = services.register_procedure(
        dossier=dossier,
        by=worker_a,
        report=confidential_report,
        referral=services.Referral(
            received_on=timezone.localdate() - timedelta(days=30),
            referrer_kind="youth_help",
            referrer_name="Els Peeters, Basisschool De Linde",
            referrer_contact="0470 12 34 56",
            motivation_summary="Mila komt vaak met blauwe plekken naar school.",
            conditions=ALL_MET,
        ),
    )
    procedure = services.declare_admissible(
        procedure=procedure,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        justification="Het M-document volgt; de school belde.",
    )
    Conversation.objects.create(
        dossier=dossier,
        held_at=now - timedelta(days=20),
        place="home_visit",
        participants="Sara Maes",
        summary="Moeder weigert elke hulp. Ze vermoedt dat Els Peeters gemeld heeft.",
        author=worker_a,
    )
    ProfessionalContact.objects.create(
        dossier=dossier,
        contacted_at=now - timedelta(days=15),
        professional="Juf An",
        organisation="Kleuterschool Het Anker",
        method="phone",
        family_informed=True,
        secrecy_ground="consent",
        learned="Bo is vaak afwezig.",
        author=worker_a,
    )
    ProfessionalContact.objects.create(
        dossier=dossier,
        contacted_at=now - timedelta(days=10),
        professional="Dokter Claes",
        organisation="Huisartsenpraktijk Zuid",
        method="phone",
        family_informed=False,
        secrecy_ground="state_of_necessity",
        learned="De huisarts zag brandwonden op de arm.",
        author=worker_a,
    )
    _upload(dossier, worker_a, "Verslag van de buurvrouw", third_party_only=True)
    _upload(dossier, worker_a, "Medisch verslag spoeddienst", health=True)
    _upload(dossier, worker_a, "Verslag van de school")
    return services.refer_to_parket(
        procedure=procedure,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        motivation="Het gezin weigert elke hulp; Mila blijft onveilig.",
    )


def _upload(dossier: Dossier, by: User, title: str, **flags: bool) -> Document:
    return document_services.upload_document(
        dossier=dossier,
        by=by,
        purpose=Purpose.ASSIGNMENT,
        title=title,
        file=document_services.FileData(
            b"%PDF-1.4 fictief", "verslag.pdf", "application/pdf", "pdf"
        ),
        flags=flags,
    )


def _draft(procedure: Procedure, by: User, *items: str) -> ParketTransfer:
    return disclosure.draft_transfer(
        procedure=procedure,
        by=by,
        purpose=Purpose.ASSIGNMENT,
        recipient="Jeugdparket Antwerpen",
        legal_basis=disclosure.default_legal_basis(),
        included_items=items,
    )


def _fingerprint(transfer: ParketTransfer) -> str:
    transfer.refresh_from_db()
    return report.assemble(
        transfer.procedure,
        recipient=transfer.recipient,
        legal_basis=transfer.legal_basis,
        included=transfer.included_items,
    ).fingerprint


def _approve(transfer: ParketTransfer, by: User) -> ParketTransfer:
    return disclosure.approve_transfer(
        transfer=transfer,
        by=by,
        purpose=Purpose.OVERSIGHT,
        expected_version=transfer.row_version,
        fingerprint=_fingerprint(transfer),
    )


def _pdf_text(transfer: ParketTransfer) -> str:
    assert transfer.document is not None
    pdf = document_services.read_content(transfer.document)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _code(procedure: Procedure, kind: str) -> str:
    return next(item.code for item in report.sensitive_items(procedure) if item.kind == kind)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# Redaction ---------------------------------------------------------------------------


def test_the_review_offers_each_sensitive_item_but_never_a_medical_document(
    procedure: Procedure,
) -> None:
    items = report.sensitive_items(procedure)
    assert [item.kind for item in items] == ["reporter", "contact", "document"]
    labels = " ".join(item.label for item in items)
    assert "Dokter Claes" in labels
    assert "Verslag van de buurvrouw" in labels
    assert "Medisch verslag" not in labels
    assert "Verslag van de school" not in labels  # not sensitive: always in the annex


def test_a_confidential_reporter_never_appears_in_the_pdf_unless_ticked(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _approve(_draft(procedure, worker_a), team_lead_a)
    text = _pdf_text(transfer)

    for secret in ("Els Peeters", "Peeters", "De Linde", "delinde"):
        assert secret.lower() not in text.lower()
    assert "0470123456" not in _digits(text)
    assert gettext("Reporter: confidential") in text
    # The rest of the file is there.
    assert "Mila Maes" in text and "Sara Maes" in text
    assert "Het gezin weigert elke hulp" in text
    assert "Moeder weigert elke hulp" in text
    assert procedure.reference in text

    ticked = _approve(_draft(procedure, worker_a, _code(procedure, "reporter")), team_lead_a)
    text = _pdf_text(ticked)
    assert "Els Peeters" in text
    assert "Basisschool De Linde" in text
    assert "els.peeters@delinde.test" in text
    assert "0470123456" in _digits(text)


def test_third_party_contacts_and_flagged_documents_stay_out_by_default(
    procedure: Procedure, worker_a: User
) -> None:
    def content(*items: str) -> report.TransferReport:
        return report.assemble(
            procedure, recipient="Jeugdparket Antwerpen", legal_basis="x", included=items
        )

    default = content()
    assert [entry.text for entry in default.contacts] == ["Bo is vaak afwezig."]
    assert [row.title for row in default.annex] == ["Verslag van de school"]
    assert default.withheld == 3

    everything = content(*(item.code for item in report.sensitive_items(procedure)))
    assert "De huisarts zag brandwonden op de arm." in [e.text for e in everything.contacts]
    assert "Verslag van de buurvrouw" in [row.title for row in everything.annex]
    assert "Medisch verslag spoeddienst" not in [row.title for row in everything.annex]
    assert everything.withheld == 0


def test_the_report_gives_a_child_s_date_of_birth_expected_date_or_estimated_year(
    procedure: Procedure,
) -> None:
    mila = procedure.dossier.members.get(person__first_name="Mila").person
    Person.objects.filter(pk=mila.pk).update(birth_date=None, estimated_birth_year=2017)

    content = report.assemble(procedure, recipient="Jeugdparket", legal_basis="x", included=())

    births = {row.name: row.birth for row in content.children}
    assert births["Mila Maes"] == "estimated year of birth 2017"
    assert births["Bo Maes"].startswith("expected ")


def test_the_preview_shows_what_will_be_sent(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _draft(procedure, worker_a)
    url = reverse("mano-transfer:view-transfer", args=[procedure.pk, transfer.pk])
    page = client_for(team_lead_a).get(url).content.decode()
    assert "Bo is vaak afwezig." in page
    assert "brandwonden" not in page
    assert "Els Peeters" not in page
    assert gettext("Reporter: confidential") in page


def test_the_review_page_has_every_box_unticked_and_drafts_only_what_is_ticked(
    procedure: Procedure, worker_a: User
) -> None:
    client = client_for(worker_a)
    url = reverse("mano-transfer:review-transfer", args=[procedure.pk])
    page = client.get(url).content.decode()
    items = report.sensitive_items(procedure)
    for item in items:
        assert f'name="{item.field_name}"' in page
        assert not re.search(rf'name="{item.field_name}"[^>]*checked', page)

    contact = _code(procedure, "contact")
    response = client.post(
        url,
        {
            "recipient": "Jeugdparket Antwerpen",
            "legal_basis": "Decreet integrale jeugdhulp",
            next(i.field_name for i in items if i.code == contact): "on",
        },
    )
    transfer = ParketTransfer.objects.get(procedure=procedure)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "mano-transfer:view-transfer", args=[procedure.pk, transfer.pk]
    )
    assert transfer.included_items == [contact]
    assert transfer.drafted_by == worker_a


def test_a_new_draft_replaces_the_one_waiting_for_approval(
    procedure: Procedure, worker_a: User
) -> None:
    first = _draft(procedure, worker_a)
    second = _draft(procedure, worker_a, _code(procedure, "contact"))
    assert second.pk == first.pk
    assert ParketTransfer.objects.filter(procedure=procedure).count() == 1
    assert second.row_version == first.row_version + 1


def test_an_item_that_is_not_offered_cannot_be_included(
    procedure: Procedure, worker_a: User
) -> None:
    with pytest.raises(services.ManoError):
        _draft(procedure, worker_a, "document:999999")


def test_only_a_procedure_referred_to_the_jeugdparket_has_a_transfer_report(
    dossier: Dossier, worker_a: User
) -> None:
    procedure = services.register_procedure(
        dossier=dossier,
        by=worker_a,
        referral=services.Referral(
            received_on=timezone.localdate(),
            referrer_kind="youth_help",
            referrer_name="CLB Noord",
            motivation_summary="Zorgen.",
            conditions=ALL_MET,
        ),
    )
    with pytest.raises(services.ManoError):
        _draft(procedure, worker_a)


# Four eyes ---------------------------------------------------------------------------


def test_the_same_person_cannot_draft_and_approve(procedure: Procedure, team_lead_a: User) -> None:
    transfer = _draft(procedure, team_lead_a)
    with pytest.raises(services.ManoError):
        _approve(transfer, team_lead_a)
    transfer.refresh_from_db()
    assert not transfer.is_approved


def test_the_database_refuses_an_approval_by_the_drafter(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    approved = _approve(_draft(procedure, worker_a), team_lead_a)
    with pytest.raises(IntegrityError, match="mano_transfer_four_eyes"), transaction.atomic():
        ParketTransfer.objects.filter(pk=approved.pk).update(approved_by=worker_a)


def test_a_case_worker_cannot_approve(
    procedure: Procedure, worker_a: User, case_worker_a: User
) -> None:
    transfer = _draft(procedure, worker_a)
    with pytest.raises(services.ManoError):
        _approve(transfer, case_worker_a)
    url = reverse("mano-transfer:approve-transfer", args=[procedure.pk, transfer.pk])
    response = client_for(worker_a).post(
        url,
        {
            "approve-row_version": transfer.row_version,
            "approve-fingerprint": _fingerprint(transfer),
            "approve-confirm": "on",
        },
    )
    assert response.status_code == 404
    transfer.refresh_from_db()
    assert not transfer.is_approved


def test_the_director_may_approve(procedure: Procedure, worker_a: User, centre_a: Centre) -> None:
    director: User = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])  # type: ignore[assignment]
    transfer = _approve(_draft(procedure, worker_a), director)
    assert transfer.approved_by == director


def test_approval_stores_the_pdf_as_a_for_court_document(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _approve(_draft(procedure, worker_a), team_lead_a)
    document = transfer.document
    assert document is not None
    assert document.dossier_id == procedure.dossier_id
    assert document.for_court
    assert not (document.third_party_only or document.confidential_source or document.health)
    assert document.kind == "letter"
    assert document.letter_kind == report.TRANSFER_LETTER_KIND
    assert document_services.read_content(document).startswith(b"%PDF-")
    assert transfer.approved_by == team_lead_a and transfer.approved_at is not None


def test_approval_is_refused_when_the_file_changed_after_reading(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _draft(procedure, worker_a)
    read = _fingerprint(transfer)
    Conversation.objects.create(
        dossier=procedure.dossier,
        held_at=timezone.now(),
        place="phone",
        participants="Sara Maes",
        summary="Nieuw gesprek.",
        author=worker_a,
    )
    with pytest.raises(services.ManoError):
        disclosure.approve_transfer(
            transfer=transfer,
            by=team_lead_a,
            purpose=Purpose.OVERSIGHT,
            expected_version=transfer.row_version,
            fingerprint=read,
        )
    assert not Document.objects.filter(letter_kind=report.TRANSFER_LETTER_KIND).exists()


# Sending and closing -----------------------------------------------------------------


def test_the_report_is_not_sent_before_approval(procedure: Procedure, worker_a: User) -> None:
    transfer = _draft(procedure, worker_a)
    with pytest.raises(services.ManoError):
        disclosure.mark_sent(
            transfer=transfer,
            by=worker_a,
            purpose=Purpose.ASSIGNMENT,
            expected_version=transfer.row_version,
            sent_on=timezone.localdate(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ParketTransfer.objects.filter(pk=transfer.pk).update(sent_on=timezone.localdate())


def test_the_procedure_closes_only_after_the_report_was_sent(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _approve(_draft(procedure, worker_a), team_lead_a)
    with pytest.raises(services.ManoError):
        services.close_after_parket(procedure=procedure, by=worker_a)

    transfer = disclosure.mark_sent(
        transfer=transfer,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        expected_version=transfer.row_version,
        sent_on=timezone.localdate(),
    )
    closed = services.close_after_parket(procedure=procedure, by=worker_a)
    assert closed.state == State.CLOSED
    assert closed.outcome == "parket"

    # The acknowledgement often comes after closing.
    transfer = disclosure.register_receipt(
        transfer=transfer,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        expected_version=transfer.row_version,
        received_on=timezone.localdate(),
        parket_reference="AN.12.J.2026",
    )
    assert transfer.parket_reference == "AN.12.J.2026"


def test_a_sending_date_in_the_future_is_refused(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _approve(_draft(procedure, worker_a), team_lead_a)
    with pytest.raises(services.ManoError):
        disclosure.mark_sent(
            transfer=transfer,
            by=worker_a,
            purpose=Purpose.ASSIGNMENT,
            expected_version=transfer.row_version,
            sent_on=timezone.localdate() + timedelta(days=1),
        )


# The walk through the screens ----------------------------------------------------------


def test_review_draft_approve_download_send(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    worker = client_for(worker_a)
    response = worker.post(
        reverse("mano-transfer:review-transfer", args=[procedure.pk]),
        {"recipient": "Jeugdparket Antwerpen", "legal_basis": "Decreet integrale jeugdhulp"},
    )
    assert response.status_code == 302
    transfer = ParketTransfer.objects.get(procedure=procedure)
    view_url = reverse("mano-transfer:view-transfer", args=[procedure.pk, transfer.pk])
    assert "approve-confirm" not in worker.get(view_url).content.decode()  # the drafter

    lead = client_for(team_lead_a)
    page = lead.get(view_url)
    assert page.status_code == 200
    form = page.context["approve_form"]
    data = {
        "approve-row_version": form.initial["row_version"],
        "approve-fingerprint": form.initial["fingerprint"],
        "approve-confirm": "on",
    }
    # Approving a disclosure needs a recent second factor (step-up).
    step_up = lead.post(
        reverse("mano-transfer:approve-transfer", args=[procedure.pk, transfer.pk]), data
    )
    assert step_up.status_code == 302 and "reauthenticate" in step_up["Location"]
    lead = client_for(team_lead_a, stepped_up=True)
    del data["approve-confirm"]
    refused = lead.post(
        reverse("mano-transfer:approve-transfer", args=[procedure.pk, transfer.pk]), data
    )
    assert refused.status_code == 400  # the confirmation box was not ticked
    approved = lead.post(
        reverse("mano-transfer:approve-transfer", args=[procedure.pk, transfer.pk]),
        {**data, "approve-confirm": "on"},
    )
    assert approved.status_code == 302
    transfer.refresh_from_db()
    assert transfer.is_approved

    download = worker.get(
        reverse("mano-transfer:download-transfer", args=[procedure.pk, transfer.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert transfer.document is not None
    assert download.content == document_services.read_content(transfer.document)

    sent = worker.post(
        reverse("mano-transfer:mark-sent", args=[procedure.pk, transfer.pk]),
        {
            "sent-row_version": transfer.row_version,
            "sent-sent_on": timezone.localdate().isoformat(),
        },
    )
    assert sent.status_code == 302
    transfer.refresh_from_db()
    assert transfer.sent_on == timezone.localdate()
    # The sending is in the dossier's disclosure register.
    from vk.access.models import Disclosure

    registered = Disclosure.objects.get(kind="parket_report")
    assert (registered.recipient, registered.legal_basis) == (
        "Jeugdparket Antwerpen",
        "mano_mandate",
    )
    assert registered.dossier == procedure.dossier and registered.decided_by == worker_a


# Access and audit ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague_a", "staff_b"])
def test_outsiders_get_404_on_every_transfer_url(
    who: str, procedure: Procedure, worker_a: User, team_lead_a: User, request: Any
) -> None:
    transfer = _approve(_draft(procedure, worker_a), team_lead_a)
    client = client_for(request.getfixturevalue(who))
    args = [procedure.pk, transfer.pk]
    for name, method in (
        ("review-transfer", "get"),
        ("review-transfer", "post"),
        ("view-transfer", "get"),
        ("approve-transfer", "post"),
        ("mark-sent", "post"),
        ("register-receipt", "post"),
        ("download-transfer", "get"),
    ):
        url = reverse(f"mano-transfer:{name}", args=args[:1] if name == "review-transfer" else args)
        assert getattr(client, method)(url).status_code == 404, (name, method)
    transfer.refresh_from_db()
    assert transfer.sent_on is None


def test_every_step_is_audited_with_the_grant_purpose_and_identifiers_only(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    transfer = _approve(_draft(procedure, worker_a, _code(procedure, "contact")), team_lead_a)
    disclosure.mark_sent(
        transfer=transfer,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        expected_version=transfer.row_version,
        sent_on=timezone.localdate(),
    )
    client_for(team_lead_a).get(
        reverse("mano-transfer:download-transfer", args=[procedure.pk, transfer.pk])
    )

    drafted = AuditEntry.objects.get(event="mano.transfer.drafted")
    assert (drafted.action, drafted.purpose, drafted.actor_id) == (
        "create",
        "assignment",
        worker_a.pk,
    )
    assert drafted.detail["included"] == 1

    approved = AuditEntry.objects.get(event="mano.transfer.approved")
    assert (approved.purpose, approved.actor_id) == ("oversight", team_lead_a.pk)

    sent = AuditEntry.objects.get(event="mano.transfer.sent")
    assert (sent.action, sent.purpose) == ("export", "assignment")
    assert sent.detail == {"procedure": procedure.pk, "transfer": transfer.pk, "included": 1}

    downloaded = AuditEntry.objects.get(event="mano.transfer.downloaded")
    assert (downloaded.action, downloaded.purpose) == ("read", "oversight")
    for entry in (drafted, approved, sent, downloaded):
        assert "Peeters" not in str(entry.detail) and "Jeugdparket" not in str(entry.detail)

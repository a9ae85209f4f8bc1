"""A MaNo procedure walked as the team would: a helper's referral with one missing
condition, admissibility with a justification, the investigation, the family refuses,
referral to the Jeugdparket, the redaction review, approval by the team lead, and the
approved PDF downloaded and read. Labels are looked up through gettext in Dutch."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from vk.centres.models import Centre, Role, User
from vk.dossiers import services as dossier_services
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.mano.models import Procedure, State
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import TOTP_SECRET, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTER = "Greet Geheimhouder"


def _decide(page: Any, people: list[Any], question: str) -> None:
    """Record a team decision on the dossier page and come back."""
    section = page.get_by_role("region", name=nl("Team decisions"))
    section.get_by_text(nl("Record a team decision"), exact=True).click()
    for person in people:
        section.get_by_label(re.compile(person.get_full_name())).check()
    section.get_by_label(nl("Question to the team")).fill(question)
    section.get_by_label(nl("Decision") + ":", exact=True).fill("Zo beslist.")
    section.get_by_label(nl("Rationale")).fill("Besproken op het MDO.")
    section.get_by_role("button", name=nl("Save team decision")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The team decision was saved."))


def _step(page: Any, summary: str, text: str = "") -> None:
    steps = page.get_by_role("region", name=nl("Next step"))
    steps.get_by_text(nl(summary)).click()
    form = steps.locator("details[open] form")
    form.get_by_label(nl("Team decision")).select_option(index=1)
    if text:
        form.get_by_role("textbox").fill(text)
    form.get_by_role("button", name=nl("Save this step")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The procedure was updated."))


def test_a_referral_to_the_jeugdparket_from_referral_to_approved_pdf(
    page: Any, settings: Any, centre_a: Centre, tmp_path: Any
) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    settings.VK_DOCUMENT_ROOT = tmp_path
    lead: User = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], first_name="Tine")  # type: ignore[assignment]
    worker: User = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wout")  # type: ignore[assignment]
    report = register_report(
        by=UserFactory(centre=centre_a, roles=[Role.INTAKE]),
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=20),
            channel="phone",
            reporter_kind="citizen",
            reporter_confidential=True,
            reporter_name=REPORTER,
            reporter_phone="0470 00 00 00",
            worries="Zorgen over de verzorging van Jana.",
            problems=["physical"],
        ),
        persons=[
            PersonEntry(
                role="child", first_name="Jana", last_name="Claes", birth_date=date(2016, 3, 2)
            ),
            PersonEntry(
                role="parent", first_name="Kim", last_name="Claes", parental_authority=True
            ),
        ],
    )
    report = triage_report(
        report=report, by=lead, track="help", grounds="Zorg", team_discussion="MDO"
    )
    dossier = dossier_services.open_dossier(
        report=report, by=lead, case_workers=[worker], of_record=worker
    )

    # A helper refers the family; the referring service's team decision is not known.
    log_in_quickly(page, worker)
    page.goto(f"/dossiers/{dossier.pk}/")
    page.get_by_role("link", name=nl("Register a MaNo referral for this family")).click()
    page.get_by_label(nl("Referred by")).select_option("youth_help")
    page.get_by_label(nl("Referrer (person and service)")).fill("Thuisbegeleider, dienst Noord")
    page.get_by_label(nl("Summary of the motivation")).fill(
        "Thuisbegeleiding tweemaal stopgezet; de zorg blijft ernstig."
    )
    for condition in (
        "the child's physical or psychological integrity is at risk",
        "voluntary help has been exhausted or refused",
        "the family was told about the referral",
    ):
        page.get_by_role("group", name=nl(condition)).get_by_label(nl("Yes")).check()
    page.get_by_label(nl("Date the family was told")).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name=nl("Register the referral")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(nl("MaNo procedure"))
    conditions = page.get_by_role("region", name=nl("Referral conditions"))
    expect(conditions.get_by_role("note")).to_contain_text("1")
    procedure_url = page.url

    # Admissible, with a justification of the missing condition and the M-document.
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    _decide(page, [worker, lead], "Is de aanmelding ontvankelijk?")
    page.goto(procedure_url)
    _step(
        page, "Admissible: start the investigation", "De teambeslissing werd telefonisch bevestigd."
    )
    expect(page.locator(".status-line")).to_contain_text(nl("Investigation"))

    # The family refuses the help: the team refers to the Jeugdparket.
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    _decide(page, [worker, lead], "De ouders weigeren: doorverwijzen?")
    page.goto(procedure_url)
    _step(page, "Refer to the Jeugdparket", "De ouders weigeren elke hulp en werken niet mee.")
    expect(page.locator(".status-line")).to_contain_text(nl("Referred to the Jeugdparket"))

    # The redaction review: the confidential reporter stays out (not ticked).
    page.get_by_role("link", name=re.compile(nl("Transfer report to the Jeugdparket"))).click()
    reporter = page.get_by_role("group", name=nl("The reporter's identity"))
    expect(reporter.get_by_role("checkbox")).not_to_be_checked()
    page.get_by_label(nl("Recipient")).fill("Jeugdparket Antwerpen")
    page.get_by_role("button", name=nl("Draft the report")).click()
    expect(page.locator("main").get_by_role("note")).to_contain_text(
        nl("You drafted this report. A team lead or the director who did not draft it approves it.")
    )
    transfer_url = page.url

    # The team lead approves; the approved PDF is downloaded and read.
    log_in_quickly(page, lead)
    page.goto(transfer_url)
    page.get_by_label(nl("I read this report and approve sending it to the Jeugdparket.")).check()
    page.get_by_role("button", name=nl("Approve the report")).click()
    # Step-up: the team lead confirms their second factor; the approval then goes on.
    page.get_by_label(re.compile("Code|Authenticator")).fill(pyotp.TOTP(TOTP_SECRET).now())
    page.locator("main").get_by_role("button", name=re.compile("Bevestig|Confirm")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=nl("Download the approved report (PDF)")).click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "Jana" in text and "Claes" in text
    assert "weigeren elke hulp" in text
    assert REPORTER not in text and "0470" not in text
    procedure = Procedure.objects.get()
    assert procedure.state == State.REFERRED_TO_PARKET
    transfer = procedure.transfers.get()
    assert transfer.drafted_by == worker and transfer.approved_by == lead
    assert csp_violations(page) == []

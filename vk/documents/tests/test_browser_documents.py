"""A case worker adds a report to the dossier, downloads it again, and makes the
invitation letter for the family, in the browser as a person would.

Labels are looked up through gettext in Dutch, so the test reads what the Dutch
interface shows (the English source text until the catalogue has the translation)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from vk.centres.models import User
from vk.documents.models import Document, Kind
from vk.documents.tests.files import pdf_bytes
from vk.dossiers.models import Dossier
from vk.tests.browser import csp_violations, log_in_quickly, nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_worker_adds_downloads_and_writes_a_letter(
    page: Any, settings: Any, dossier: Dossier, worker_a: User, tmp_path: Path
) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    log_in_quickly(page, worker_a)
    page.goto(f"/dossiers/{dossier.pk}/")

    section = page.get_by_role("region", name=nl("Documents"))
    section.get_by_text(nl("Add a document"), exact=True).click()
    section.get_by_label(nl("Description")).fill("Verslag van het CLB")
    section.get_by_label(nl("File")).set_input_files(
        {"name": "verslag-clb.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    section.get_by_label(nl("Drawn up for the court")).check()
    section.get_by_role("button", name=nl("Add document")).click()

    expect(page.get_by_text(nl("The document was added."))).to_be_visible()
    table = page.get_by_role("table", name=nl("Documents and letters in this dossier"))
    expect(table).to_contain_text("Verslag van het CLB")
    expect(table).to_contain_text(nl("drawn up for the court"))

    with page.expect_download() as download_info:
        table.get_by_role("link", name=re.compile(nl("Download"))).click()
    download = download_info.value
    assert download.suggested_filename == "verslag-clb.pdf"
    saved = tmp_path / "download.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == pdf_bytes()

    page.get_by_role("link", name=nl("Invitation to a first conversation")).click()
    page.get_by_label(nl("Date and time")).fill("2099-03-02T10:30")
    page.get_by_label(nl("Place")).select_option("home_visit")
    with page.expect_download() as letter_info:
        page.get_by_role("button", name=nl("Make the letter")).click()
    assert letter_info.value.suggested_filename.startswith(dossier.reference)
    assert Document.objects.filter(dossier=dossier, kind=Kind.LETTER).count() == 1
    assert csp_violations(page) == []

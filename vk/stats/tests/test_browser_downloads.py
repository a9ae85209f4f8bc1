"""The yearly report in the browser: the director downloads the centre's own spreadsheet,
then a PDF for the funder after confirming the second factor, and finds that one in the
list of figures given outside the centre."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from vk.access.models import Disclosure
from vk.centres.models import Centre, Role, User
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import TOTP_SECRET, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_downloads_the_figures_for_the_centre_and_for_the_funder(
    page: Any, centre_a: Centre
) -> None:
    director: User = UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dirk")  # type: ignore[assignment]
    year = timezone.localdate().year
    log_in_quickly(page, director)
    page.goto(reverse("stats:view-yearly", args=[year]))

    downloads = page.get_by_role("region", name=nl("Download"))
    with page.expect_download() as own:
        downloads.get_by_role("link", name=nl("Excel (.xlsx)")).click()
    assert own.value.suggested_filename == f"vk-jaarcijfers-{year}-vk-antwerpen-intern.xlsx"
    sheet = load_workbook(io.BytesIO(Path(own.value.path()).read_bytes())).worksheets[0]
    assert sheet["A1"].value == f"Jaarrapport {year} · VK Antwerpen"

    downloads.get_by_label(nl("Recipient")).fill("Opgroeien")
    downloads.get_by_role("button", name=nl("PDF with charts (.pdf)")).click()
    # Step-up: the second factor again, then the PDF downloads.
    page.get_by_label(re.compile("Code|Authenticator")).fill(pyotp.TOTP(TOTP_SECRET).now())
    with page.expect_download() as external:
        page.locator("main").get_by_role("button", name=re.compile("Bevestig|Confirm")).click()
    assert external.value.suggested_filename == f"vk-jaarcijfers-{year}-vk-antwerpen.pdf"
    assert Path(external.value.path()).read_bytes().startswith(b"%PDF")
    assert Disclosure.objects.get().recipient == "Opgroeien"

    page.goto(reverse("stats:view-yearly", args=[year]))
    page.get_by_text(nl("Figures given outside the centre"), exact=True).click()
    given = page.get_by_role(
        "table", name=nl("Statistical figures given outside the centre, newest first")
    )
    expect(given).to_contain_text("Opgroeien")
    expect(given).to_contain_text(director.get_full_name())
    assert csp_violations(page) == []

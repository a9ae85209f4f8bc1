"""The director's year-end in the browser, on the known data set of 2025: the dashboard,
last year's report, its spreadsheet with the numbers of the screen, the data-quality list
and three records fixed from it (a closing outcome, a child's age and the classification,
a MaNo decision date)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from vk.centres.models import Centre, Role, User
from vk.stats.tests.dataset import EXPECTED, YEAR, build
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_last_year_downloads_it_and_follows_a_record_to_fix(
    page: Any, centre_a: Centre, centre_b: Centre
) -> None:
    assert timezone.localdate().year - 1 == YEAR  # "last year" is the data set's year
    known = build(centre_a, centre_b)
    director: User = UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dirk")  # type: ignore[assignment]
    log_in_quickly(page, director)

    # The dashboard, from the statistics menu.
    page.goto("/")
    page.get_by_role("navigation", name=nl("Main menu")).get_by_role(
        "link", name=nl("Statistics")
    ).click()
    page.get_by_role("link", name=nl("Dashboard"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(nl("Dashboard"))

    # Last year's report: the counting units on the screen.
    page.go_back()
    page.get_by_role("link", name=nl("Yearly report %(year)s") % {"year": YEAR}).click()
    units = page.get_by_role("table", name=nl("Reports and children"))

    def row_of(label: str) -> Any:
        header = page.get_by_role("rowheader", name=nl(label), exact=True)
        return units.get_by_role("row").filter(has=header)

    expect(row_of("Reports (meldingen)")).to_contain_text(str(EXPECTED["units"]["reports"]))
    expect(row_of("Child registrations")).to_contain_text(
        str(EXPECTED["units"]["child_registrations"])
    )

    # The centre's own spreadsheet carries the same numbers.
    with page.expect_download() as download:
        page.get_by_role("region", name=nl("Download")).get_by_role(
            "link", name=nl("Excel (.xlsx)")
        ).click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    by_code = {row[0]: row[2:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert by_code["reports"][0] == EXPECTED["units"]["reports"]
    assert by_code["unique_children"][0] == EXPECTED["units"]["unique_children"]
    assert by_code["6-11"][:5] == EXPECTED["age_gender"]["6-11"]

    # The data-quality list, and a dossier closed without an outcome to fix.
    page.get_by_role("link", name=nl("See the data-quality list")).click()
    checks = page.get_by_role("table", name=nl("The checks and how many records each finds"))
    row = checks.get_by_role("row", name=nl("Dossiers closed without an outcome"))
    expect(row).to_contain_text("1")
    row.get_by_role("link", name=known.dossiers["D2"].reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(known.dossiers["D2"].reference)
    page.get_by_label(nl("Closing outcome")).select_option("help_installed")
    page.get_by_role("button", name=nl("Save the outcome")).click()

    # Back on the list, that gap is gone; next the report whose child has no age.
    expect(page.get_by_role("status")).to_contain_text(nl("The closing outcome was saved."))
    expect(row).to_contain_text("0")
    reference = known.reports["R3"].reference
    checks.get_by_role(
        "row", name=nl("Children without a date of birth or an age estimate")
    ).get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    page.get_by_label(nl("Risk situation")).check()
    page.get_by_label(nl("Age (estimate)")).fill("10")
    page.get_by_label(nl("What was corrected and why")).fill("Leeftijd gehoord van de school.")
    page.get_by_role("button", name=nl("Save corrections")).click()

    expect(
        checks.get_by_role("row", name=nl("Reports without a problem classification"))
    ).to_contain_text("0")
    expect(checks).not_to_contain_text(reference)

    # Last, the MaNo procedure decided without a date: a date before receipt is refused
    # in Dutch and nothing is saved; the right date empties the check.
    mano_row = checks.get_by_role("row", name=nl("MaNo procedures decided without a decision date"))
    mano_row.get_by_role("link", name=known.procedures["M5"].reference).click()
    page.get_by_label(nl("Date of the decision")).fill("2025-10-01")
    page.get_by_role("button", name=nl("Save the date")).click()
    expect(page.get_by_role("alert")).to_contain_text("De beslissing kan niet vóór")
    page.get_by_label(nl("Date of the decision")).fill("2025-12-01")
    page.get_by_role("button", name=nl("Save the date")).click()
    expect(mano_row).to_contain_text("0")
    assert csp_violations(page) == []

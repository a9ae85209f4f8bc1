"""The downloads of the yearly report carry exactly the numbers of the report: read back
as a spreadsheet (openpyxl), as CSV and as PDF text (pypdf), on a report built by hand.
Nothing here computes a report from case data."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from vk.stats import exports, privacy
from vk.stats.tests.reports import cells_of, sample_report
from vk.stats.yearly import Row, Table, YearlyReport


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The source texts, so that the tests read headers as written in the code."""
    with translation.override("en"):
        yield


def expected(report: YearlyReport) -> dict[tuple[str, str, str], int | str]:
    """What a file must hold for every cell: the number, or "< 5" where it is hidden."""
    below = report.suppressed_below
    return {
        (report.table(key).title, code, column): f"< {below}" if value is None else value
        for key, code, column, value in cells_of(report)
    }


def xlsx_sheet(content: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 1
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def xlsx_cells(content: bytes) -> dict[tuple[str, str, str], Any]:
    """(table title, row code, column) -> the cell's value, as a spreadsheet reads it.

    A table is a block: its title, maybe a note, the header row (Code, What, columns),
    then a row per code until an empty row."""
    rows = xlsx_sheet(content)
    cells: dict[tuple[str, str, str], Any] = {}
    for index, row in enumerate(rows):
        if row[:2] != ("Code", "What"):
            continue
        start = index
        while rows[start - 1][0] is not None:
            start -= 1
        title = rows[start][0]
        columns = [column for column in row[2:] if column is not None]
        for data in rows[index + 1 :]:
            if data[0] is None:
                break
            for position, column in enumerate(columns, start=2):
                cells[title, data[0], column] = data[position]
    return cells


def csv_lines(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def csv_cells(content: bytes) -> dict[tuple[str, str, str], int | str]:
    cells: dict[tuple[str, str, str], int | str] = {}
    for line in csv_lines(content):
        value = line["Value"]
        cells[line["Table title"], line["Row code"], line["Column"]] = (
            int(value) if value.isdigit() else value
        )
    return cells


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return one_line(text)


def one_line(text: str) -> str:
    """Lines and (narrow, no-break) spaces as single spaces: PDF text wraps as it likes."""
    return re.sub(r"\s+", " ", text)


# XLSX ---------------------------------------------------------------------------------


def test_the_centre_xlsx_holds_every_number_of_the_report_as_a_number() -> None:
    report = sample_report()
    cells = xlsx_cells(exports.as_xlsx(report))
    assert cells == expected(report)
    assert cells["Reports and children", "reports", "Number"] == 1234
    # The small numbers stay in the centre's own copy.
    assert cells["Reports and children", "rereports", "Number"] == 3
    assert cells["Children by age group and gender", "0-2", "Boy"] == 1
    assert all(isinstance(value, int) for value in cells.values())


def test_the_external_xlsx_writes_hidden_cells_as_less_than_five() -> None:
    report = privacy.suppressed(sample_report(), below=5)
    cells = xlsx_cells(exports.as_xlsx(report))
    assert cells == expected(report)
    hidden = [key for key, value in cells.items() if value == "< 5"]
    assert len(hidden) == sum(value is None for *_, value in cells_of(report)) > 0
    assert cells["Reports and children", "rereports", "Number"] == "< 5"
    assert cells["Children by age group and gender", "0-2", "Boy"] == "< 5"
    # No count from 1 to 4 is left, and zero is shown as zero (it points at nobody).
    assert not [value for value in cells.values() if isinstance(value, int) and 0 < value < 5]
    assert cells["Who reported", "doctor", "Reports"] == 0


def test_the_xlsx_header_block_names_scope_year_code_lists_time_quality_and_audience() -> None:
    rows = xlsx_sheet(exports.as_xlsx(privacy.suppressed(sample_report(), below=5)))
    assert rows[0][0] == "Yearly report 2025 · VK Antwerpen"
    assert rows[1][0] == "VK Antwerpen · Confidential · Yearly report 2025"
    header = {row[0]: row[1] for row in rows[3:10] if row[0] is not None}
    assert header["Scope"] == "VK Antwerpen"
    assert header["Year"] == 2025
    assert header["Code lists"] == "Opgroeien registratie v1"
    # 08:15 UTC is 09:15 in Brussels in winter; spreadsheets keep local time.
    assert header["Computed from the case data on"].strftime("%d/%m/%Y %H:%M") == "31/01/2026 09:15"
    assert header["Records flagged by the data-quality checks"] == 7
    assert header["Audience"] == "For outside the centre: small numbers hidden"
    assert any(
        row[0] and row[0].startswith('Numbers from 1 to 4 are shown as "< 5"') for row in rows
    )


def test_the_centre_xlsx_says_it_is_for_use_within_the_centre() -> None:
    rows = xlsx_sheet(exports.as_xlsx(sample_report()))
    header = {row[0]: row[1] for row in rows if row[0] is not None}
    assert header["Audience"] == "For use within the centre: every number shown"
    assert not any(row[0] and str(row[0]).startswith("Numbers from 1 to") for row in rows)


# CSV ----------------------------------------------------------------------------------


def test_the_csv_has_one_line_per_cell_with_the_numbers_of_the_report() -> None:
    report = sample_report()
    content = exports.as_csv(report)
    lines = csv_lines(content)
    assert list(lines[0]) == [
        "Year",
        "Scope",
        "Table",
        "Table title",
        "Unit",
        "Row code",
        "Row",
        "Column",
        "Value",
    ]
    assert len(lines) == len(list(cells_of(report)))
    assert csv_cells(content) == expected(report)
    girls = next(line for line in lines if line["Row code"] == "12-17" and line["Column"] == "Girl")
    assert girls == {
        "Year": "2025",
        "Scope": "VK Antwerpen",
        "Table": "age_gender",
        "Table title": "Children by age group and gender",
        "Unit": "child registrations",
        "Row code": "12-17",
        "Row": "12 to 17 years",
        "Column": "Girl",
        "Value": "51",
    }


def test_the_external_csv_writes_less_than_five_where_the_report_hides_a_cell() -> None:
    report = privacy.suppressed(sample_report(), below=5)
    cells = csv_cells(exports.as_csv(report))
    assert cells == expected(report)
    assert cells["Reports and children", "rereports", "Number"] == "< 5"
    assert not [value for value in cells.values() if isinstance(value, int) and 0 < value < 5]


def test_the_threshold_of_the_report_is_the_one_written() -> None:
    report = privacy.suppressed(sample_report(), below=11)
    cells = csv_cells(exports.as_csv(report))
    assert cells["Who reported", "other", "Reports"] == "< 11"
    assert cells == expected(report)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    table = Table(
        key="units", title="=HYPERLINK(1)", unit="number", rows=(Row("x", "+1 report", (4,)),)
    )
    report = sample_report(tables=(table,))
    line = csv_lines(exports.as_csv(report))[0]
    assert (line["Table title"], line["Row"], line["Value"]) == (
        "'=HYPERLINK(1)",
        "'+1 report",
        "4",
    )
    workbook = load_workbook(io.BytesIO(exports.as_xlsx(report)))
    texts = [
        cell
        for row in workbook.worksheets[0].iter_rows()
        for cell in row
        if cell.value == "+1 report"
    ]
    assert [cell.data_type for cell in texts] == ["s"]
    assert not [
        cell for row in workbook.worksheets[0].iter_rows() for cell in row if cell.data_type == "f"
    ]


# PDF ----------------------------------------------------------------------------------


def test_the_pdf_holds_the_title_the_year_and_the_numbers() -> None:
    text = pdf_text(exports.as_pdf(sample_report()))
    assert "Yearly report 2025 · VK Antwerpen" in text
    assert "Opgroeien registratie v1" in text
    assert "31/01/2026 09:15" in text
    assert "Records flagged by the data-quality checks 7" in text
    assert "Reports (meldingen) 1 234" in text
    assert "Re-reports 3" in text
    assert "12 to 17 years 40 51 91" in text
    assert "VK Antwerpen · Confidential · Yearly report 2025" in text
    assert re.search(r"\b1 / \d+\b", text)


def test_the_external_pdf_hides_small_numbers_and_says_so() -> None:
    text = pdf_text(exports.as_pdf(privacy.suppressed(sample_report(), below=5)))
    assert 'Numbers from 1 to 4 are shown as "< 5"' in text
    assert "Re-reports < 5" in text
    assert "Re-reports 3" not in text
    assert "For outside the centre: small numbers hidden" in text


def test_the_pdf_draws_a_chart_for_each_table_that_has_one_from_the_same_cells() -> None:
    report = privacy.suppressed(sample_report(), below=5)
    html = render_to_string("stats/yearly_pdf.html", {"report": exports.printed(report)})
    charted = [table for table in report.tables if table.chart]
    assert html.count("<svg") == len(charted) == 2
    assert "<title>Who reported</title>" in html
    # The hidden police count reads "< 5" beside its (absent) bar, as in the table.
    assert html.count("&lt; 5</text>") == sum(
        row.values[-1] is None for table in charted for row in table.rows
    )


# The three files agree ------------------------------------------------------------------


def test_xlsx_csv_and_pdf_carry_the_same_figures() -> None:
    report = privacy.suppressed(sample_report(), below=5)
    from_xlsx = xlsx_cells(exports.as_xlsx(report))
    from_csv = csv_cells(exports.as_csv(report))
    assert from_xlsx == from_csv == expected(report)
    text = pdf_text(exports.as_pdf(report))
    for table in exports.printed(report).tables:
        for row in table.rows:
            assert one_line(" ".join([row.label, *(cell.text for cell in row.cells)])) in text


# File names -----------------------------------------------------------------------------


def test_the_file_name_names_year_and_scope_and_marks_the_internal_copy() -> None:
    report = sample_report()
    with translation.override("nl-be"):
        assert exports.file_name(report, "xlsx", internal=False) == (
            "vk-jaarcijfers-2025-vk-antwerpen.xlsx"
        )
        assert exports.file_name(report, "pdf", internal=True) == (
            "vk-jaarcijfers-2025-vk-antwerpen-intern.pdf"
        )
    all_centres = sample_report(scope="Alle centra")
    assert exports.file_name(all_centres, "csv", internal=False).endswith("-2025-alle-centra.csv")

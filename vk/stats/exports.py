"""The yearly report as a file to download: XLSX, CSV and a printable PDF.

The three files carry exactly the numbers of the screen because they are written from
one walk over the report: `printed(report)` turns every cell into its number (or, when
suppressed, None) and the text the screen shows for it ("1 234", "< 5"), and adds the
header block (scope, year, code lists, when it was computed, the data-quality count,
whether small numbers are hidden). The writers below only lay that out:

- **XLSX** (openpyxl): one sheet, as the screen and the PDF: the header block on top,
  then every table under its title and note, the row code in column A, the label in
  B and a column per count. Numbers are numbers; a hidden count is the text "< 5".
  One sheet rather than one per table keeps the header block — above all "small
  numbers hidden" — with every figure however the sheet is copied or printed.
- **CSV**: one line per cell (year, scope, table key, table title, unit, row code, row
  label, column, value), for the funder's own tables and pivots: files of several
  centres or years can be stacked. UTF-8 with a byte order mark and ";" between fields,
  which is what Excel in a Belgian locale opens without an import dialog.
- **PDF** (WeasyPrint through vk/lib/pdf.py): A4, the header block, the suppression
  note, each table with its bar chart (vk/lib/charts.py), a running footer with the
  confidentiality line and page numbers.

Nothing here decides what is hidden: an external copy is `privacy.suppressed(report)`
before it comes here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vk.lib.charts import Bar, horizontal_bars
from vk.lib.pdf import render_pdf
from vk.lib.spreadsheets import spreadsheet_safe
from vk.stats.templatetags.stats import cell_text
from vk.stats.yearly import YearlyReport

XLSX = "xlsx"
CSV = "csv"
PDF = "pdf"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    PDF: "application/pdf",
}
CSV_DELIMITER = ";"
NUMBER_FORMAT = "#,##0"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"


# One walk over the report --------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    column: str  # the column's title, e.g. "Number", "Girl", "Total"
    value: int | None  # None: hidden (suppressed)
    text: str  # as the screen shows it: "1 234", "< 5"

    @property
    def written(self) -> int | str:
        """What a spreadsheet cell holds: the number, or the text of a hidden one."""
        return self.text if self.value is None else self.value


@dataclass(frozen=True)
class PrintedRow:
    code: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class PrintedTable:
    key: str
    title: str
    unit: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[PrintedRow, ...]
    chart: bool
    hidden_text: str

    @property
    def chart_svg(self) -> SafeString | str:
        """The bar chart of the last column (the only one, or the total), as on screen."""
        if not self.chart or not self.rows:
            return ""
        return horizontal_bars(
            [Bar(row.label, row.cells[-1].value, row.cells[-1].text) for row in self.rows],
            title=self.title,
            hidden_text=self.hidden_text,
        )


@dataclass(frozen=True)
class Printed:
    """The report as every file shows it."""

    title: str
    year: int
    scope: str
    computed_at: datetime  # local time, without a time zone (spreadsheets want that)
    suppressed_below: int | None
    header: tuple[tuple[str, str | int | datetime], ...]  # the header block, in order
    notes: tuple[str, ...]  # sentences under the header block
    confidential: str  # the confidentiality line of printed documents
    tables: tuple[PrintedTable, ...]

    @property
    def header_texts(self) -> list[tuple[str, str]]:
        """The header block as text, dates as on the screen (31/01/2026 09:15)."""
        return [
            (label, date_format(value, "d/m/Y H:i") if isinstance(value, datetime) else str(value))
            for label, value in self.header
        ]

    def cells(self) -> Iterator[tuple[PrintedTable, PrintedRow, Cell]]:
        for table in self.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield table, row, cell


def printed(report: YearlyReport) -> Printed:
    """Every number of the report with the text the screen shows for it."""
    below = report.suppressed_below
    computed_at = timezone.localtime(report.computed_at).replace(tzinfo=None)
    title = _("Yearly report %(year)s · %(scope)s") % {"year": report.year, "scope": report.scope}
    if below:
        audience = _("For outside the centre: small numbers hidden")
        notes = [
            _(
                'Numbers from 1 to %(last)s are shown as "< %(below)s", and where needed one '
                "more, so that no family can be recognised from them."
            )
            % {"last": below - 1, "below": below}
        ]
    else:
        audience = _("For use within the centre: every number shown")
        notes = [
            _(
                "Every number is shown, also the small ones: keep this file within the "
                "centre. For outside the centre, download the copy with small numbers hidden."
            )
        ]
    return Printed(
        title=title,
        year=report.year,
        scope=report.scope,
        computed_at=computed_at,
        suppressed_below=below,
        header=(
            (_("Scope"), report.scope),
            (_("Year"), report.year),
            (_("Code lists"), report.codes),
            (_("Computed from the case data on"), computed_at),
            (_("Records flagged by the data-quality checks"), report.incomplete),
            (_("Audience"), audience),
        ),
        notes=(*notes, *report.notes),
        confidential=" · ".join(
            (report.scope, _("Confidential"), _("Yearly report %(year)s") % {"year": report.year})
        ),
        tables=tuple(
            PrintedTable(
                key=table.key,
                title=str(table.title),
                unit=str(table.unit),
                note=str(table.note),
                columns=tuple(str(column) for column in table.column_titles),
                rows=tuple(
                    PrintedRow(
                        code=row.code,
                        label=str(row.label),
                        cells=tuple(
                            Cell(str(column), value, cell_text(value, below))
                            for column, value in zip(table.column_titles, row.values, strict=True)
                        ),
                    )
                    for row in table.rows
                ),
                chart=table.chart,
                hidden_text=cell_text(None, below),
            )
            for table in report.tables
        ),
    )


# XLSX -----------------------------------------------------------------------------------


def as_xlsx(report: YearlyReport) -> bytes:
    """One sheet: the header block, then every table with its title and note."""
    content = printed(report)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  (a new workbook has one sheet)
    sheet.title = _("Yearly report %(year)s") % {"year": content.year}
    workbook.properties.title = content.title
    workbook.properties.creator = "VK"

    _put(sheet, 1, 1, content.title, font=Font(bold=True, size=14))
    _put(sheet, 2, 1, content.confidential, font=Font(italic=True))
    row = 4
    for label, value in content.header:
        _put(sheet, row, 1, label, font=BOLD)
        _put(sheet, row, 2, value, align="left")
        row += 1
    for note in content.notes:
        _put(sheet, row, 1, note)
        row += 1
    widest = 1
    for table in content.tables:
        row += 1
        _put(sheet, row, 1, table.title, font=Font(bold=True, size=12))
        row += 1
        if table.note:
            _put(sheet, row, 1, table.note, font=Font(italic=True))
            row += 1
        for column, title in enumerate((_("Code"), _("What"), *table.columns), start=1):
            align = "right" if column > 2 else "left"
            _put(sheet, row, column, title, font=BOLD, align=align, border=UNDERLINED)
        widest = max(widest, len(table.columns))
        row += 1
        for printed_row in table.rows:
            _put(sheet, row, 1, printed_row.code)
            _put(sheet, row, 2, printed_row.label)
            for column, cell in enumerate(printed_row.cells, start=3):
                _put(sheet, row, column, cell.written, align="right")
            row += 1

    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 58
    for column in range(3, 3 + widest):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    footer = sheet.oddFooter
    if footer is not None:  # printed: the confidentiality line and the page number
        footer.left.text = content.confidential
        footer.right.text = "&P / &N"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BOLD = Font(bold=True)
UNDERLINED = Border(bottom=Side(style="thin"))


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: str | int | datetime,
    *,
    font: Font | None = None,
    align: str = "",
    border: Border | None = None,
) -> None:
    """One cell: a number with a thousands separator, a date as a date, and text as
    text — also text that starts with "=", which is never a formula here."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = DATE_TIME_FORMAT
    else:
        cell.number_format = NUMBER_FORMAT
    if font is not None:
        cell.font = font
    if align:
        cell.alignment = Alignment(horizontal=align)
    if border is not None:
        cell.border = border


# CSV ------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("Year"),
        _("Scope"),
        _("Table"),
        _("Table title"),
        _("Unit"),
        _("Row code"),
        _("Row"),
        _("Column"),
        _("Value"),
    ]


def as_csv(report: YearlyReport) -> bytes:
    """One line per cell; a hidden count is the text "< 5"."""
    content = printed(report)
    out = io.StringIO()
    out.write("\ufeff")  # byte order mark: Excel then reads UTF-8
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    writer.writerow(csv_header())
    for table, row, cell in content.cells():
        texts = (content.scope, table.key, table.title, table.unit, row.code, row.label)
        writer.writerow(
            [
                content.year,
                *(spreadsheet_safe(text) for text in texts),
                spreadsheet_safe(cell.column),
                cell.written,
            ]
        )
    return out.getvalue().encode("utf-8")


# PDF ------------------------------------------------------------------------------------


def as_pdf(report: YearlyReport) -> bytes:
    """A4, printable: the header block, every table with its chart, page numbers."""
    return render_pdf("stats/yearly_pdf.html", {"report": printed(report)})


WRITERS: dict[str, Callable[[YearlyReport], bytes]] = {XLSX: as_xlsx, CSV: as_csv, PDF: as_pdf}


def file_name(report: YearlyReport, file_format: str, *, internal: bool) -> str:
    """`vk-jaarcijfers-2025-vk-antwerpen.xlsx`; the centre's own copy, with every number,
    says so: `vk-jaarcijfers-2025-vk-antwerpen-intern.xlsx`. ASCII only."""
    parts = ["vk", slugify(_("yearly-figures")), str(report.year), slugify(report.scope)]
    if internal:
        parts.append(slugify(_("internal")))
    return "-".join(part for part in parts if part) + "." + file_format

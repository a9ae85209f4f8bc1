"""A yearly report built by hand, with known numbers, small cells among them: the
downloads are tested on it without computing a report from case data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from vk.stats.yearly import Row, Table, YearlyReport


def sample_report(**changes: Any) -> YearlyReport:
    report = YearlyReport(
        year=2025,
        scope="VK Antwerpen",
        centre_ids=(1,),
        codes="Opgroeien registratie v1",
        computed_at=datetime(2026, 1, 31, 8, 15, tzinfo=UTC),
        incomplete=7,
        tables=(
            Table(
                key="units",
                title="Reports and children",
                unit="number",
                rows=(
                    Row("reports", "Reports (meldingen)", (1234,)),
                    Row("child_registrations", "Child registrations", (1587,)),
                    Row("unique_children", "Unique children", (1402,)),
                    Row("rereports", "Re-reports", (3,)),
                ),
                note="A report can concern several children.",
                chart=False,
            ),
            Table(
                key="age_gender",
                title="Children by age group and gender",
                unit="child registrations",
                columns=("Boy", "Girl", "Total"),
                rows=(
                    Row("unborn", "Unborn", (2, 2, 4)),
                    Row("0-2", "0 to 2 years", (1, 4, 5)),
                    Row("3-5", "3 to 5 years", (12, 0, 12)),
                    Row("12-17", "12 to 17 years", (40, 51, 91)),
                ),
            ),
            Table(
                key="reporter",
                title="Who reported",
                unit="reports",
                rows=(
                    Row("school", "School", (210,)),
                    Row("police", "Police", (2,)),
                    Row("doctor", "Doctor", (0,)),
                    Row("other", "Other", (18,)),
                ),
            ),
        ),
    )
    return replace(report, **changes)


def cells_of(report: YearlyReport) -> Iterator[tuple[str, str, str, int | None]]:
    """(table key, row code, column title, value) for every cell of the report."""
    for table in report.tables:
        for row in table.rows:
            for column, value in zip(table.column_titles, row.values, strict=True):
                yield table.key, row.code, column, value

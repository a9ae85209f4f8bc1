"""Small cells: what leaves the centre hides counts that could point at a family.

In an export outside the centre (and in the figures of all centres together) a count
from 1 to VK_STATS_SUPPRESSION_THRESHOLD − 1 (default 5, so 1–4) is shown as "< 5".
Zero is shown: it points at nobody. When a column of a table whose rows split one
whole (reports by type, children by age group …) would then hide exactly one cell, its
smallest other non-zero cell is hidden too, so that the hidden one cannot be worked out
from a total (complementary suppression). Rows that are separate counts (reports,
children, re-reports; opened and closed dossiers …) hide only their own small cells. The centre's own view shows
every number.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from vk.stats.yearly import Table, YearlyReport


def threshold() -> int:
    return int(settings.VK_STATS_SUPPRESSION_THRESHOLD)


def is_small(value: int | None, below: int) -> bool:
    return value is not None and 0 < value < below


def suppress_table(table: Table, below: int) -> Table:
    """The table with its small cells hidden (None), column by column."""
    values = [list(row.values) for row in table.rows]
    for column in range(len(table.rows[0].values) if table.rows else 0):
        cells = [row[column] for row in values]
        hidden = {i for i, value in enumerate(cells) if is_small(value, below)}
        if len(hidden) == 1 and table.parts_of_a_whole:
            others = [
                (value, i)
                for i, value in enumerate(cells)
                if i not in hidden and value is not None and value > 0
            ]
            if others:
                hidden.add(min(others)[1])
        for i in hidden:
            values[i][column] = None
    return replace(
        table,
        rows=tuple(
            replace(row, values=tuple(v)) for row, v in zip(table.rows, values, strict=True)
        ),
    )


def suppressed(report: YearlyReport, below: int | None = None) -> YearlyReport:
    """A copy of the report for outside the centre."""
    below = threshold() if below is None else below
    return report.with_tables(
        (suppress_table(table, below) for table in report.tables), suppressed_below=below
    )

"""`{% table_chart table %}`: a table of the yearly report as a bar chart (SVG);
`{{ value|cell:below }}`: a count as printed, "< 5" when suppressed."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from vk.lib.charts import Bar, horizontal_bars
from vk.stats.yearly import Table

register = template.Library()


def cell_text(value: int | None, below: int | None) -> str:
    if value is None:
        return f"< {below}" if below else "—"
    return f"{value:,}".replace(",", "\u202f")


@register.filter
def cell(value: int | None, below: int | None = None) -> str:
    return cell_text(value, below)


@register.simple_tag
def table_chart(table: Table, below: int | None = None) -> SafeString | str:
    if not table.chart or not table.rows:
        return ""
    column = len(table.rows[0].values) - 1  # the last column: the only one, or the total
    return horizontal_bars(
        [
            Bar(row.label, row.values[column], cell_text(row.values[column], below))
            for row in table.rows
        ],
        title=table.title,
        hidden_text=cell_text(None, below),
    )

"""The dashboard's charts (SVG, vk/lib/charts.py): `{% triage_chart %}`,
`{% caseload_chart %}` and `{% overdue_tasks_chart %}`. The numbers stand in a table
beside each chart; the chart's title says what it shows."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vk.lib.charts import Bar, column_bars, horizontal_bars
from vk.stats.dashboard import Caseload, OwnerTasks, TriageMonth

register = template.Library()


@register.simple_tag
def triage_chart(months: Sequence[TriageMonth], target: int) -> SafeString:
    return column_bars(
        [
            Bar(
                date_format(month.month, "b y"),
                month.percent,
                "—" if month.percent is None else f"{month.percent}\u00a0%",
            )
            for month in months
        ],
        title=_(
            "Reports triaged on time per month, in percent; the dashed line is the target "
            "of %(target)s %%"
        )
        % {"target": target},
        maximum=100,
        target=target,
        width=640,
    )


@register.simple_tag
def caseload_chart(rows: Sequence[Caseload]) -> SafeString:
    return horizontal_bars(
        [Bar(row.worker.get_full_name(), row.dossiers) for row in rows],
        title=_("Open dossiers per case worker"),
    )


@register.simple_tag
def overdue_tasks_chart(rows: Sequence[OwnerTasks]) -> SafeString:
    return horizontal_bars(
        [Bar(row.name, row.overdue) for row in rows], title=_("Overdue tasks per owner")
    )

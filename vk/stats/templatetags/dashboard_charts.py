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


# A chart of more bars than this is no longer read at a glance (nor fits a printed page);
# the table beside it lists everyone, so the chart shows the fullest rows and says so.
CHART_BARS = 30


@register.simple_tag
def caseload_chart(rows: Sequence[Caseload]) -> SafeString:
    title = _("Open dossiers per case worker")
    if len(rows) > CHART_BARS:
        title = _("Open dossiers of the %(count)s case workers with the fullest caseload") % {
            "count": CHART_BARS
        }
    return horizontal_bars(
        [Bar(row.worker.get_full_name(), row.dossiers) for row in rows[:CHART_BARS]],
        title=title,
    )


@register.simple_tag
def overdue_tasks_chart(rows: Sequence[OwnerTasks]) -> SafeString:
    title = _("Overdue tasks per owner")
    if len(rows) > CHART_BARS:
        title = _("Overdue tasks of the %(count)s owners with the most") % {"count": CHART_BARS}
    return horizontal_bars([Bar(row.name, row.overdue) for row in rows[:CHART_BARS]], title=title)

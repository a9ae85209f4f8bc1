"""The yearly complaints overview of a centre, for its annual report.

Every figure is about the complaints *received* in the year (one cohort), counted by the
database (aggregate and GROUP BY), never by counters kept along the way:

- received, by channel, by subject and by complainant; the stage they are in now and how
  many are still open;
- the outcome of those answered;
- acknowledged on time: of the complaints acknowledged, or whose acknowledgement
  deadline has passed without one, those acknowledged by the deadline; the same for
  the answer. A complaint still within its deadline counts in neither share yet;
- the median lead time from receipt to answer in working days (Belgian working days,
  vk/lib/workdays.py: computed in Python, since the calendar is not in the database);
- the improvements the complaints led to.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet, TextChoices
from django.utils import timezone

from vk.centres.models import Centre
from vk.complaints.models import (
    OPEN_STAGES,
    Channel,
    ComplainantRole,
    Complaint,
    Outcome,
    Stage,
    Subject,
)
from vk.lib.workdays import working_days_between


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: the code, its label and how many."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    """`count` of `total` (e.g. answered on time of those due), with the percentage."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.total) if self.total else None


@dataclass(frozen=True)
class Improvement:
    reference: str
    text: str


@dataclass(frozen=True)
class YearOverview:
    year: int
    centre: Centre
    received: int
    by_channel: list[Line]
    by_subject: list[Line]
    by_complainant: list[Line]
    by_stage: list[Line]
    by_outcome: list[Line]
    answered: int
    still_open: int
    acknowledged_on_time: Share
    answered_on_time: Share
    median_working_days: float | None
    improvements: list[Improvement]


def year_overview(*, centre: Centre, year: int, today: date | None = None) -> YearOverview:
    """The figures of the complaints `centre` received in `year`."""
    today = today or timezone.localdate()
    complaints = Complaint.objects.filter(centre=centre, received_on__year=year)
    totals = complaints.aggregate(
        received=Count("pk"),
        still_open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        acknowledgements_due=Count(
            "pk", filter=Q(acknowledged_on__isnull=False) | Q(acknowledge_due__lt=today)
        ),
        acknowledged_in_time=Count("pk", filter=Q(acknowledged_on__lte=F("acknowledge_due"))),
        answers_due=Count("pk", filter=Q(answered_on__isnull=False) | Q(answer_due__lt=today)),
        answered_in_time=Count("pk", filter=Q(answered_on__lte=F("answer_due"))),
    )
    lead_times = [
        working_days_between(received_on, answered_on)
        for received_on, answered_on in complaints.filter(answered_on__isnull=False).values_list(
            "received_on", "answered_on"
        )
        if answered_on is not None
    ]
    return YearOverview(
        year=year,
        centre=centre,
        received=totals["received"],
        by_channel=_breakdown(complaints, "channel", Channel),
        by_subject=_breakdown(complaints, "subject", Subject),
        by_complainant=_breakdown(complaints, "complainant_role", ComplainantRole),
        by_stage=_breakdown(complaints, "stage", Stage),
        by_outcome=_breakdown(complaints.exclude(outcome=""), "outcome", Outcome),
        answered=totals["answered"],
        still_open=totals["still_open"],
        acknowledged_on_time=Share(totals["acknowledged_in_time"], totals["acknowledgements_due"]),
        answered_on_time=Share(totals["answered_in_time"], totals["answers_due"]),
        median_working_days=statistics.median(lead_times) if lead_times else None,
        improvements=[
            Improvement(reference, text)
            for reference, text in complaints.exclude(improvements="")
            .order_by("received_on", "reference")
            .values_list("reference", "improvements")
        ],
    )


def _breakdown(
    complaints: QuerySet[Complaint], field: str, choices: type[TextChoices]
) -> list[Line]:
    """Every choice in its order, with zero where there is none (GROUP BY `field`)."""
    counted = dict(
        complaints.order_by()
        .values_list(field)
        .annotate(count=Count("pk"))
        .values_list(field, "count")
    )
    return [
        Line(code=str(value), label=str(label), count=counted.get(value, 0))
        for value, label in choices.choices
    ]

"""Data quality before anyone reports: the checks on one year's case data.

Each check is a query that finds the records with a gap or an impossible date. The list
shows its count; for a team lead or director (who may open the centre's records) also
links to the first records to fix. The yearly report says how many records are
incomplete, so nobody reads its figures without knowing.

The checks look at the year's records as the yearly report counts them: reports
received in the year (and their children), dossiers closed in the year, MaNo referrals
received in the year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vk.dossiers.models import Dossier
from vk.intake.models import PersonRole, Report, ReportPerson, ReportProblem
from vk.mano.models import Procedure
from vk.stats.yearly import year_bounds

# How many records of a check the list links to; the count covers them all.
SHOWN_PER_CHECK = 50


@dataclass(frozen=True)
class Record:
    reference: str
    url: str


@dataclass(frozen=True)
class CheckResult:
    key: str
    title: str
    explanation: str
    count: int
    records: tuple[Record, ...] = ()  # empty when the viewer may not open them


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    explanation: str
    find: Callable[[Sequence[int], datetime, datetime], QuerySet]  # type: ignore[type-arg]
    record: Callable[[object], Record]


def _link(url_name: str) -> Callable[[object], Record]:
    """A flagged record (report, dossier or procedure) as a link to the screen `url_name`."""

    def record(item: object) -> Record:
        assert isinstance(item, Report | Dossier | Procedure)  # noqa: S101
        return Record(item.reference, reverse(url_name, args=[item.pk]))

    return record


def _reports(ids: Sequence[int], start: datetime, end: datetime) -> QuerySet[Report]:
    return Report.objects.filter(centre_id__in=ids, received_at__gte=start, received_at__lt=end)


def _of_reports(ids: Sequence[int], start: datetime, end: datetime) -> dict[str, object]:
    """The year's reports as a join condition of a related table."""
    return {
        "report__centre_id__in": ids,
        "report__received_at__gte": start,
        "report__received_at__lt": end,
    }


def children_without_age(ids: Sequence[int], start: datetime, end: datetime) -> QuerySet[Report]:
    """Reports with a child (not unborn) without a date of birth or an age estimate."""
    ageless = ReportPerson.objects.filter(
        role=PersonRole.CHILD,
        person__birth_date__isnull=True,
        person__estimated_birth_year__isnull=True,
        person__is_unborn=False,
        **_of_reports(ids, start, end),
    ).values("report_id")
    return _reports(ids, start, end).filter(pk__in=ageless)


def reports_without_classification(
    ids: Sequence[int], start: datetime, end: datetime
) -> QuerySet[Report]:
    classified = ReportProblem.objects.filter(**_of_reports(ids, start, end)).values("report_id")
    return _reports(ids, start, end).exclude(pk__in=classified)


def dossiers_closed_without_outcome(
    ids: Sequence[int], start: datetime, end: datetime
) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        centre_id__in=ids, closed_at__gte=start, closed_at__lt=end, closing_outcome=""
    )


def mano_without_decision_date(
    ids: Sequence[int], start: datetime, end: datetime
) -> QuerySet[Procedure]:
    """Procedures that were decided (their state or outcome says so) without the date."""
    return Procedure.objects.decided().filter(
        centre_id__in=ids,
        received_on__gte=start.date(),
        received_on__lt=end.date(),
        decision_on__isnull=True,
    )


def impossible_report_dates(ids: Sequence[int], start: datetime, end: datetime) -> QuerySet[Report]:
    """Received in the future, triaged before received, or a child born after the report
    came in (an unborn child has no date of birth)."""
    born_later = ReportPerson.objects.filter(
        role=PersonRole.CHILD,
        # Only children born on or after the year's first day can be born after a report
        # of the year: a narrow range of the (centre, birth_date) index.
        person__centre_id__in=ids,
        person__birth_date__gte=start.date(),
        person__birth_date__gt=TruncDate("report__received_at"),
        **_of_reports(ids, start, end),
    ).values("report_id")
    return _reports(ids, start, end).filter(
        Q(received_at__gt=timezone.now())
        | Q(triaged_at__lt=F("received_at"))
        | Q(pk__in=born_later)
    )


def impossible_case_dates(ids: Sequence[int], start: datetime, end: datetime) -> QuerySet[Dossier]:
    """Dossiers of the year closed before they were opened."""
    return Dossier.objects.filter(
        centre_id__in=ids,
        opened_at__lt=end,
        closed_at__isnull=False,
        closed_at__lt=F("opened_at"),
    ).filter(Q(opened_at__gte=start) | Q(closed_at__gte=start))


def impossible_mano_dates(
    ids: Sequence[int], start: datetime, end: datetime
) -> QuerySet[Procedure]:
    """Procedures decided or closed before they were received."""
    return Procedure.objects.filter(
        centre_id__in=ids, received_on__gte=start.date(), received_on__lt=end.date()
    ).filter(Q(decision_on__lt=F("received_on")) | Q(closed_on__lt=F("received_on")))


def checks() -> tuple[Check, ...]:
    """Each check links to the screen that fixes its gap (the report's correction, the
    closed dossier's outcome, the procedure's decision date); an impossible date to the
    record itself, whose page shows what is wrong."""
    return (
        Check(
            "children_without_age",
            _("Children without a date of birth or an age estimate"),
            _("Reports with a child whose age is unknown: the age groups miss them."),
            children_without_age,
            _link("intake:correct-report"),
        ),
        Check(
            "reports_without_classification",
            _("Reports without a problem classification"),
            _("The problems at the report are missing."),
            reports_without_classification,
            _link("intake:correct-report"),
        ),
        Check(
            "dossiers_without_outcome",
            _("Dossiers closed without an outcome"),
            _("The outcome at closure is missing."),
            dossiers_closed_without_outcome,
            _link("dossiers:correct-closing-outcome"),
        ),
        Check(
            "mano_without_decision_date",
            _("MaNo procedures decided without a decision date"),
            _("The on-time share cannot count them."),
            mano_without_decision_date,
            _link("mano:record-decision-date"),
        ),
        Check(
            "impossible_report_dates",
            _("Reports with an impossible date"),
            _("Received in the future, triaged before received, or a child born after the report."),
            impossible_report_dates,
            _link("intake:view-report"),
        ),
        Check(
            "impossible_dossier_dates",
            _("Dossiers closed before they were opened"),
            _("The closing date lies before the opening date."),
            impossible_case_dates,
            _link("dossiers:view-dossier"),
        ),
        Check(
            "impossible_mano_dates",
            _("MaNo procedures decided or closed before they were received"),
            _("The decision or closing date lies before the date of receipt."),
            impossible_mano_dates,
            _link("mano:view-procedure"),
        ),
    )


def run_checks(
    *, year: int, centre_ids: Sequence[int], with_records: bool, back: str = ""
) -> list[CheckResult]:
    """Every check for the year: its count, and with `with_records` the first records,
    whose links return to `back` after saving."""
    start, end = year_bounds(year)
    results = []
    for check in checks():
        found = check.find(centre_ids, start, end)
        records = (
            tuple(
                _returning(check.record(item), back)
                for item in found.order_by("pk")[:SHOWN_PER_CHECK]
            )
            if with_records
            else ()
        )
        results.append(
            CheckResult(check.key, check.title, check.explanation, found.count(), records)
        )
    return results


def _returning(record: Record, back: str) -> Record:
    if not back:
        return record
    return Record(record.reference, f"{record.url}?{urlencode({'next': back})}")


def incomplete_count(results: Sequence[CheckResult]) -> int:
    """Flagged records over all checks (a record flagged twice counts twice)."""
    return sum(result.count for result in results)

"""The dashboard of a centre's team lead and director: the figures they steer by.

Each figure is one query (two for the caseload and MaNo), bounded by what is open or by
a fixed window and answered from an index, so the page costs the same after ten years
as after one (tested in tests/test_dashboard.py, measured in `make bench`). Figures
only: the one list that names records holds dossier references, for the team lead and
director who may open every dossier of their centre (oversight); staff names appear
where the team lead spreads the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from vk.access import rules
from vk.centres.models import Role, User
from vk.complaints.models import overdue_condition
from vk.dossiers.models import OPEN_STATES, Assignment, Conversation, State
from vk.intake.models import ON_TIME
from vk.lib.workdays import add_working_days
from vk.mano import services as mano_services
from vk.mano.models import OPEN_STATES as MANO_OPEN_STATES
from vk.mano.models import Admissibility
from vk.work.models import Task

# The share of reports triaged on time that the chart marks with a dashed line. A goal
# for the team to steer by, not a legal norm; no centre setting holds one (yet).
TRIAGE_ON_TIME_TARGET = 90
TRIAGE_MONTHS = 12
# "Due soon" in the intake queue: a deadline within this many working days.
DUE_SOON_WORKING_DAYS = 2
# Dossiers without a conversation: the default and the bounds of the weeks chosen.
QUIET_WEEKS_DEFAULT = 6
QUIET_WEEKS_MIN, QUIET_WEEKS_MAX = 2, 26
QUIET_SHOWN = 25


def whole_percent(part: int, whole: int) -> int | None:
    """The share in whole percent, rounded down: 90 % shown means 90 % reached."""
    return 100 * part // whole if whole else None


@dataclass(frozen=True)
class IntakeQueue:
    waiting: int
    overdue: int
    due_today: int
    due_soon: int  # after today, within DUE_SOON_WORKING_DAYS working days
    due_soon_until: date


@dataclass(frozen=True)
class TriageMonth:
    month: date  # the first day of the month
    decided: int
    on_time: int

    @property
    def percent(self) -> int | None:
        return whole_percent(self.on_time, self.decided)


@dataclass(frozen=True)
class Mano:
    year: int
    decided: int
    on_time: int
    overdue: int  # open procedures past their decision deadline

    @property
    def percent(self) -> int | None:
        return whole_percent(self.on_time, self.decided)


@dataclass(frozen=True)
class Caseload:
    worker: User
    dossiers: int  # open dossiers on whose team the worker is
    of_record: int  # of which the worker is the case worker of record


@dataclass(frozen=True)
class QuietDossier:
    pk: int
    reference: str
    state: str
    opened_at: datetime
    last_conversation_at: datetime | None
    case_worker: str  # of record; "" when the team has none

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def since(self) -> datetime:
        return self.last_conversation_at or self.opened_at


@dataclass(frozen=True)
class QuietDossiers:
    weeks: int
    before: date  # no conversation (nor opening) on or after this day
    total: int
    shown: list[QuietDossier]


@dataclass(frozen=True)
class OwnerTasks:
    name: str
    active: bool
    overdue: int


@dataclass(frozen=True)
class Complaints:
    open: int
    overdue: int  # past their acknowledgement or answer deadline


@dataclass(frozen=True)
class Dashboard:
    today: date
    intake: IntakeQueue
    triage: list[TriageMonth]
    mano: Mano
    caseload: list[Caseload]
    quiet: QuietDossiers
    overdue_tasks: list[OwnerTasks]
    emergency_reviews: int
    complaints: Complaints | None  # only for those who handle complaints

    @property
    def overdue_task_count(self) -> int:
        return sum(row.overdue for row in self.overdue_tasks)


def dashboard_for(user: User, *, today: date, weeks: int = QUIET_WEEKS_DEFAULT) -> Dashboard:
    """Every figure of the user's centre; the caller has checked `can_view_dashboard`."""
    return Dashboard(
        today=today,
        intake=intake_queue(user, today),
        triage=triage_per_month(user, today),
        mano=mano_figures(user, today),
        caseload=caseload(user),
        quiet=quiet_dossiers(user, today, weeks),
        overdue_tasks=overdue_tasks(user, today),
        emergency_reviews=rules.emergency_accesses_to_review(user).awaiting_review().count(),
        complaints=complaints(user, today) if rules.can_handle_complaints(user) else None,
    )


# 1. The intake queue -----------------------------------------------------------------


def intake_queue(user: User, today: date) -> IntakeQueue:
    """The reports waiting for triage by time left: one pass over the queue's partial
    index (centre, triage_due), which carries everything counted."""
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    counts = (
        rules.reports_visible_to(user)
        .in_queue()
        .aggregate(
            waiting=Count("triage_due"),
            overdue=Count("triage_due", filter=Q(triage_due__lt=today)),
            due_today=Count("triage_due", filter=Q(triage_due=today)),
            due_soon=Count("triage_due", filter=Q(triage_due__gt=today, triage_due__lte=soon)),
        )
    )
    return IntakeQueue(**counts, due_soon_until=soon)


# 2. Triage decided on time, per month ------------------------------------------------


def triage_months(today: date) -> list[date]:
    """The first days of this month and the TRIAGE_MONTHS - 1 before it."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - TRIAGE_MONTHS + 1, index + 1)]


def triage_per_month(user: User, today: date) -> list[TriageMonth]:
    """Reports triaged in each month (local time) and how many of them on or before
    their deadline: one aggregate grouped by month, from the (centre, triaged_at)
    index that carries the due date (index-only on PostgreSQL). The month of a row is
    found by comparing its timestamp with the months' bounds, computed here: cheaper
    than converting every timestamp to local time to truncate it."""
    months = triage_months(today)
    starts = [timezone.make_aware(datetime.combine(month, time.min)) for month in months]
    month_of = Case(
        *[When(triaged_at__lt=start, then=Value(i - 1)) for i, start in enumerate(starts[1:], 1)],
        default=Value(len(months) - 1),
    )
    rows = (
        rules.reports_visible_to(user)
        .decided_between(months[0], today)
        .annotate(month=month_of)
        .order_by()
        .values("month")
        .annotate(decided=Count("triage_due"), on_time=Count("triage_due", filter=ON_TIME))
    )
    found = {row["month"]: (row["decided"], row["on_time"]) for row in rows}
    return [TriageMonth(month, *found.get(i, (0, 0))) for i, month in enumerate(months)]


# 3. MaNo decisions on time ----------------------------------------------------------


def last_working_day(today: date) -> date:
    """Today when it is a working day, otherwise the working day before it."""
    return today if add_working_days(today, 0) == today else add_working_days(today, -1)


def mano_figures(user: User, today: date) -> Mano:
    """This year's decisions on time (`mano.services.on_time_share`) and the open
    procedures past their decision deadline: the query form of
    `mano.services.is_overdue` (a working day has passed since the deadline)."""
    procedures = rules.procedures_visible_to(user)
    decided = mano_services.on_time_share(
        procedures.filter(decision_on__gte=today.replace(month=1, day=1))
    )
    overdue = (
        procedures.filter(
            state__in=MANO_OPEN_STATES,
            decision_on__isnull=True,
            deadline__lt=last_working_day(today),
        )
        .exclude(admissibility=Admissibility.NOT_ADMISSIBLE)
        .count()
    )
    return Mano(today.year, decided.decided, decided.on_time, overdue)


# 4. Caseload ------------------------------------------------------------------------


def caseload(user: User) -> list[Caseload]:
    """Per active case worker of the centre, the open dossiers on whose team they are:
    one query grouped by worker from the centre's open dossiers (the partial index
    `dossier_centre_open`), and one for the case workers, so that a worker without
    open dossiers shows too. The fullest caseload first."""
    if user.centre_id is None:  # no centre, no rows (as `in_centre(None)`)
        return []
    counts = {
        row["user_id"]: (row["dossiers"], row["of_record"])
        for row in Assignment.objects.filter(
            dossier__centre_id=user.centre_id, dossier__state__in=OPEN_STATES
        )
        .order_by()
        .values("user_id")
        .annotate(dossiers=Count("pk"), of_record=Count("pk", filter=Q(of_record=True)))
    }
    workers = (
        User.objects.in_centre(user.centre)
        .filter(is_active=True, role_grants__role=Role.CASE_WORKER)
        .only("pk", "first_name", "last_name")
    )
    rows = [Caseload(worker, *counts.get(worker.pk, (0, 0))) for worker in workers]
    rows.sort(key=lambda row: (-row.dossiers, -row.of_record, row.worker.last_name, row.worker.pk))
    return rows


# 5. Dossiers without a conversation -------------------------------------------------


def quiet_dossiers(user: User, today: date, weeks: int) -> QuietDossiers:
    """Open dossiers whose last conversation — or, without one, their opening — lies
    before the day `weeks` weeks ago: the oldest QUIET_SHOWN with the total, in one
    query. Each open dossier costs one probe of the (dossier, held_at) index."""
    before = today - timedelta(weeks=weeks)
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    last_conversation = Subquery(
        Conversation.objects.filter(dossier=OuterRef("pk"))
        .order_by("-held_at")
        .values("held_at")[:1]
    )
    case_worker = Subquery(
        Assignment.objects.filter(dossier=OuterRef("pk"), of_record=True)
        .order_by("pk")
        .annotate(name=Concat("user__first_name", Value(" "), "user__last_name"))
        .values("name")[:1],
        output_field=CharField(),
    )
    rows = list(
        rules.dossiers_visible_to(user)  # type: ignore[attr-defined]
        .filter(state__in=OPEN_STATES)
        .alias(since=Coalesce(last_conversation, F("opened_at")))
        .filter(since__lt=cutoff)
        .annotate(
            last_conversation_at=last_conversation,
            case_worker=case_worker,
            total=Window(Count("pk")),
        )
        .order_by("since", "pk")
        .values(
            "pk", "reference", "state", "opened_at", "last_conversation_at", "case_worker", "total"
        )[:QUIET_SHOWN]
    )
    return QuietDossiers(
        weeks=weeks,
        before=before,
        total=rows[0]["total"] if rows else 0,
        shown=[
            QuietDossier(
                pk=row["pk"],
                reference=row["reference"],
                state=row["state"],
                opened_at=row["opened_at"],
                last_conversation_at=row["last_conversation_at"],
                case_worker=row["case_worker"] or "",
            )
            for row in rows
        ],
    )


# 6. Overdue tasks -------------------------------------------------------------------


def overdue_tasks(user: User, today: date) -> list[OwnerTasks]:
    """The centre's open tasks due before today, per owner (also one who left: their
    tasks wait for someone else), the most first. The partial index
    `task_centre_open_due` holds the centre's open tasks only."""
    rows = (
        Task.objects.in_centre(user.centre)
        .filter(done_at__isnull=True, due_on__lt=today)
        .order_by()
        .values("owner_id", "owner__first_name", "owner__last_name", "owner__is_active")
        .annotate(overdue=Count("due_on"))  # in the index: an index-only scan
        .order_by("-overdue", "owner__last_name", "owner_id")
    )
    return [
        OwnerTasks(
            name=f"{row['owner__first_name']} {row['owner__last_name']}".strip(),
            active=row["owner__is_active"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


# 8. Complaints ----------------------------------------------------------------------


def complaints(user: User, today: date) -> Complaints:
    """Open complaints and those past their acknowledgement or answer deadline."""
    counts = (
        rules.complaints_visible_to(user)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)))
    )
    return Complaints(**counts)

"""The yearly figures for the funder, computed from the case data of one year.

Every figure is a query on the case data (never a counter kept by hand), grouped by the
funder's code lists of that year (vk/stats/code_lists.py). docs/statistics.md defines
each figure in one sentence. The counting units stay apart:

- a *report* (melding) is one `intake.Report`, counted in the centre that holds it now
  (a report handed to the competent centre counts there, and as a transfer here);
- a *child registration* (kindregistratie) is one child on one report;
- a *unique child* is one child however often reported; a child copied to another
  centre on a transfer is the same child (`Person.copied_from`).

The year is a calendar year in Belgian time. A report, procedure or complaint belongs
to the year it was received in; a closing, a transfer or an activity to the year it
took place in. Nothing here names a person: the tables hold numbers only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncDate
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vk.activities.models import AwarenessAction, Coaching, Training
from vk.centres.models import Centre
from vk.complaints.models import Complaint
from vk.dossiers.models import Dossier, DossierHistory, DossierMember, Relationship, State
from vk.intake.models import (
    PersonRole,
    Report,
    ReporterKind,
    ReportPerson,
    ReportProblem,
    Status,
    Track,
    Transfer,
    TransferKind,
    TriageDecision,
)
from vk.mano.models import Admissibility, Move, Procedure
from vk.stats.code_lists import Codes, codes_for_year

UNIT_REPORTS = gettext_lazy("reports")
UNIT_CHILDREN = gettext_lazy("child registrations")
UNIT_UNIQUE = gettext_lazy("unique children")
UNIT_DOSSIERS = gettext_lazy("dossiers")
UNIT_PROCEDURES = gettext_lazy("MaNo procedures")
UNIT_ACTIVITIES = gettext_lazy("activities")
UNIT_COMPLAINTS = gettext_lazy("complaints")


# What a report is made of ------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    values: tuple[int | None, ...]  # one per column; None: suppressed

    @property
    def value(self) -> int | None:
        return self.values[0]


@dataclass(frozen=True)
class Table:
    """One figure of the report: rows of counts in one counting unit."""

    key: str
    title: str
    unit: str
    rows: tuple[Row, ...]
    columns: tuple[str, ...] = ()  # headers when there is more than one column
    note: str = ""
    chart: bool = True
    # The rows split one whole (reports by type, children by age …): hiding one small
    # cell alone would let it be worked out from the others (vk/stats/privacy.py).
    parts_of_a_whole: bool = True

    def value(self, code: str, column: int = 0) -> int | None:
        return next(row.values[column] for row in self.rows if row.code == code)

    @property
    def column_titles(self) -> tuple[str, ...]:
        return self.columns or (str(self.unit).capitalize(),)


@dataclass(frozen=True)
class YearlyReport:
    year: int
    scope: str  # the centre's name, or "all centres"
    centre_ids: tuple[int, ...]
    codes: str  # the code lists' title and version
    computed_at: datetime
    tables: tuple[Table, ...]
    incomplete: int = 0  # records the data-quality checks flag for this year
    suppressed_below: int | None = None  # set on an external copy (vk/stats/privacy.py)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def with_tables(self, tables: Iterable[Table], **changes: Any) -> YearlyReport:
        return replace(self, tables=tuple(tables), **changes)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of `year` and of the next, in Belgian time."""
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min)),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min)),
    )


# The report --------------------------------------------------------------------------


def yearly_report(*, year: int, centres: Sequence[Centre], scope: str) -> YearlyReport:
    """Every figure of `year` for these centres together (one centre, or all)."""
    codes = codes_for_year(year)
    ids = tuple(sorted(centre.pk for centre in centres))
    start, end = year_bounds(year)
    reports = Report.objects.filter(centre_id__in=ids, received_at__gte=start, received_at__lt=end)
    # The year's reports as a join condition (not `report__in`): one index range scan.
    of_reports = {
        "report__centre_id__in": ids,
        "report__received_at__gte": start,
        "report__received_at__lt": end,
    }
    children = ReportPerson.objects.filter(role=PersonRole.CHILD, **of_reports)
    tables = [
        *_children_tables(codes, reports, children),
        _by_dimension(
            "report_type",
            _("Reports by type"),
            UNIT_REPORTS,
            codes,
            _count_by(
                reports.annotate(
                    # Referred to SOS Enfants without triage: referred elsewhere.
                    type=Case(
                        When(track="", status=Status.REFERRED, then=Value(Track.REFERRAL)),
                        default=F("track"),
                    )
                ),
                "type",
            ),
            note=_(
                "Type as decided at triage (a report referred to SOS Enfants: referred "
                "elsewhere); a report still in the queue has no type yet."
            ),
        ),
        _by_dimension(
            "problem",
            _("Problems at the report"),
            UNIT_REPORTS,
            codes,
            _count_by(
                ReportProblem.objects.filter(**of_reports),
                "category",
                Count("report", distinct=True),
            ),
            note=_(
                "The classification when the report came in, not a diagnosis. A report can "
                "have several problems, so the rows add up to more than the reports."
            ),
        ),
        _by_dimension(
            "reporter",
            _("Who reported"),
            UNIT_REPORTS,
            codes,
            _reporters(reports),
        ),
        _by_dimension(
            "triage_track",
            _("Track decided at triage"),
            UNIT_REPORTS,
            codes,
            _count_by(TriageDecision.objects.filter(**of_reports), "track"),
            note=_("Reports of the year whose track has been decided."),
        ),
        _dossiers(ids, start, end),
        _by_dimension(
            "closing_outcome",
            _("Outcomes at closure"),
            UNIT_DOSSIERS,
            codes,
            _count_by(closings(ids, start, end), "closing_outcome"),
            note=_(
                "Closings in the year, by the outcome recorded at closing (a dossier closed, "
                "reopened and closed again counts each time)."
            ),
        ),
        *_mano(codes, ids, year, start, end),
        _transfers(ids, start, end),
        _activities(ids, year),
        _by_dimension(
            "complaint_outcome",
            _("Complaints by outcome"),
            UNIT_COMPLAINTS,
            codes,
            _count_by(
                Complaint.objects.filter(centre_id__in=ids, received_on__year=year), "outcome"
            ),
            note=_("Complaints received in the year, by the outcome they have now."),
        ),
    ]
    return YearlyReport(
        year=year,
        scope=scope,
        centre_ids=ids,
        codes=codes.title,
        computed_at=timezone.now(),
        tables=tuple(tables),
    )


def _count_by(rows: QuerySet[Any], field: str, count: Count | None = None) -> Counter[str]:
    """How many rows there are of each value of `field` (one GROUP BY query)."""
    return Counter(dict(rows.values_list(field).annotate(n=count or Count("pk")).order_by()))


def _reporters(reports: QuerySet[Report]) -> Counter[str]:
    """Professional reporters by their sector; everyone else as a non-professional."""
    counts: Counter[str] = Counter()
    for kind, sector, n in (
        reports.values_list("reporter_kind", "reporter_sector").annotate(n=Count("pk")).order_by()
    ):
        counts[
            ReporterKind.NON_PROFESSIONAL.value if kind != ReporterKind.PROFESSIONAL else sector
        ] += n
    return counts


def _by_dimension(
    dimension: str,
    title: str,
    unit: Any,
    codes: Codes,
    counts: Counter[str],
    *,
    note: str = "",
) -> Table:
    """Case-data values counted under the code list's categories of `dimension`."""
    category_of = codes.category_of(dimension)
    totals: Counter[str] = Counter()
    for value, n in counts.items():
        totals[category_of[value or ""].code] += n
    return Table(
        key=dimension,
        title=title,
        unit=str(unit),
        rows=tuple(
            Row(category.code, category.text, (totals[category.code],))
            for category in codes.categories(dimension)
        ),
        note=note,
    )


def _children_tables(
    codes: Codes, reports: QuerySet[Report], children: QuerySet[ReportPerson]
) -> tuple[Table, Table]:
    """The counting units and the children by age group and gender, from one pass over
    the year's child registrations (a quarter of a million at national volume): each
    row brings its report, its child's identity, whether the child was known before,
    its age on the day of the report (computed in the database), unborn and gender."""
    gender_of = codes.category_of("gender")
    registrations = 0
    identities: set[int] = set()
    rereported: set[int] = set()
    by_age: Counter[tuple[str, str]] = Counter()
    rows = (
        children.annotate(
            identity=Coalesce(F("person__copied_from_id"), F("person_id")), age=_age_expression()
        )
        .values_list(
            "report_id",
            "identity",
            "matched_existing",
            "age",
            "person__is_unborn",
            "person__gender",
        )
        .order_by()
    )
    for report_id, identity, known_before, age, unborn, gender in rows.iterator(chunk_size=20_000):
        registrations += 1
        identities.add(identity)
        if known_before:
            rereported.add(report_id)
        # Negative: born after the report (an impossible date): the age is not known.
        band = codes.age_band(None if age is None or age < 0 else int(age), unborn=unborn)
        by_age[band.code, gender_of[gender or ""].code] += 1
    units = Table(
        key="units",
        title=_("Reports and children"),
        unit=_("number"),
        rows=(
            Row("reports", _("Reports (meldingen)"), (reports.count(),)),
            Row("child_registrations", _("Child registrations"), (registrations,)),
            Row("unique_children", _("Unique children"), (len(identities),)),
            Row(
                "rereports",
                _("Reports about a child known before (re-reports)"),
                # The worker picked a child the centre already knew (search before
                # create): the child was on an earlier report, here or where it came from.
                (len(rereported),),
            ),
        ),
        note=_(
            "A report can concern several children, and a child can be reported more than "
            "once. Unborn children and young adults in extended minority are children here."
        ),
        chart=False,
        parts_of_a_whole=False,
    )
    genders = codes.categories("gender")
    ages = Table(
        key="age_gender",
        title=_("Children by age group and gender"),
        unit=str(UNIT_CHILDREN),
        columns=(*(category.text for category in genders), _("Total")),
        rows=tuple(
            Row(
                band.code,
                band.text,
                (
                    *(by_age[band.code, category.code] for category in genders),
                    sum(by_age[band.code, category.code] for category in genders),
                ),
            )
            for band in codes.age_bands
        ),
        note=_(
            "Age on the day the report came in: from the date of birth, else from the "
            "estimated year of birth; unborn children apart."
        ),
    )
    return units, ages


def _age_expression() -> Coalesce:
    """Whole years on the local day of receipt: from the date of birth (less one before
    this year's birthday), else the year of receipt less the estimated year of birth;
    NULL when neither is known: the rule of `Person.age_on`, in SQL."""
    birth = F("person__birth_date")
    received_year = ExtractYear(TruncDate("report__received_at"))
    received_month = ExtractMonth(TruncDate("report__received_at"))
    received_day = ExtractDay(TruncDate("report__received_at"))
    birthday_to_come = Case(
        When(
            condition=GreaterThan(ExtractMonth(birth), received_month)
            | (
                Exact(ExtractMonth(birth), received_month)
                & GreaterThan(ExtractDay(birth), received_day)
            ),
            then=Value(1),
        ),
        default=Value(0),
    )
    exact = received_year - ExtractYear(birth) - birthday_to_come
    estimated = received_year - F("person__estimated_birth_year")
    return Coalesce(exact, estimated, output_field=IntegerField())


def closings(ids: Sequence[int], start: datetime, end: datetime) -> QuerySet[DossierHistory]:
    """Every closing of a dossier in the period, from the dossiers' history: a closing
    stays counted in its year when the dossier is reopened later."""
    return DossierHistory.objects.filter(
        dossier__centre_id__in=ids, to_state=State.CLOSED, at__gte=start, at__lt=end
    )


def open_at(dossiers: QuerySet[Dossier], moment: datetime) -> int:
    """The dossiers open at `moment`: opened before it and not closed then.

    A dossier never reopened was closed then when its closing date lies before the
    moment. A reopened dossier's closing date describes its latest closing only, so its
    state then is the one its last history row before the moment moved it to; the few
    reopened dossiers are found through the partial index `history_reopenings`.
    """
    reopened = DossierHistory.objects.filter(from_state=State.CLOSED).values("dossier_id")
    before = dossiers.filter(opened_at__lt=moment)
    never_reopened = (
        before.exclude(pk__in=reopened)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=moment))
        .count()
    )
    state_then = Subquery(
        DossierHistory.objects.filter(dossier=OuterRef("pk"), at__lt=moment)
        .order_by("-at", "-pk")
        .values("to_state")[:1]
    )
    reopened_open = (
        before.filter(pk__in=reopened)
        .annotate(state_then=state_then)
        .exclude(state_then=State.CLOSED)
        .count()
    )
    return never_reopened + reopened_open


def _dossiers(ids: Sequence[int], start: datetime, end: datetime) -> Table:
    dossiers = Dossier.objects.filter(centre_id__in=ids)
    return Table(
        key="dossiers",
        title=_("Help trajectories (dossiers)"),
        unit=str(UNIT_DOSSIERS),
        rows=(
            Row(
                "opened",
                _("Opened in the year"),
                (dossiers.filter(opened_at__gte=start, opened_at__lt=end).count(),),
            ),
            Row("closed", _("Closed in the year"), (closings(ids, start, end).count(),)),
            Row("open_at_end", _("Open at the end of the year"), (open_at(dossiers, end),)),
        ),
        chart=False,
        parts_of_a_whole=False,
    )


def _mano(
    codes: Codes, ids: Sequence[int], year: int, start: datetime, end: datetime
) -> list[Table]:
    """MaNo referrals received in the year, admitted and not admitted counted apart; the
    outcomes of the procedures closed in the year; referrals to the Jeugdparket."""
    procedures = Procedure.objects.filter(centre_id__in=ids)
    received = procedures.filter(received_on__year=year)
    admitted = received.filter(admissibility=Admissibility.ADMISSIBLE)
    children = (
        DossierMember.objects.filter(
            dossier__mano_procedures__in=admitted, relationship=Relationship.CHILD
        )
        .annotate(identity=Coalesce(F("person__copied_from_id"), F("person_id")))
        .values("identity")
        .distinct()
        .count()
    )
    counts = Table(
        key="mano",
        title=_("MaNo procedures"),
        unit=str(UNIT_PROCEDURES),
        rows=(
            Row("received", _("Referrals received"), (received.count(),)),
            Row("admitted", _("Admitted (started procedures)"), (admitted.count(),)),
            Row(
                "not_admitted",
                _("Not admitted"),
                (received.filter(admissibility=Admissibility.NOT_ADMISSIBLE).count(),),
            ),
            Row(
                "pending",
                _("Admissibility not decided yet"),
                (received.filter(admissibility="").count(),),
            ),
            Row("children", _("Unique children in admitted procedures"), (children,)),
            Row(
                "parket",
                _("Referred to the Jeugdparket in the year"),
                (procedures.filter(parket_referred_on__year=year).count(),),
            ),
        ),
        note=_("Not admitted referrals are counted apart and are not started procedures."),
        chart=False,
        parts_of_a_whole=False,
    )
    outcomes = _by_dimension(
        "mano_outcome",
        _("MaNo procedures closed in the year, by outcome"),
        UNIT_PROCEDURES,
        codes,
        _count_by(procedures.filter(closed_on__year=year), "outcome"),
    )
    return [counts, outcomes]


def _transfers(ids: Sequence[int], start: datetime, end: datetime) -> Table:
    transfers = Transfer.objects.filter(decided_at__gte=start, decided_at__lt=end)
    between = transfers.filter(kind=TransferKind.OTHER_CENTRE)
    moves = Move.objects.filter(moved_on__gte=start.date(), moved_on__lt=end.date())
    return Table(
        key="transfers",
        title=_("Transfers and referrals"),
        unit=str(UNIT_REPORTS),
        rows=(
            Row(
                "to_other_centre",
                _("Reports handed to another centre"),
                (between.filter(from_centre_id__in=ids).count(),),
            ),
            Row(
                "from_other_centre",
                _("Reports received from another centre"),
                (between.filter(to_centre_id__in=ids).count(),),
            ),
            Row(
                "sos_enfants",
                _("Reports referred to SOS Enfants"),
                (transfers.filter(kind=TransferKind.SOS_ENFANTS, from_centre_id__in=ids).count(),),
            ),
            Row(
                "mano_moved",
                _("MaNo procedures moved to another centre or an OCJ"),
                (moves.filter(from_centre_id__in=ids).count(),),
            ),
        ),
        note=_(
            "For all centres together a transfer between two of them appears both as "
            "handed over and as received."
        ),
        chart=False,
        parts_of_a_whole=False,
    )


def _activities(ids: Sequence[int], year: int) -> Table:
    today = timezone.localdate()

    def held(model: type[Coaching] | type[Training] | type[AwarenessAction]) -> int:
        return model.objects.filter(centre_id__in=ids, date__year=year, date__lte=today).count()

    return Table(
        key="activities",
        title=_("Work for professionals"),
        unit=str(UNIT_ACTIVITIES),
        rows=(
            Row("coaching", _("Coaching and advice to professionals"), (held(Coaching),)),
            Row("training", _("Training sessions"), (held(Training),)),
            Row("awareness", _("Awareness actions"), (held(AwarenessAction),)),
        ),
        note=_("What took place in the year; planned sessions are not counted."),
        parts_of_a_whole=False,
    )

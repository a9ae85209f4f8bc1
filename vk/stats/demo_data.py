"""Fictional history of last year for the demo, so the yearly report, the data-quality
list and the dashboard have a year to show.

The intake, dossier and MaNo demos fill the last weeks; this adds a year of closed
casework before them: reports spread over last year with their children (born,
unborn, in extended minority, with an age estimate), problems and reporters, the track
decided within a few working days, help trajectories of which most closed with a coded
outcome, MaNo referrals admitted and not, and referrals to SOS Enfants in Brussels. A
few records are incomplete on purpose — a child without any age, a report without a
problem classification, a dossier closed without a coded outcome — so the data-quality
list has something to show (they are in `QUALITY_EXAMPLES`).

Everything is created directly with its historical dates (the services stamp "now");
all names are invented. Idempotent: a centre that already has reports of that year
from this seeder is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vk.centres.models import Centre, Province, User
from vk.dossiers.models import (
    Assignment,
    ClosingOutcome,
    Dossier,
    DossierHistory,
    DossierMember,
    Relationship,
)
from vk.intake.models import (
    Channel,
    PersonRole,
    ProblemCategory,
    Report,
    ReporterKind,
    ReportHistory,
    ReportPerson,
    ReportProblem,
    Status,
    Track,
    Transfer,
    TransferKind,
    TriageDecision,
)
from vk.intake.services import REFERENCE_PREFIX
from vk.lib.workdays import add_working_days
from vk.mano.models import Admissibility, Decision, Outcome, Procedure, State
from vk.people.models import Gender, Person

# Reports last year per centre, roughly in proportion to the centres' size.
REPORTS = {
    Province.ANTWERPEN: 60,
    Province.OOST_VLAANDEREN: 48,
    Province.WEST_VLAANDEREN: 36,
    Province.VLAAMS_BRABANT: 36,
    Province.BRUSSEL: 30,
    Province.LIMBURG: 28,
}
# The number that marks this seeder's reports: ANT-2025-09001 and up.
FIRST_NUMBER = 9001
QUALITY_EXAMPLES = (
    "child without any age",
    "report without classification",
    "closed without outcome",
)

GIRLS = ("Amber", "Lotte", "Nora", "Yara", "Lina", "Fien", "Jade", "Elif", "Mila", "Hanne")
BOYS = ("Mats", "Wout", "Rayan", "Lars", "Milan", "Senne", "Adam", "Jonas", "Bram", "Emre")
SURNAMES = (
    "Demovoorbeeld",
    "Van Oefenbeek",
    "De Proefhove",
    "Testerman",
    "Voorbeeldens",
    "Van den Fictie",
    "Verzinckx",
    "De Demodonck",
    "Oefenaerts",
    "Proefmans",
)
TRACKS = [  # (track, weight)
    (Track.ADVICE, 55),
    (Track.CONSULTATION, 8),
    (Track.HELP, 22),
    (Track.CRISIS, 2),
    (Track.MANO, 8),
    (Track.REFERRAL, 5),
]
SECTORS = [
    ("school", 14),
    ("clb", 18),
    ("welfare", 20),
    ("health_care", 16),
    ("justice", 6),
    ("police", 8),
    ("other", 4),
]
OUTCOMES = [
    (ClosingOutcome.HELP_INSTALLED, 40),
    (ClosingOutcome.SAFE_WITHOUT_HELP, 18),
    (ClosingOutcome.CONCERNS_NOT_CONFIRMED, 12),
    (ClosingOutcome.FAMILY_REFUSED_HELP, 8),
    (ClosingOutcome.REFERRED_TO_OCJ, 6),
    (ClosingOutcome.FAMILY_MOVED, 6),
    (ClosingOutcome.OTHER, 4),
]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _at(day: date, rng: random.Random) -> datetime:
    minutes = rng.randrange(8 * 60 + 30, 17 * 60)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def seed_history_demo(
    centre: Centre, *, intake_worker: User, team_lead: User, case_workers: list[User], year: int
) -> int:
    """Create last year's fictional casework of `centre`; return how many reports."""
    code = REFERENCE_PREFIX.get(Province(centre.province), "VK")
    first = f"{code}-{year}-{FIRST_NUMBER:05d}"
    if Report.objects.filter(reference=first).exists():
        return 0
    rng = random.Random(f"vk-demo-history:{centre.province}:{year}")  # noqa: S311
    count = REPORTS.get(Province(centre.province), 30)
    days = sorted(date(year, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(count))
    with transaction.atomic():
        for number, day in enumerate(days):
            _report(
                centre,
                rng,
                reference=f"{code}-{year}-{FIRST_NUMBER + number:05d}",
                day=day,
                number=number,
                intake_worker=intake_worker,
                team_lead=team_lead,
                case_workers=case_workers,
            )
        # One closing without a coded outcome: a data-quality example.
        closing = (
            DossierHistory.objects.filter(
                dossier__centre=centre,
                dossier__reference__startswith=f"D-{code}-{year}-8",
                to_state="closed",
            )
            .order_by("at")
            .first()
        )
        if closing is not None:
            closing.closing_outcome = ""
            closing.save(update_fields=["closing_outcome"])
            Dossier.objects.filter(pk=closing.dossier_id).update(closing_outcome="")
    return count


def _report(
    centre: Centre,
    rng: random.Random,
    *,
    reference: str,
    day: date,
    number: int,
    intake_worker: User,
    team_lead: User,
    case_workers: list[User],
) -> None:
    received = _at(day, rng)
    professional = rng.random() < 0.8
    report = Report.objects.create(
        centre=centre,
        reference=reference,
        received_at=received,
        channel=Channel.PHONE if professional else Channel.HANDOVER_1712,
        reporter_kind=ReporterKind.PROFESSIONAL if professional else ReporterKind.NON_PROFESSIONAL,
        reporter_sector=_pick(rng, SECTORS) if professional else "",
        worries="Fictieve zorg over de opvoeding (demo).",
        triage_due=add_working_days(day, centre.triage_deadline_working_days),
        registered_by=intake_worker,
        created_at=received,
    )
    ReportHistory.objects.create(
        report=report, at=received, by=intake_worker, to_status=Status.IN_QUEUE
    )
    # The first report of the year without a classification: a data-quality example.
    if number != 1:
        problems = rng.sample(list(ProblemCategory.values), rng.choice((1, 1, 1, 2)))
        ReportProblem.objects.bulk_create(
            ReportProblem(report=report, category=category) for category in problems
        )
    # About one report in eight is about a child reported earlier that year (re-report).
    earlier = (
        ReportPerson.objects.filter(
            report__centre=centre,
            report__reference__startswith=reference[:-5],
            role=PersonRole.CHILD,
            person__is_unborn=False,
        )
        .exclude(report=report)
        .values_list("person_id", flat=True)
    )
    candidates = list(earlier[:40]) if rng.random() < 0.12 else []
    known = [rng.choice(candidates)] if candidates else []
    surname = rng.choice(SURNAMES)
    children = [
        _child(centre, rng, day, surname, missing_age=number == 2)
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0] - bool(known))
    ]
    ReportPerson.objects.bulk_create(
        [
            *(
                ReportPerson(
                    report=report,
                    person_id=rng.choice(known),
                    role=PersonRole.CHILD,
                    matched_existing=True,
                )
                for _ in known[:1]
            ),
            *(
                ReportPerson(report=report, person=child, role=PersonRole.CHILD)
                for child in children
            ),
        ]
    )
    children = [*Person.objects.filter(pk__in=known), *children]
    brussels_french = centre.province == Province.BRUSSEL and number % 10 == 3
    if brussels_french:
        Transfer.objects.create(
            report=report,
            report_reference=reference,
            kind=TransferKind.SOS_ENFANTS,
            from_centre=centre,
            reason="Franstalig gezin zonder band met Nederlandstalige diensten (demo).",
            decided_by=team_lead,
            decided_at=received + timedelta(days=1),
        )
        Report.objects.filter(pk=report.pk).update(status=Status.REFERRED)
        return
    track = _pick(rng, TRACKS)
    decided = _at(add_working_days(day, rng.choice((1, 2, 3, 3, 4, 6))), rng)
    TriageDecision.objects.create(
        report=report,
        track=track,
        grounds="Besproken in het team (demo).",
        team_discussion="MDO",
        referral_target="caw" if track == Track.REFERRAL else "",
        decided_by=team_lead,
        decided_at=decided,
    )
    Report.objects.filter(pk=report.pk).update(
        status=Status.TRIAGED, track=track, triaged_at=decided
    )
    if track in (Track.HELP, Track.CRISIS, Track.MANO):
        _dossier(centre, rng, report, children, decided, team_lead, case_workers, track, number)


def _child(
    centre: Centre, rng: random.Random, day: date, surname: str, *, missing_age: bool
) -> Person:
    girl = rng.random() < 0.5
    person = Person(
        centre=centre,
        first_name=rng.choice(GIRLS if girl else BOYS),
        last_name=surname,
        gender=Gender.GIRL_OR_WOMAN if girl else Gender.BOY_OR_MAN,
    )
    kind = (
        "none"
        if missing_age
        else rng.choices(("born", "unborn", "estimate", "extended"), (88, 3, 6, 3))[0]
    )
    if kind == "born":
        person.birth_date = day - timedelta(days=rng.randrange(30, 17 * 365))
    elif kind == "unborn":
        person.is_unborn = True
        person.first_name = ""
        person.expected_birth_date = day + timedelta(days=rng.randrange(30, 200))
    elif kind == "estimate":
        person.estimated_birth_year = day.year - rng.randrange(2, 15)
    elif kind == "extended":
        person.birth_date = day - timedelta(days=rng.randrange(18 * 365, 21 * 365))
        person.extended_minority = True
    person.refresh_name_key()
    person.save()
    return person


def _dossier(
    centre: Centre,
    rng: random.Random,
    report: Report,
    children: list[Person],
    decided: datetime,
    team_lead: User,
    case_workers: list[User],
    track: str,
    number: int,
) -> None:
    opened = decided + timedelta(days=rng.randrange(1, 10))
    code = report.reference.split("-")[0]
    reference = f"D-{code}-{opened.year}-{8000 + number:04d}"
    closes = rng.random() < 0.75 and opened.date() < date(opened.year, 11, 15)
    closed = opened + timedelta(days=rng.randrange(40, 200)) if closes else None
    if closed and closed.year != opened.year:
        closed = None
    outcome = _pick(rng, OUTCOMES) if closed else ""
    dossier = Dossier.objects.create(
        centre=centre,
        reference=reference,
        opened_by=team_lead,
        opened_at=opened,
        state="closed" if closed else "follow_up",
        closed_at=closed,
        close_reason="Traject afgerond (demo)." if closed else "",
        closing_outcome=outcome if closed else "",
        family_informed_of_retention=bool(closed),
    )
    dossier.reports.add(report)
    team = rng.sample(case_workers, min(2, len(case_workers)))
    Assignment.objects.bulk_create(
        Assignment(dossier=dossier, user=user, of_record=index == 0)
        for index, user in enumerate(team)
    )
    DossierMember.objects.bulk_create(
        DossierMember(dossier=dossier, person=child, relationship=Relationship.CHILD)
        for child in children
    )
    DossierHistory.objects.create(
        dossier=dossier, at=opened, by=team_lead, to_state="exploration", reason="Geopend (demo)."
    )
    if closed:
        DossierHistory.objects.create(
            dossier=dossier,
            at=closed,
            by=team_lead,
            from_state="follow_up",
            to_state="closed",
            reason="Traject afgerond (demo).",
            closing_outcome=outcome,
        )
    if track == Track.MANO:
        _procedure(centre, rng, dossier, report, decided, team_lead)


def _procedure(
    centre: Centre,
    rng: random.Random,
    dossier: Dossier,
    report: Report,
    decided: datetime,
    team_lead: User,
) -> None:
    received = decided.date()
    admitted = rng.random() < 0.8
    fields: dict[str, object] = {
        "admissibility": Admissibility.ADMISSIBLE if admitted else Admissibility.NOT_ADMISSIBLE,
        "admissibility_on": add_working_days(received, rng.randint(2, 8)),
    }
    if not admitted:
        fields |= {
            "state": State.CLOSED,
            "outcome": Outcome.NOT_ADMISSIBLE,
            "closed_on": fields["admissibility_on"],
            "admissibility_reason": "Er loopt al vrijwillige hulp (demo).",
        }
    else:
        deadline = add_working_days(received, 65)
        decision_on = add_working_days(received, rng.randint(30, 75))
        fields |= {
            "clock_started_on": received,
            "deadline": deadline,
            "decision": Decision.NECESSARY,
            "decision_on": decision_on,
            "decision_motivation": "Hulp is maatschappelijk noodzakelijk (demo).",
            "state": State.MANDATED_FOLLOW_UP,
        }
    code, year, number = report.reference.split("-")
    Procedure.objects.create(
        centre=centre,
        reference=f"M-{code}-{year}-{int(number) - FIRST_NUMBER + 8000:04d}",
        dossier=dossier,
        report=report,
        received_on=received,
        referrer_kind="youth_help",
        referrer_name="Jeugdhulp (demo)",
        motivation_summary="Vrijwillige hulp liep vast (demo).",
        registered_by=team_lead,
        **fields,
    )

"""Families, their persons and the reports about them, with triage, advice and transfers.

A family (children and the adults around them, one address) is created at its first
report; most families are reported once, some again and again (re-reports, a heavy
tail). Reports of a centre are numbered per year in order of receipt, as the intake
service does. The newest few dozen wait in the intake queue (some overdue); all older
reports were triaged (or, in Brussels, referred to SOS Enfants) on a working day near
their receipt. Reports triaged as help or MaNo become the seeds of dossiers.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from vk.people.identifiers import mask_national_number, national_number_index
from vk.volume import vocabulary
from vk.volume.bulk import NULL, esc
from vk.volume.context import Context
from vk.volume.staff import CentreStaff

DAY = 86400
YEAR_DAYS = 365
# Born children whose date of birth the report did not give, and of those the share with
# an age estimate; the others are what the statistics' data-quality list finds.
CHILDREN_WITHOUT_BIRTH_DATE = 0.05
CHILDREN_WITH_ESTIMATE = 0.8


@dataclass
class Member:
    person_id: int
    role: str  # intake.PersonRole
    authority: bool
    birth_day: int | None  # epoch-day; None when unknown or unborn


@dataclass
class DossierSeed:
    report_id: int
    triaged_s: int
    track: str
    members: list[Member]
    large: bool = False


@dataclass
class IntakeResult:
    seeds: list[DossierSeed] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)
    report_received: list[int] = field(default_factory=list)
    queue: int = 0


def national_number(birth: str, male: bool, serial: int) -> str:
    """A valid Belgian national register number for a date of birth ('YYYY-MM-DD')."""
    year, month, day = int(birth[:4]), birth[5:7], birth[8:10]
    serial = serial * 2 + (1 if male else 2)
    base = f"{year % 100:02d}{month}{day}{serial:03d}"
    number = int(("2" + base) if year >= 2000 else base)
    return f"{base}{97 - number % 97:02d}"


def write_intake(
    ctx: Context,
    staff: CentreStaff,
    everyone: list[CentreStaff],
    reports: int,
    families: int,
    dossiers: int,
    large: int,
) -> IntakeResult:
    rng = ctx.rng
    families = max(1, min(families, reports))
    # Reports per family: one each, the rest to a minority with a heavy tail.
    per_family = [1] * families
    # (capped, so that the most reported family has a few dozen reports, not thousands)
    weights = [
        min(30.0, rng.paretovariate(1.3)) if rng.random() < 0.35 else 0.0 for _ in range(families)
    ]
    if sum(weights) == 0:
        weights[0] = 1.0
    for index in rng.choices(range(families), weights=weights, k=reports - families):
        per_family[index] += 1
    # Draw the moments (a family's first report, then its re-reports), then move them in
    # order onto a calendar that grows mildly (+40% over ten years): the order of every
    # family's reports is kept, the yearly volume is realistic.
    span = ctx.now_s - ctx.start_s
    drawn: list[tuple[float, int]] = []
    for family, count in enumerate(per_family):
        start = rng.random()
        drawn.append((start, family))
        drawn.extend((start + (1 - start) * rng.random(), family) for _ in range(count - 1))
    drawn.sort()
    total = len(drawn)
    planned: list[tuple[int, int, int]] = []  # (received second, family index, nth report)
    for position, (_draw, family) in enumerate(drawn):
        moment = ctx.start_s + int(span * _growth_quantile((position + 0.5) / total))
        planned.append((_office_hours(ctx, moment), family, 0))
    planned.sort()
    seen: set[int] = set()
    first_report: dict[int, int] = {}
    for position, (moment, family, _nth) in enumerate(planned):
        if family in seen:
            planned[position] = (moment, family, 1)
        else:
            seen.add(family)
            first_report[family] = moment
    family_members: list[list[Member]] = []
    family_postcodes: list[str] = []
    for family in range(families):
        members, postcode = _write_family(ctx, staff, first_report[family])
        family_members.append(members)
        family_postcodes.append(postcode)
    per_year: dict[int, int] = {}
    for received, _family, _nth in planned:
        year = int(ctx.day(received // DAY)[:4])
        per_year[year] = per_year.get(year, 0) + 1

    result = IntakeResult()
    queue = _queue_positions(ctx, planned)
    result.queue = len(queue)
    triaged = len(planned) - len(queue)
    dossier_share = min(0.9, dossiers / max(1, triaged))
    large_window = (ctx.now_s - 4 * YEAR_DAYS * DAY, ctx.now_s - 540 * DAY)
    large_left = large
    numbers: dict[int, int] = {}
    t = ctx.t
    other_centres = [other for other in everyone if other.centre_id != staff.centre_id]
    for position, (received, family, nth) in enumerate(planned):
        report_id = t["intake_report"].take_id()
        result.report_ids.append(report_id)
        result.report_received.append(received)
        day = received // DAY
        year = int(ctx.day(day)[:4])
        prefix = f"{staff.prefix}-{year}-"
        if year not in numbers:
            numbers[year] = ctx.references.get(prefix, 0)
        numbers[year] += 1
        width = max(5, len(str(ctx.references.get(prefix, 0) + per_year[year])))
        reference = f"{prefix}{numbers[year]:0{width}d}"
        members = family_members[family]
        in_queue = position in queue
        referred = not in_queue and staff.province == "brussel" and rng.random() < 0.04 and nth == 0
        track = ""
        if not in_queue and not referred:
            track = _track(rng, dossier_share)
            if (
                large_left
                and track != "help"
                and large_window[0] <= received <= large_window[1]
                and rng.random() < 0.05
            ):
                track = "help"
        crisis = track == "crisis" or (not track and rng.random() < 0.03)
        registered_by = rng.choice(staff.intake)
        triage_due = ctx.workdays.add(day, 5)
        triaged_s: int | None = None
        status = "in_queue"
        if referred:
            status = "referred"
        elif track:
            status = "triaged"
            delay = rng.choices(range(9), weights=[4, 18, 22, 18, 14, 10, 6, 5, 3])[0]
            triage_day = ctx.workdays.add(day, delay) if delay else day
            triaged_s = min(
                ctx.now_s - 600,
                max(received + 1800, triage_day * DAY + 8 * 3600 + rng.randrange(28800)),
            )
        lead = rng.choice(staff.leads)
        # Which family members this report names (at least one child).
        named = [m for m in members if rng.random() < (0.85 if m.role == "child" else 0.8)]
        if not any(m.role == "child" for m in named):
            named.insert(0, next(m for m in members if m.role == "child"))
        if nth == 0:
            named = members  # the first report names everyone (they were created for it)
        transfer_from = None
        if not in_queue and not referred and other_centres and rng.random() < 0.01:
            transfer_from = rng.choice(other_centres)
            triage_due = ctx.workdays.add(day + 1, 5)
        _write_report(
            ctx,
            staff,
            report_id,
            reference,
            received,
            status,
            track,
            crisis,
            triage_due,
            triaged_s,
            registered_by,
            family_postcodes[family],
        )
        for member in named:
            t["intake_reportperson"].add(
                f"{t['intake_reportperson'].take_id()}\t{member.role}\t"
                f"{'t' if member.authority else 'f'}\t{'t' if nth else 'f'}\t"
                f"{member.person_id}\t{report_id}"
            )
        history = t["intake_reporthistory"]
        history.add(
            f"{history.take_id()}\t{ctx.moment(received + 60)}\t\tin_queue\t\t{registered_by}\t{report_id}"
        )
        if transfer_from is not None:
            decided = min(received + DAY, ctx.now_s - 60)
            other_lead = rng.choice(transfer_from.leads)
            t["intake_transfer"].add(
                f"{t['intake_transfer'].take_id()}\tother_centre\t"
                f"{ctx.text(('Het gezin woont in het werkgebied van een ander VK.',))}\t"
                f"{ctx.moment(decided)}\t{other_lead}\t{transfer_from.centre_id}\t{report_id}\t"
                f"{staff.centre_id}\t{reference}"
            )
            history.add(
                f"{history.take_id()}\t{ctx.moment(decided)}\tin_queue\ttransferred\t"
                f"{transfer_from.centre_id}->{staff.centre_id}\t{other_lead}\t{report_id}"
            )
            history.add(
                f"{history.take_id()}\t{ctx.moment(decided)}\ttransferred\tin_queue\t\t"
                f"{other_lead}\t{report_id}"
            )
        if referred:
            decided = min(received + 2 * DAY, ctx.now_s - 60)
            t["intake_transfer"].add(
                f"{t['intake_transfer'].take_id()}\tsos_enfants\t"
                f"{ctx.text(('Gezin zonder band met een Nederlandstalig netwerk.',))}\t"
                f"{ctx.moment(decided)}\t{lead}\t{staff.centre_id}\t{report_id}\t{NULL}\t{reference}"
            )
            history.add(
                f"{history.take_id()}\t{ctx.moment(decided)}\tin_queue\treferred\tsos_enfants\t"
                f"{lead}\t{report_id}"
            )
        if triaged_s is None:
            continue
        history.add(
            f"{history.take_id()}\t{ctx.moment(triaged_s)}\tin_queue\ttriaged\t{track}\t{lead}\t{report_id}"
        )
        target = rng.choice(("caw", "ocj", "police", "other")) if track == "referral" else ""
        t["intake_triagedecision"].add(
            f"{t['intake_triagedecision'].take_id()}\t{track}\t{ctx.text(vocabulary.GROUNDS)}\t"
            f"Teamoverleg {ctx.day(triaged_s // DAY)}\t{target}\t{ctx.moment(triaged_s)}\t"
            f"{lead}\t{report_id}"
        )
        if track in ("advice", "consultation"):
            _write_advice(ctx, staff, report_id, track, triaged_s, lead)
        elif track in ("help", "mano"):
            is_large = (
                large_left > 0
                and track == "help"
                and large_window[0] <= received <= large_window[1]
            )
            if is_large:
                large_left -= 1
            result.seeds.append(DossierSeed(report_id, triaged_s, track, named, is_large))
    return result


GROWTH = 0.4


def _growth_quantile(share: float) -> float:
    """Where (0..1 of the period) the `share`-quantile of reports falls when the yearly
    volume grows linearly by GROWTH over the period."""
    return (-1 + math.sqrt(1 + 2 * GROWTH * share * (1 + GROWTH / 2))) / GROWTH


def _track(rng: object, dossier_share: float) -> str:
    draw = rng.random()  # type: ignore[attr-defined]
    if draw < dossier_share:
        return "mano" if draw < dossier_share * 0.015 else "help"
    rest = (draw - dossier_share) / (1 - dossier_share)
    if rest < 0.45:
        return "advice"
    if rest < 0.65:
        return "consultation"
    if rest < 0.92:
        return "referral"
    return "crisis"


def _office_hours(ctx: Context, moment: int) -> int:
    """The moment moved onto a working day between 08:00 and 17:00 UTC."""
    day = moment // DAY
    while not ctx.workdays.is_working(day):
        day += 1
    second = day * DAY + 7 * 3600 + ctx.rng.randrange(9 * 3600)
    return min(second, ctx.now_s - 3600)


def _queue_positions(ctx: Context, planned: list[tuple[int, int, int]]) -> set[int]:
    """The newest reports wait in the queue (a few dozen), plus some overdue ones."""
    if not planned:
        return set()
    days = max(1.0, (ctx.now_s - planned[0][0]) / DAY)
    per_working_day = len(planned) / (days * 5 / 7)
    waiting = max(3, min(45, round(per_working_day * 4)))
    waiting = min(waiting, len(planned) // 4 + 1)
    queue = set(range(len(planned) - waiting, len(planned)))
    # Overdue: some older reports (received more than ten days ago) still wait.
    before = bisect.bisect_left(planned, ((ctx.today_day - 10) * DAY, 0, 0))
    before = min(before, len(planned) - waiting)
    candidates = range(max(0, before - 4 * waiting), before)
    if candidates:
        for _ in range(max(1, waiting // 5)):
            queue.add(ctx.rng.choice(candidates))
    return queue


def _write_family(ctx: Context, staff: CentreStaff, start: int) -> tuple[list[Member], str]:
    rng = ctx.rng
    names = ctx.names
    start_day = start // DAY
    low, high = rng.choice(staff.postcodes)
    postcode = str(rng.randint(low, high))
    city = rng.choice(staff.cities)
    street = f"{rng.choice(vocabulary.STREETS)} {rng.randint(1, 180)}"
    # One origin for the family; in some families the mother is of another.
    origin = names.origin()
    mother_origin = origin if rng.random() < 0.85 else names.origin()
    father_last = names.last_name(origin)
    mother_last = names.last_name(mother_origin) if rng.random() < 0.8 else father_last
    # (role, gender, parental authority, last name, origin of the first name)
    adults: list[tuple[str, str, bool, str, str]] = [
        ("parent", "f", True, mother_last, mother_origin)
    ]
    if rng.random() < 0.75:
        adults.append(("parent", "m", rng.random() < 0.9, father_last, origin))
    if rng.random() < 0.15:
        step_origin = names.origin()
        adults.append(
            ("step_parent", rng.choice("fm"), False, names.last_name(step_origin), step_origin)
        )
    if rng.random() < 0.05:
        adults.append(("household_member", "f", False, mother_last, mother_origin))
    with_father = len(adults) > 1 and adults[1][1] == "m"
    children_last = father_last if with_father else mother_last
    children_origin = origin if with_father else mother_origin
    child_count = rng.choices((1, 2, 3, 4, 5), weights=(45, 30, 15, 7, 3))[0]
    members: list[Member] = []
    created = ctx.moment(start)
    for index in range(child_count):
        gender = rng.choices(("f", "m", "x", ""), weights=(49, 49, 0.5, 1.5))[0]
        first = names.first(gender or rng.choice("fm"), adult=False, origin=children_origin)
        unborn = index == child_count - 1 and rng.random() < 0.02
        birth = None if unborn else start_day - rng.randrange(17 * YEAR_DAYS)
        expected = start_day + rng.randrange(20, 160) if unborn else None
        if unborn:
            first = ""
        estimated_year = None
        if birth is not None and rng.random() < CHILDREN_WITHOUT_BIRTH_DATE:
            # The reporter did not know the date of birth; mostly they could tell the
            # age, give or take a year.
            if rng.random() < CHILDREN_WITH_ESTIMATE:
                age = max(0, (start_day - birth) // YEAR_DAYS + rng.choice((-1, 0, 0, 0, 1)))
                estimated_year = int(ctx.day(start_day)[:4]) - age
            birth = None
        members.append(
            _write_person(
                ctx,
                staff,
                "child",
                False,
                first,
                children_last,
                gender,
                birth,
                expected,
                street,
                postcode,
                city,
                created,
                estimated_year,
            )
        )
    for role, gender, authority, last, first_origin in adults:
        first = names.first(gender, adult=True, origin=first_origin) if rng.random() > 0.01 else ""
        birth = start_day - rng.randrange(20 * YEAR_DAYS, 55 * YEAR_DAYS)
        members.append(
            _write_person(
                ctx,
                staff,
                role,
                authority,
                first,
                last if first else "",
                gender,
                birth if rng.random() < 0.9 else None,
                None,
                street,
                postcode,
                city,
                created,
            )
        )
    return members, postcode


def _write_person(
    ctx: Context,
    staff: CentreStaff,
    role: str,
    authority: bool,
    first: str,
    last: str,
    gender: str,
    birth: int | None,
    expected: int | None,
    street: str,
    postcode: str,
    city: str,
    created: str,
    estimated_year: int | None = None,
) -> Member:
    rng = ctx.rng
    persons = ctx.t["people_person"]
    pk = persons.take_id()
    index = mask = ""
    if birth is not None and rng.random() < 0.4:
        digits = national_number(ctx.day(birth), gender == "m", rng.randrange(498))
        index, mask = national_number_index(digits), mask_national_number(digits)
    persons.add(
        f"{pk}\t{staff.centre_id}\t{esc(first)}\t{esc(last)}\t{ctx.names.key(first, last)}\t"
        f"{NULL if birth is None else ctx.day(birth)}\t{'t' if expected is not None else 'f'}\t"
        f"{NULL if expected is None else ctx.day(expected)}\t"
        f"{'t' if role == 'child' and rng.random() < 0.002 else 'f'}\t{gender}\t{esc(street)}\t"
        f"{postcode}\t{esc(city)}\tBE\t{index}\t{mask}\t{created}\t{NULL}\t"
        f"{NULL if estimated_year is None else estimated_year}"
    )
    return Member(pk, role, authority, birth)


def _write_report(
    ctx: Context,
    staff: CentreStaff,
    report_id: int,
    reference: str,
    received: int,
    status: str,
    track: str,
    crisis: bool,
    triage_due: int,
    triaged_s: int | None,
    registered_by: int,
    postcode: str,
) -> None:
    rng = ctx.rng
    t = ctx.t
    professional = rng.random() < 0.65 or track == "mano"
    anonymous = not professional and rng.random() < 0.2
    sector = (
        rng.choices(
            ("school", "clb", "welfare", "health_care", "justice", "police", "other"),
            weights=(28, 14, 20, 16, 6, 10, 6),
        )[0]
        if professional
        else "close_environment"
    )
    if anonymous:
        name = organisation = phone = email = ""
    else:
        gender = rng.choice("fm")
        name = f"{ctx.names.first(gender, adult=True)} {ctx.names.last_name()}"
        organisation = rng.choice(vocabulary.ORGANISATIONS) if professional else ""
        phone = f"04{rng.randrange(70, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        email = f"aanmelder{report_id}@voorbeeld.test" if rng.random() < 0.6 else ""
    channel = (
        "mano_referral"
        if track == "mano"
        else rng.choices(
            (
                "phone",
                "email",
                "letter",
                "online_form",
                "handover_1712",
                "police",
                "youth_prosecutor",
            ),
            weights=(55, 15, 3, 10, 6, 8, 3),
        )[0]
    )
    worries = f"{rng.choice(vocabulary.WORRY_OPENINGS)} {rng.choice(vocabulary.WORRY_DETAILS)}"
    brussels = staff.province == "brussel"
    languages = rng.choices(
        ("Nederlands", "Frans", "Arabisch, Nederlands", "Turks, Nederlands", "Pools", ""),
        weights=(60 if not brussels else 30, 3 if not brussels else 35, 8, 6, 3, 20),
    )[0]
    network = NULL if not brussels else ("f" if status == "referred" else "t")
    day = received // DAY
    t["intake_report"].add(
        f"{report_id}\t{staff.centre_id}\t{reference}\t{ctx.moment(received)}\t{channel}\t"
        f"{'professional' if professional else 'non_professional'}\t{sector}\t"
        f"{'t' if anonymous else 'f'}\t{'t' if rng.random() < 0.1 else 'f'}\t{esc(name)}\t"
        f"{esc(organisation)}\t{phone}\t{email}\t{esc(worries)}\t"
        f"{'crisis' if crisis else 'not_urgent'}\t"
        f"{rng.choice(('not_assessed', 'low', 'moderate', 'moderate', 'high'))}\t{languages}\t"
        f"{'t' if rng.random() < 0.04 else 'f'}\t{network}\t{postcode}\t\t"
        f"{status}\t{track}\t{ctx.day(triage_due)}\t{ctx.day(day) if crisis else NULL}\t"
        f"{NULL if triaged_s is None else ctx.moment(triaged_s)}\t{registered_by}\t"
        f"{ctx.moment(received + 120 + rng.randrange(1200))}\t1"
    )
    problems = rng.sample(
        ("sexual", "physical", "emotional", "risk", "unclear", "past_abuse", "not_abuse"),
        rng.choices((1, 2, 3), weights=(60, 30, 10))[0],
    )
    for category in problems:
        t["intake_reportproblem"].add(
            f"{t['intake_reportproblem'].take_id()}\t{category}\t{report_id}"
        )


def _write_advice(
    ctx: Context, staff: CentreStaff, report_id: int, track: str, triaged_s: int, lead: int
) -> None:
    rng = ctx.rng
    t = ctx.t
    advice_id = t["intake_advicecase"].take_id()
    closed = triaged_s < ctx.now_s - 60 * DAY or rng.random() < 0.5
    closed_s = min(ctx.now_s - 60, triaged_s + rng.randrange(DAY, 40 * DAY))
    t["intake_advicecase"].add(
        f"{advice_id}\t{staff.centre_id}\t{report_id}\t{'t' if track == 'advice' else 'f'}\t"
        f"{ctx.text(vocabulary.WORRY_OPENINGS)}\t{ctx.text(vocabulary.ADVICE)}\t"
        f"{ctx.text(vocabulary.WORRY_DETAILS)}\t{'closed' if closed else 'open'}\t"
        f"{ctx.moment(triaged_s)}\t{ctx.moment(closed_s) if closed else NULL}\t1"
    )
    contact_s = min(ctx.now_s - 120, triaged_s + rng.randrange(3600, 5 * DAY))
    worker = rng.choice(staff.intake + staff.leads)
    t["intake_advicecontact"].add(
        f"{t['intake_advicecontact'].take_id()}\t{advice_id}\t{ctx.moment(contact_s)}\t"
        f"{ctx.text(vocabulary.ADVICE)}\t{worker}"
    )

"""Dossiers and everything in them, MaNo procedures, emergency accesses and disclosures.

Each report triaged as help (or MaNo) opens a family dossier a few days later, with the
report's persons as the family and a team of two or three from one of the centre's
teams (one case worker of record). A dossier lives a few months to a few years
(log-normal); most are closed, with the transitions the lifecycle allows, each resting on
a team decision where the service demands one. The few "large" dossiers run for years
with 200 conversations and are still open. Open dossiers carry tasks, check-ins and
appointments (some this week); about 3% of dossiers have a MaNo procedure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from vk.dossiers.services import destruction_date
from vk.volume import vocabulary
from vk.volume.bulk import NULL
from vk.volume.context import Context
from vk.volume.families import DAY, DossierSeed, Member
from vk.volume.shape import LARGE_DOSSIER_CONVERSATIONS
from vk.volume.staff import CentreStaff, TeamPlan

RELATIONSHIP = {
    "child": "child",
    "parent": "parent",
    "step_parent": "step_parent",
    "foster_parent": "foster_parent",
    "household_member": "household_member",
}
STAGES = ("exploration", "assessment", "help_proposal", "follow_up")


@dataclass
class CaseResult:
    d_id: list[int] = field(default_factory=list)
    d_open: list[int] = field(default_factory=list)
    d_close: list[int] = field(default_factory=list)
    d_heat: list[float] = field(default_factory=list)
    d_worker: list[int] = field(default_factory=list)
    d_second: list[int] = field(default_factory=list)
    d_lead: list[int] = field(default_factory=list)
    d_conv_first: list[int] = field(default_factory=list)
    d_conv_count: list[int] = field(default_factory=list)
    procedures: list[tuple[int, int, int]] = field(default_factory=list)
    large_dossiers: list[int] = field(default_factory=list)
    hot_persons: list[int] = field(default_factory=list)
    open_by_worker: dict[int, int] = field(default_factory=dict)


def write_casework(
    ctx: Context, staff: CentreStaff, seeds: list[DossierSeed], conversations: int
) -> CaseResult:
    rng = ctx.rng
    seeds.sort(key=lambda seed: seed.triaged_s)
    large = sum(1 for seed in seeds if seed.large)
    normal = max(1, len(seeds) - large)
    mean = max(1.0, (conversations - large * LARGE_DOSSIER_CONVERSATIONS * 1.15) / normal)
    opened_at = [
        min(ctx.now_s - 3600, seed.triaged_s + rng.randrange(3600, 3 * DAY)) for seed in seeds
    ]
    per_year: dict[int, int] = {}
    for moment in opened_at:
        year = int(ctx.day(moment // DAY)[:4])
        per_year[year] = per_year.get(year, 0) + 1
    numbers: dict[int, int] = {}
    mano_left = max(1, round(len(seeds) * 0.03)) if seeds else 0
    mano_left -= sum(1 for seed in seeds if seed.track == "mano")
    result = CaseResult()
    for seed, opened in zip(seeds, opened_at, strict=True):
        year = int(ctx.day(opened // DAY)[:4])
        prefix = f"D-{staff.prefix}-{year}-"
        if year not in numbers:
            numbers[year] = ctx.references.get(prefix, 0)
        numbers[year] += 1
        width = max(4, len(str(ctx.references.get(prefix, 0) + per_year[year])))
        with_mano = seed.track == "mano" or (mano_left > 0 and rng.random() < 0.016)
        if with_mano and seed.track != "mano":
            mano_left -= 1
        _write_dossier(
            ctx, staff, seed, opened, f"{prefix}{numbers[year]:0{width}d}", mean, with_mano, result
        )
    _write_emergency_accesses(ctx, staff, result)
    return result


def _write_dossier(
    ctx: Context,
    staff: CentreStaff,
    seed: DossierSeed,
    opened: int,
    reference: str,
    mean: float,
    with_mano: bool,
    result: CaseResult,
) -> None:
    rng = ctx.rng
    t = ctx.t
    now = ctx.now_s
    dossier_id = t["dossiers_dossier"].take_id()
    team: TeamPlan = rng.choice(staff.teams)
    lead = rng.choice(team.leads)
    worker = rng.choice(team.workers)
    others = [pk for pk in team.workers if pk != worker] or [worker]
    second = rng.choice(others)
    members = [worker] + ([second] if second != worker else [])
    if team.medical and rng.random() < 0.35 and team.medical[0] not in members:
        members.append(team.medical[0])
    # Lifetime and how far the dossier got.
    if seed.large:
        length = max(now - opened + 200 * DAY, 900 * DAY)
    else:
        length = int(min(1500, max(20, rng.lognormvariate(math.log(170), 0.6))) * DAY)
    closed = None if seed.large or opened + length >= now else opened + length
    if closed is not None:
        reached = rng.choices(range(4), weights=(25, 25, 10, 40))[0]
    else:
        elapsed = (now - opened) / length
        reached = 0 if elapsed < 0.2 else 1 if elapsed < 0.45 else 2 if elapsed < 0.6 else 3
        if seed.large:
            reached = 3
    moments = [opened, opened + length // 5, opened + length * 45 // 100, opened + length * 6 // 10]
    state = "closed" if closed is not None else STAGES[reached]
    mano_outcome = _mano_outcome(ctx) if with_mano and closed is not None else ""
    code = coded = reason = explanation = ""
    if closed is not None:
        code = _closing_outcome(ctx, reached, mano_outcome)
        reason, explanation = vocabulary.CLOSINGS[code]
        coded = "" if rng.random() < vocabulary.CLOSED_WITHOUT_OUTCOME else code
    t["dossiers_dossier"].add(
        f"{dossier_id}\t{staff.centre_id}\t{reference}\t{state}\t{ctx.moment(opened)}\t{lead}\t"
        f"{NULL if closed is None else ctx.moment(closed)}\t{reason}\t{coded}\t{explanation}\t"
        f"{'t' if closed else 'f'}\t{'t' if closed and rng.random() < 0.7 else 'f'}\t1"
    )
    t["dossiers_dossier_reports"].add(
        f"{t['dossiers_dossier_reports'].take_id()}\t{dossier_id}\t{seed.report_id}"
    )
    for member in seed.members:
        destroy = NULL
        if closed is not None and member.role == "child" and member.birth_day is not None:
            when = destruction_date(date(1970, 1, 1) + timedelta(days=member.birth_day))
            destroy = when.isoformat() if when else NULL
        t["dossiers_dossiermember"].add(
            f"{t['dossiers_dossiermember'].take_id()}\t{dossier_id}\t{member.person_id}\t"
            f"{RELATIONSHIP.get(member.role, 'other')}\t{'t' if member.authority else 'f'}\t{destroy}"
        )
    for pk in members:
        t["dossiers_assignment"].add(
            f"{t['dossiers_assignment'].take_id()}\t{dossier_id}\t{pk}\t"
            f"{'t' if pk == worker else 'f'}\t{ctx.moment(opened)}"
        )
        if closed is None:
            result.open_by_worker[pk] = result.open_by_worker.get(pk, 0) + 1
    # History, with the team decisions the help proposal and closing rest on.
    history = t["dossiers_dossierhistory"]
    history.add(
        f"{history.take_id()}\t{dossier_id}\t{ctx.moment(opened)}\t{lead}\t\texploration\t\t"
        f"{NULL}\t\t"
    )
    proposal_decision = None
    for stage in range(1, reached + 1):
        decision = None
        if STAGES[stage] == "help_proposal":
            decision = proposal_decision = _team_decision(
                ctx, dossier_id, moments[stage] - DAY, lead, members, 1
            )
        history.add(
            f"{history.take_id()}\t{dossier_id}\t{ctx.moment(moments[stage])}\t{worker}\t"
            f"{STAGES[stage - 1]}\t{STAGES[stage]}\t\t{NULL if decision is None else decision}\t\t"
        )
    if closed is not None:
        decision = _team_decision(ctx, dossier_id, closed - DAY, lead, members, 2)
        history.add(
            f"{history.take_id()}\t{dossier_id}\t{ctx.moment(closed)}\t{lead}\t{STAGES[reached]}\t"
            f"closed\t{reason}\t{decision}\t{coded}\t{explanation}"
        )
    end = min(now - 1800, closed if closed is not None else now - 1800)
    conversation_first, conversation_count, last_conversation, contacts = _write_conversations(
        ctx, dossier_id, seed, opened, end, mean, members
    )
    if reached >= 1:
        _write_assessment(ctx, dossier_id, moments[1], worker)
    if reached >= 2 and proposal_decision is not None:
        _write_proposal(
            ctx, dossier_id, seed.members, moments[2], proposal_decision, worker, reached
        )
    if closed is None:
        _write_planning(ctx, staff, dossier_id, opened, members, worker, reached, last_conversation)
    procedure_span = None
    if with_mano:
        procedure_span = _write_procedure(
            ctx, staff, dossier_id, seed, opened, closed, lead, members, mano_outcome
        )
    if closed is not None and contacts and rng.random() < 0.1:
        _write_disclosure(ctx, staff, dossier_id, worker, opened, end)
    heat = rng.lognormvariate(0.0, 0.8) * (40.0 if seed.large else 1.0)
    result.d_id.append(dossier_id)
    result.d_open.append(opened)
    result.d_close.append(closed if closed is not None else now + DAY)
    result.d_heat.append(heat)
    result.d_worker.append(worker)
    result.d_second.append(members[1] if len(members) > 1 else worker)
    result.d_lead.append(lead)
    result.d_conv_first.append(conversation_first)
    result.d_conv_count.append(conversation_count)
    if procedure_span is not None:
        result.procedures.append(procedure_span)
    if seed.large:
        result.large_dossiers.append(dossier_id)
        result.hot_persons.extend(m.person_id for m in seed.members if m.role == "child")


# How a closed dossier with a MaNo procedure ended, by the procedure's end. A referral
# that was not admissible leaves the voluntary trajectory as it was.
_OUTCOME_AFTER_MANO = {
    "voluntary_help": "help_installed",  # not necessary: voluntary help with the referrer
    "follow_up_ended": "mano_started",  # the trajectory went on as mandated follow-up
    "parket": "referred_to_parket",
    "ocj": "referred_to_ocj",
}


def _mano_outcome(ctx: Context) -> str:
    """How the MaNo procedure of a closed dossier ended."""
    return ctx.rng.choices(
        ("not_admissible", "voluntary_help", "follow_up_ended", "parket", "ocj"),
        weights=(10, 35, 35, 15, 5),
    )[0]


def _closing_outcome(ctx: Context, reached: int, mano_outcome: str) -> str:
    """A closed dossier's coded outcome (dossiers.ClosingOutcome)."""
    if mano_outcome in _OUTCOME_AFTER_MANO:
        return _OUTCOME_AFTER_MANO[mano_outcome]
    spread = vocabulary.CLOSING_WEIGHTS_EARLY if reached < 2 else vocabulary.CLOSING_WEIGHTS_LATE
    return ctx.rng.choices([code for code, _ in spread], weights=[w for _, w in spread])[0]


def _team_decision(
    ctx: Context, dossier_id: int, held: int, author: int, members: list[int], kind: int
) -> int:
    t = ctx.t
    pk = t["dossiers_teamdecision"].take_id()
    held = max(held, ctx.start_s)
    t["dossiers_teamdecision"].add(
        f"{pk}\t{dossier_id}\t{ctx.day(held // DAY)}\t\t{vocabulary.TEAM_QUESTIONS[kind]}\t"
        f"{vocabulary.TEAM_DECISIONS[kind - 1 if kind < 3 else 3]}\t{ctx.text(vocabulary.RATIONALES)}\t"
        f"{author}\t{ctx.moment(held + 3600)}\t1"
    )
    for user in dict.fromkeys([author, *members]):
        t["dossiers_teamdecision_participants"].add(
            f"{t['dossiers_teamdecision_participants'].take_id()}\t{pk}\t{user}"
        )
    return pk


def _write_conversations(
    ctx: Context,
    dossier_id: int,
    seed: DossierSeed,
    opened: int,
    end: int,
    mean: float,
    members: list[int],
) -> tuple[int, int, tuple[int, int] | None, int]:
    """Write the conversations and contacts: (first conversation id, conversations,
    (id, moment) of the latest conversation, contacts)."""
    rng = ctx.rng
    t = ctx.t
    if seed.large:
        conversations, contacts = LARGE_DOSSIER_CONVERSATIONS, 30
    else:
        total = min(150, max(1, round(rng.expovariate(1.0 / mean))))
        conversations = max(1, round(total * 0.72))
        contacts = total - conversations
    span = max(3600, end - opened)
    first = t["dossiers_conversation"].next_id
    last = None
    for moment in sorted(opened + rng.randrange(span) for _ in range(conversations)):
        pk = t["dossiers_conversation"].take_id()
        last = (pk, moment)
        interpreter = rng.random() < 0.05
        t["dossiers_conversation"].add(
            f"{pk}\t{dossier_id}\t{ctx.moment(moment)}\t"
            f"{rng.choice(('centre', 'home_visit', 'home_visit', 'school', 'phone', 'video'))}\t"
            f"{rng.choice(vocabulary.PARTICIPANTS)}\t{'Nederlands' if not interpreter else 'Arabisch'}\t"
            f"{'t' if interpreter else 'f'}\t{'Arabisch' if interpreter else ''}\t"
            f"{'t' if interpreter and rng.random() < 0.7 else 'f'}\t"
            f"{rng.choice(vocabulary.CONVERSATION_SUMMARIES)}\t{rng.choice(vocabulary.OBSERVATIONS)}\t"
            f"{rng.choice(members)}\t{ctx.moment(moment + 7200)}\t1"
        )
    for moment in sorted(opened + rng.randrange(span) for _ in range(contacts)):
        t["dossiers_professionalcontact"].add(
            f"{t['dossiers_professionalcontact'].take_id()}\t{dossier_id}\t{ctx.moment(moment)}\t"
            f"{rng.choice(vocabulary.PROFESSIONALS)}\t{rng.choice(vocabulary.ORGANISATIONS)}\t"
            f"{rng.choice(('phone', 'phone', 'email', 'meeting', 'letter'))}\t"
            f"{'t' if rng.random() < 0.8 else 'f'}\t"
            f"{rng.choice(('shared_secrecy', 'consent', 'consent', 'case_consultation', 'none_shared'))}\t"
            f"{rng.choice(vocabulary.LEARNED)}\t{rng.choice(members)}\t{ctx.moment(moment + 3600)}\t1"
        )
    return first, conversations, last, contacts


def _write_assessment(ctx: Context, dossier_id: int, moment: int, author: int) -> None:
    answers, score, band = ctx.rng.choice(ctx.scored_answers)
    judgement = "unsafe" if score >= 12 else "agreements" if score >= 6 else "safe"
    ctx.t["dossiers_assessment"].add(
        f"{ctx.t['dossiers_assessment'].take_id()}\t{dossier_id}\t{ctx.instrument_id}\t"
        f"after_exploration\t{ctx.day(moment // DAY)}\t{answers}\t{score}\t{band}\t{judgement}\t"
        f"{ctx.text(vocabulary.WORRY_DETAILS)}\t{ctx.text(vocabulary.RATIONALES)}\t{author}\t"
        f"{ctx.moment(moment + 3600)}\t1"
    )


def _write_proposal(
    ctx: Context,
    dossier_id: int,
    members: list[Member],
    moment: int,
    decision: int,
    author: int,
    reached: int,
) -> None:
    rng = ctx.rng
    t = ctx.t
    pk = t["dossiers_helpproposal"].take_id()
    day = moment // DAY
    t["dossiers_helpproposal"].add(
        f"{pk}\t{dossier_id}\t{ctx.day(day)}\t{ctx.text(vocabulary.GOALS)}\t"
        f"{ctx.text(vocabulary.ADVICE)}\t{decision}\t{author}\t{ctx.moment(moment + 3600)}\t1"
    )
    for service in rng.sample(vocabulary.SERVICES, rng.randint(1, 2)):
        status = (
            "started" if reached == 3 else rng.choice(("proposed", "contacted", "waiting_list"))
        )
        t["dossiers_referral"].add(
            f"{t['dossiers_referral'].take_id()}\t{pk}\t{service}\t{status}\t{ctx.day(day + 7)}\t\t1"
        )
    for member in members:
        asked = member.authority or (
            member.role == "child"
            and member.birth_day is not None
            and day - member.birth_day >= 12 * 365
        )
        if not asked or (reached == 2 and rng.random() < 0.4):
            continue
        answered = day + rng.randrange(1, 10)
        answer = "agreed" if reached == 3 or rng.random() < 0.8 else "refused"
        t["dossiers_consent"].add(
            f"{t['dossiers_consent'].take_id()}\t{pk}\t{member.person_id}\t{answer}\t"
            f"{ctx.day(answered)}\tpresumed\t\t\t{author}\t{ctx.moment(answered * DAY + 43200)}"
        )


def _write_planning(
    ctx: Context,
    staff: CentreStaff,
    dossier_id: int,
    opened: int,
    members: list[int],
    worker: int,
    reached: int,
    last_conversation: tuple[int, int] | None,
) -> None:
    """Tasks, check-ins and appointments of an open dossier, around today."""
    rng = ctx.rng
    t = ctx.t
    today = ctx.today_day
    centre = staff.centre_id
    for _ in range(rng.randint(1, 3)):
        owner = worker if rng.random() < 0.7 else rng.choice(members)
        due = today + rng.randint(-10, 20)
        created = max(opened, ctx.now_s - rng.randrange(DAY, 30 * DAY))
        done = rng.random() < 0.25
        done_at = ctx.moment(min(ctx.now_s - 600, created + rng.randrange(DAY, 10 * DAY)))
        reminded = ctx.day(min(today, due - 1)) if not done and due <= today + 1 else NULL
        t["work_task"].add(
            f"{t['work_task'].take_id()}\t{centre}\t{dossier_id}\ttask\t"
            f"{ctx.text(vocabulary.TASK_TITLES)}\t\t{owner}\t{ctx.day(due)}\t{worker}\t"
            f"{ctx.moment(created)}\t{done_at if done else NULL}\t{owner if done else NULL}\t\t"
            f"{reminded}\t1\t{NULL}"
        )
    if reached == 3:
        t["work_task"].add(
            f"{t['work_task'].take_id()}\t{centre}\t{dossier_id}\tcheck_in\tOpvolgmoment\t\t{worker}\t"
            f"{ctx.day(today + rng.randint(2, 15))}\t{worker}\t{ctx.moment(max(opened, ctx.now_s - 20 * DAY))}\t"
            f"{NULL}\t{NULL}\t\t{NULL}\t1\t{NULL}"
        )
    monday = today - (today + 3) % 7
    plans: list[tuple[int, str, str]] = []
    if rng.random() < 0.5:
        day = monday + rng.randrange(5)
        moment = day * DAY + 8 * 3600 + rng.randrange(8) * 3600
        plans.append((moment, "planned", NULL))
    if last_conversation is not None and rng.random() < 0.4:
        plans.append((last_conversation[1], "held", str(last_conversation[0])))
    if rng.random() < 0.4:
        plans.append(((today + rng.randint(7, 30)) * DAY + 9 * 3600, "planned", NULL))
    for moment, status, conversation in plans:
        moment = max(moment, opened + 3600)
        t["work_appointment"].add(
            f"{t['work_appointment'].take_id()}\t{centre}\t{dossier_id}\t{ctx.moment(moment)}\t"
            f"{rng.choice(('centre', 'home_visit', 'school'))}\t{rng.choice(vocabulary.PARTICIPANTS)}\t\t"
            f"{worker}\t{ctx.moment(min(ctx.now_s - 60, max(opened, moment - 7 * DAY)))}\t{status}\t{conversation}\t1"
        )


def _write_procedure(
    ctx: Context,
    staff: CentreStaff,
    dossier_id: int,
    seed: DossierSeed,
    opened: int,
    closed: int | None,
    lead: int,
    members: list[int],
    outcome: str,
) -> tuple[int, int, int]:
    """A MaNo procedure on the dossier, in a state that fits the dossier's; `outcome`:
    how it ended when the dossier is closed (`_mano_outcome`)."""
    rng = ctx.rng
    t = ctx.t
    wd = ctx.workdays
    pk = t["mano_procedure"].take_id()
    received = opened // DAY
    year = int(ctx.day(received)[:4])
    prefix = f"M-{staff.prefix}-{year}-"
    number = ctx.references.get(prefix, 0) + 1
    ctx.references[prefix] = number
    deadline = wd.add(received, 65)
    admissible_on = wd.add(received, rng.randint(5, 15))
    decided_on = wd.add(received, rng.randint(30, 72))
    if closed is not None:
        state = "closed"
    else:
        outcome = ""
        elapsed = ctx.today_day - received
        state = (
            "received"
            if ctx.today_day < admissible_on
            else "investigation"
            if ctx.today_day < decided_on or elapsed < 80
            else rng.choice(("mandated_follow_up", "mandated_follow_up", "referred_to_parket"))
        )
    admissibility = admissibility_on = ""
    decision = decision_on = parket_on = ""
    closed_on = ""
    history: list[tuple[int, str, str, bool]] = [(received, "", "received", False)]
    if state != "received":
        admissibility = "not_admissible" if outcome == "not_admissible" else "admissible"
        admissibility_on = ctx.day(admissible_on)
        next_state = "closed" if admissibility == "not_admissible" else "investigation"
        history.append((admissible_on, "received", next_state, True))
    if outcome in ("voluntary_help", "follow_up_ended", "parket", "ocj") or state in (
        "mandated_follow_up",
        "referred_to_parket",
    ):
        kind = {
            "voluntary_help": "not_necessary",
            "parket": "parket",
            "referred_to_parket": "parket",
        }.get(outcome or state, "necessary")
        decision, decision_on = kind, ctx.day(decided_on)
        after = {
            "not_necessary": "closed",
            "necessary": "mandated_follow_up",
            "parket": "referred_to_parket",
        }[kind]
        if outcome == "ocj":
            after = "closed"
        history.append((decided_on, "investigation", after, True))
        if kind == "parket":
            parket_on = ctx.day(decided_on)
        if closed is not None and after != "closed":
            history.append((max(decided_on + 1, closed // DAY), after, "closed", False))
    if closed is not None:
        closed_on = ctx.day(max(closed // DAY, decided_on if decision else admissible_on))
    referrer = rng.choices(
        ("youth_help", "jeugdparket", "parent", "other_service", "minor"),
        weights=(50, 15, 10, 20, 5),
    )[0]
    t["mano_procedure"].add(
        "\t".join(
            (
                str(pk),
                str(staff.centre_id),
                f"{prefix}{number:04d}",
                str(dossier_id),
                str(seed.report_id) if seed.track == "mano" else NULL,
                state,
                ctx.day(received),
                referrer,
                f"{ctx.names.first('f', True)} ({rng.choice(vocabulary.ORGANISATIONS)})",
                "",
                ctx.text(vocabulary.MANO_MOTIVATIONS),
                NULL,
                "t",
                "t",
                "t" if rng.random() < 0.9 else NULL,
                "t",
                ctx.day(received - 3),
                "received",
                "65",
                ctx.day(received),
                ctx.day(deadline),
                admissibility,
                "Voorwaarden vervuld." if admissibility else "",
                "",
                admissibility_on or NULL,
                decision,
                decision_on or NULL,
                "Motivering van het team." if decision else "",
                parket_on or NULL,
                "Weigering van hulp." if parket_on else "",
                "t" if outcome == "voluntary_help" else "f",
                outcome,
                closed_on or NULL,
                str(lead),
                ctx.moment(opened + 600),
                "1",
            )
        )
    )
    for day, before, after, needs_decision in history:
        day = min(day, ctx.today_day)
        decision_id = (
            _team_decision(ctx, dossier_id, day * DAY - 3600, lead, members, 3)
            if needs_decision
            else None
        )
        t["mano_procedurehistory"].add(
            f"{t['mano_procedurehistory'].take_id()}\t{pk}\t{ctx.moment(day * DAY + 36000)}\t{lead}\t"
            f"{before}\t{after}\t{staff.centre_id}\t\t{NULL if decision_id is None else decision_id}"
        )
    if outcome == "ocj":
        t["mano_move"].add(
            f"{t['mano_move'].take_id()}\t{pk}\t{staff.centre_id}\t{NULL}\tOCJ {rng.choice(staff.cities)}\t"
            f"Het gezin werkt niet mee; overdracht aan het OCJ.\t{closed_on}\t{lead}\t{dossier_id}"
        )
    end = closed if closed is not None else ctx.now_s + DAY
    return pk, opened, end


def _write_disclosure(
    ctx: Context, staff: CentreStaff, dossier_id: int, worker: int, opened: int, end: int
) -> None:
    t = ctx.t
    contact = t["dossiers_professionalcontact"].next_id - 1
    pk = t["access_disclosure"].take_id()
    t["access_disclosure"].add(
        f"{pk}\t{staff.centre_id}\t{dossier_id}\tprofessional\t"
        f"{ctx.rng.choice(vocabulary.PROFESSIONALS)}\tshared_secrecy\t\t"
        f"Zorgen en afspraken uit het huisbezoek\t{worker}\t{ctx.moment(end)}\t"
        f"dossiers.professionalcontact\t{contact}"
    )


def _write_emergency_accesses(ctx: Context, staff: CentreStaff, result: CaseResult) -> None:
    """A few breaks of the glass by intake workers, most of them reviewed afterwards."""
    rng = ctx.rng
    t = ctx.t
    if not result.d_id or not staff.intake:
        return
    for _ in range(max(1, round(len(result.d_id) * 0.004))):
        index = rng.randrange(len(result.d_id))
        started = min(
            ctx.now_s - 3 * DAY,
            result.d_open[index]
            + rng.randrange(max(3600, result.d_close[index] - result.d_open[index])),
        )
        started = max(started, result.d_open[index])
        user = rng.choice(staff.intake)
        reviewed = rng.random() < 0.85
        reviewer = result.d_lead[index]
        t["access_emergencyaccess"].add(
            f"{t['access_emergencyaccess'].take_id()}\t{staff.centre_id}\t{user}\t{result.d_id[index]}\t"
            f"Weekenddienst: de politie belt over een crisis in dit gezin.\t{ctx.moment(started)}\t"
            f"{ctx.moment(started + 4 * 3600)}\t{ctx.moment(started + 3600)}\t"
            f"{ctx.moment(started + 2 * DAY) if reviewed else NULL}\t{reviewer if reviewed else NULL}\t"
            f"{'justified' if reviewed else ''}\t\t1"
        )

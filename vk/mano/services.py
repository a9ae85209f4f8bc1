"""The MaNo procedure: registration, one service per transition, moves, deadlines.

Each transition re-reads the procedure under a row lock, checks the state against
TRANSITIONS and the centre, writes a ProcedureHistory row and an audit entry in the
same transaction. Admissibility and every decision rest on a team decision of the
procedure's dossier that no other step used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, Province, Role, User
from vk.dossiers import services as dossier_services
from vk.dossiers.models import Assignment, Dossier, DossierMember, TeamDecision
from vk.intake.models import Report, Track
from vk.intake.services import REFERENCE_PREFIX
from vk.lib.locking import save_versioned
from vk.lib.rls import all_centres
from vk.lib.workdays import add_working_days, describe_time_left, working_days_between
from vk.mano.models import (
    CONDITIONS,
    OPEN_STATES,
    TRANSITIONS,
    Admissibility,
    ClockStart,
    Decision,
    Move,
    Outcome,
    Procedure,
    ProcedureHistory,
    State,
)
from vk.people.models import Person


class ManoError(Exception):
    """A change to a MaNo procedure that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class Referral:
    received_on: date
    referrer_kind: str
    referrer_name: str
    motivation_summary: str
    conditions: Mapping[str, bool | None]
    referrer_contact: str = ""
    family_informed_on: date | None = None


# Registration -----------------------------------------------------------------------


def register_procedure(
    *, dossier: Dossier, by: User, referral: Referral, report: Report | None = None
) -> Procedure:
    """A MaNo referral for a family whose dossier is open (from intake or running help)."""
    if referral.received_on > timezone.localdate():
        raise ManoError(_("A referral cannot be received in the future."))
    unknown = set(referral.conditions) - set(CONDITIONS)
    if unknown:
        raise ManoError(_("Unknown referral condition."))
    with transaction.atomic():
        current = Dossier.objects.select_for_update().select_related("centre").get(pk=dossier.pk)
        if current.centre_id != by.centre_id:
            raise ManoError(_("This dossier belongs to another centre."))
        if not current.is_open:
            raise ManoError(_("Reopen the dossier before starting a MaNo procedure."))
        if current.mano_procedures.exclude(state=State.CLOSED).exists():
            raise ManoError(_("This family already has a MaNo procedure in progress."))
        centre = Centre.objects.select_for_update().get(pk=current.centre_id)
        procedure = Procedure(
            centre=centre,
            reference=_next_reference(centre),
            dossier=current,
            report=report,
            received_on=referral.received_on,
            referrer_kind=referral.referrer_kind,
            referrer_name=referral.referrer_name.strip(),
            referrer_contact=referral.referrer_contact.strip(),
            motivation_summary=referral.motivation_summary,
            family_informed_on=referral.family_informed_on,
            clock_start=centre.mano_clock_start,
            deadline_working_days=centre.mano_deadline_working_days,
            registered_by=by,
            **{name: referral.conditions.get(name) for name in CONDITIONS},
        )
        if procedure.clock_start == ClockStart.RECEIVED:
            _start_clock(procedure, referral.received_on)
        procedure.save()
        ProcedureHistory.objects.create(
            procedure=procedure, by=by, to_state=State.RECEIVED, centre=centre
        )
        record_event(
            action=Action.CREATE,
            event="mano.procedure.registered",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=procedure,
            detail={
                "dossier": current.pk,
                "report": report.pk if report else None,
                "referrer": referral.referrer_kind,
                "missing": len(procedure.missing_conditions()),
            },
        )
    return procedure


def open_from_report(
    *,
    report: Report,
    by: User,
    case_workers: Sequence[User],
    of_record: User,
    referral: Referral,
) -> Procedure:
    """A report triaged as MaNo procedure: open the family's dossier and the procedure."""
    if report.track != Track.MANO:
        raise ManoError(_("This report was not triaged as a MaNo procedure."))
    with transaction.atomic():
        try:
            dossier = dossier_services.open_dossier(
                report=report, by=by, case_workers=case_workers, of_record=of_record
            )
        except dossier_services.DossierError as error:
            raise ManoError(str(error)) from error
        return register_procedure(dossier=dossier, by=by, referral=referral, report=report)


# Transitions ------------------------------------------------------------------------


def declare_admissible(
    *, procedure: Procedure, by: User, team_decision: TeamDecision | None, justification: str = ""
) -> Procedure:
    """Start the investigation; conditions not met must be justified."""
    missing = procedure.missing_conditions()
    if procedure.is_professional_referral and procedure.motivation_document_id is None:
        missing.append(_("the motivation document (M-document) was received"))
    if missing and not justification.strip():
        raise ManoError(
            _("Justify why the procedure is admissible although not met: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    today = timezone.localdate()

    def admit(current: Procedure) -> None:
        current.admissibility = Admissibility.ADMISSIBLE
        current.admissibility_on = today
        current.conditions_justification = justification.strip()
        if current.clock_start == ClockStart.ADMISSIBLE:
            _start_clock(current, today)

    return _transition(
        procedure,
        by,
        State.INVESTIGATION,
        team_decision,
        change=admit,
        note=justification,
        from_states=(State.RECEIVED,),
    )


def declare_not_admissible(
    *, procedure: Procedure, by: User, team_decision: TeamDecision | None, reason: str
) -> Procedure:
    if not reason.strip():
        raise ManoError(_("Say why the referral is not admissible."))
    today = timezone.localdate()

    def refuse(current: Procedure) -> None:
        current.admissibility = Admissibility.NOT_ADMISSIBLE
        current.admissibility_on = today
        current.admissibility_reason = reason.strip()
        current.outcome = Outcome.NOT_ADMISSIBLE
        current.closed_on = today

    return _transition(
        procedure,
        by,
        State.CLOSED,
        team_decision,
        change=refuse,
        note=reason,
        from_states=(State.RECEIVED,),
    )


def decide_not_necessary(
    *,
    procedure: Procedure,
    by: User,
    team_decision: TeamDecision | None,
    motivation: str,
    agreed_with_referrer: bool,
) -> Procedure:
    """Help is not socially necessary: back to voluntary help, as agreed with the referrer."""
    if not agreed_with_referrer:
        raise ManoError(_("Agree with the referrer how the voluntary help goes on first."))
    today = timezone.localdate()

    def decide(current: Procedure) -> None:
        _decide(current, Decision.NOT_NECESSARY, motivation, today)
        current.agreed_with_referrer = True
        current.outcome = Outcome.BACK_TO_VOLUNTARY_HELP
        current.closed_on = today

    return _transition(
        procedure,
        by,
        State.CLOSED,
        team_decision,
        change=decide,
        note=motivation,
        from_states=(State.INVESTIGATION,),
    )


def decide_necessary(
    *, procedure: Procedure, by: User, team_decision: TeamDecision | None, motivation: str
) -> Procedure:
    """Help is socially necessary: mandated, persistent follow-up."""
    today = timezone.localdate()
    return _transition(
        procedure,
        by,
        State.MANDATED_FOLLOW_UP,
        team_decision,
        change=lambda current: _decide(current, Decision.NECESSARY, motivation, today),
        note=motivation,
        from_states=(State.INVESTIGATION,),
    )


def refer_to_parket(
    *, procedure: Procedure, by: User, team_decision: TeamDecision | None, motivation: str
) -> Procedure:
    """The family refuses the help or does not cooperate: the file goes to the Jeugdparket."""
    today = timezone.localdate()

    def refer(current: Procedure) -> None:
        if current.state == State.INVESTIGATION:
            _decide(current, Decision.PARKET, motivation, today)
        elif not motivation.strip():
            raise ManoError(_("Give the motivation of the decision."))
        current.parket_referred_on = today
        current.parket_motivation = motivation.strip()

    return _transition(
        procedure,
        by,
        State.REFERRED_TO_PARKET,
        team_decision,
        change=refer,
        note=motivation,
        from_states=(State.INVESTIGATION, State.MANDATED_FOLLOW_UP),
    )


def end_follow_up(
    *, procedure: Procedure, by: User, team_decision: TeamDecision | None, note: str
) -> Procedure:
    """The mandated follow-up ends: the help is installed and the child safe enough."""
    if not note.strip():
        raise ManoError(_("Say why the mandated follow-up ends."))
    today = timezone.localdate()

    def end(current: Procedure) -> None:
        current.outcome = Outcome.FOLLOW_UP_ENDED
        current.closed_on = today

    return _transition(
        procedure,
        by,
        State.CLOSED,
        team_decision,
        change=end,
        note=note,
        from_states=(State.MANDATED_FOLLOW_UP,),
    )


def close_after_parket(*, procedure: Procedure, by: User, note: str = "") -> Procedure:
    """Close the procedure once its file was sent to the Jeugdparket."""
    today = timezone.localdate()

    def close(current: Procedure) -> None:
        if not _parket_file_sent(current):
            raise ManoError(_("Send the file to the Jeugdparket before closing."))
        current.outcome = Outcome.REFERRED_TO_PARKET
        current.closed_on = today

    return _transition(
        procedure,
        by,
        State.CLOSED,
        None,
        change=close,
        note=note,
        needs_decision=False,
        from_states=(State.REFERRED_TO_PARKET,),
    )


def _parket_file_sent(procedure: Procedure) -> bool:
    """Whether an approved transfer report was sent (see vk/mano/disclosure.py)."""
    transfers = getattr(procedure, "transfers", None)
    if transfers is None:
        return False
    return bool(transfers.filter(sent_on__isnull=False).exists())


def record_decision_date(
    *, procedure: Procedure, by: User, purpose: Purpose, expected_version: int, decision_on: date
) -> Procedure:
    """Record the decision date a decided procedure lacks (data quality: without it the
    on-time share cannot count the procedure). A date once recorded is not changed here,
    so the on-time figures cannot be moved afterwards; a stale form raises EditConflict."""
    with transaction.atomic():
        current = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if current.centre_id != by.centre_id:
            raise ManoError(_("This procedure is followed by another centre."))
        if current.decision_on is not None:
            raise ManoError(_("The decision date is already recorded."))
        earliest = max(day for day in (current.received_on, current.admissibility_on) if day)
        if decision_on < earliest:
            raise ManoError(
                _("The decision cannot lie before %(date)s (receipt or admissibility).")
                % {"date": earliest.strftime("%d/%m/%Y")}
            )
        if decision_on > timezone.localdate():
            raise ManoError(_("The decision date cannot lie in the future."))
        if current.closed_on is not None and decision_on > current.closed_on:
            raise ManoError(_("The decision date cannot lie after the procedure was closed."))
        save_versioned(
            current, expected_version=expected_version, changes={"decision_on": decision_on}
        )
        record_event(
            action=Action.UPDATE,
            event="mano.procedure.decision_date_recorded",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"fields": ["decision_on"]},
        )
    return current


# Moves ------------------------------------------------------------------------------


def move_to_centre(*, procedure: Procedure, by: User, to_centre: Centre, reason: str) -> Procedure:
    """The family moved: the procedure goes on at the competent centre.

    The receiving centre gets a dossier with a copy of the family (the persons are
    copied, as for a transferred report) and the procedure with its history, referral,
    admissibility and clock. The sending centre keeps its own dossier and conversations.
    """
    if not reason.strip():
        raise ManoError(_("Say why the procedure moves."))
    if not by.has_role(Role.TEAM_LEAD):
        raise ManoError(_("Only a team lead moves a procedure to another centre."))
    # The family and the procedure go to the competent centre: a write into another
    # centre, outside the row-level security of the request (vk/lib/rls.py).
    with transaction.atomic(), all_centres():
        current = _lock(procedure, by)
        if not current.is_open:
            raise ManoError(_("A closed procedure does not move."))
        if to_centre.pk == current.centre_id:
            raise ManoError(_("Choose another centre."))
        old_dossier = current.dossier
        new_dossier = _copy_dossier(old_dossier, to_centre, by)
        Move.objects.create(
            procedure=current,
            from_centre_id=current.centre_id,
            to_centre=to_centre,
            reason=reason.strip(),
            by=by,
            from_dossier=old_dossier,
        )
        previous_centre = current.centre_id
        current.centre = to_centre
        current.dossier = new_dossier
        current.row_version += 1
        current.save(update_fields=["centre", "dossier", "row_version"])
        ProcedureHistory.objects.create(
            procedure=current,
            by=by,
            from_state=current.state,
            to_state=current.state,
            centre=to_centre,
            note=reason.strip(),
        )
        record_event(
            action=Action.EXPORT,
            event="mano.procedure.moved",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=current,
            detail={"from_centre": previous_centre, "to_centre": to_centre.pk},
        )
    return current


def move_to_ocj(*, procedure: Procedure, by: User, ocj: str, reason: str) -> Procedure:
    """The procedure goes to an OCJ (ondersteuningscentrum jeugdzorg) and closes here."""
    if not ocj.strip() or not reason.strip():
        raise ManoError(_("Name the OCJ and say why the procedure moves."))
    today = timezone.localdate()

    def move(current: Procedure) -> None:
        Move.objects.create(
            procedure=current,
            from_centre_id=current.centre_id,
            to_ocj=ocj.strip(),
            reason=reason.strip(),
            by=by,
            from_dossier=current.dossier,
        )
        current.outcome = Outcome.TRANSFERRED_TO_OCJ
        current.closed_on = today

    if not by.has_role(Role.TEAM_LEAD):
        raise ManoError(_("Only a team lead moves a procedure to an OCJ."))
    return _transition(
        procedure,
        by,
        State.CLOSED,
        None,
        change=move,
        note=reason,
        needs_decision=False,
        from_states=OPEN_STATES,
    )


def take_over(
    *, procedure: Procedure, by: User, case_workers: Sequence[User], of_record: User
) -> Procedure:
    """The receiving centre's team lead puts a team on a procedure that moved in."""
    if not by.has_role(Role.TEAM_LEAD) or procedure.centre_id != by.centre_id:
        raise ManoError(_("Only a team lead of the centre puts a team on the procedure."))
    team = {worker.pk: worker for worker in [*case_workers, of_record]}
    for worker in team.values():
        if worker.centre_id != by.centre_id or not worker.is_active:
            raise ManoError(_("Only active colleagues of your centre can be on the team."))
    with transaction.atomic():
        current = _lock(procedure, by)
        dossier = current.dossier
        Assignment.objects.filter(dossier=dossier).delete()
        Assignment.objects.bulk_create(
            Assignment(dossier=dossier, user=worker, of_record=worker.pk == of_record.pk)
            for worker in team.values()
        )
        record_event(
            action=Action.UPDATE,
            event="mano.procedure.team_assigned",
            purpose=Purpose.OVERSIGHT,
            by=by,
            obj=current,
            detail={"dossier": dossier.pk, "team": sorted(team)},
        )
    return current


# Deadlines --------------------------------------------------------------------------


def time_left(procedure: Procedure, today: date | None = None) -> str:
    """ "12 working days left", "3 working days late", or "" when no clock runs."""
    if (
        procedure.deadline is None
        or procedure.decision_on is not None
        or not procedure.is_open
        or procedure.admissibility == Admissibility.NOT_ADMISSIBLE
    ):
        return ""
    return describe_time_left(procedure.deadline, today or timezone.localdate())


def is_overdue(procedure: Procedure, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        procedure.deadline is not None
        and procedure.decision_on is None
        and procedure.is_open
        and procedure.admissibility != Admissibility.NOT_ADMISSIBLE
        and working_days_between(today, procedure.deadline) < 0
    )


@dataclass(frozen=True)
class OnTime:
    decided: int
    on_time: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


def on_time_share(procedures: QuerySet[Procedure]) -> OnTime:
    """Of the procedures decided with a running clock, how many on or before their
    deadline: one aggregate query."""
    counts = procedures.filter(decision_on__isnull=False, deadline__isnull=False).aggregate(
        decided=Count("pk"), on_time=Count("pk", filter=Q(decision_on__lte=F("deadline")))
    )
    return OnTime(counts["decided"], counts["on_time"])


# Internals --------------------------------------------------------------------------


def _start_clock(procedure: Procedure, start: date) -> None:
    procedure.clock_started_on = start
    procedure.deadline = add_working_days(start, procedure.deadline_working_days)


def _decide(procedure: Procedure, decision: str, motivation: str, today: date) -> None:
    if not motivation.strip():
        raise ManoError(_("Give the motivation of the decision."))
    procedure.decision = decision
    procedure.decision_on = today
    procedure.decision_motivation = motivation.strip()


def _lock(procedure: Procedure, by: User) -> Procedure:
    current = Procedure.objects.select_for_update().select_related("dossier").get(pk=procedure.pk)
    if current.centre_id != by.centre_id:
        raise ManoError(_("This procedure belongs to another centre."))
    return current


def _transition(
    procedure: Procedure,
    by: User,
    to_state: str,
    team_decision: TeamDecision | None,
    *,
    change: object,
    from_states: tuple[str, ...],
    note: str = "",
    needs_decision: bool = True,
) -> Procedure:
    with transaction.atomic():
        current = _lock(procedure, by)
        if current.state not in from_states or to_state not in TRANSITIONS[current.state]:
            raise ManoError(
                _("A procedure in state “%(state)s” cannot go to “%(target)s”.")
                % {"state": current.get_state_display(), "target": State(to_state).label}
            )
        if needs_decision:
            _check_decision(current, team_decision)
        previous = current.state
        change(current)  # type: ignore[operator]
        current.state = to_state
        current.row_version += 1
        current.save()
        ProcedureHistory.objects.create(
            procedure=current,
            by=by,
            from_state=previous,
            to_state=to_state,
            centre_id=current.centre_id,
            note=note.strip(),
            team_decision=team_decision,
        )
        record_event(
            action=Action.UPDATE,
            event="mano.procedure.state_changed",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=current,
            detail={
                "from": previous,
                "to": to_state,
                "decision": team_decision.pk if team_decision else None,
                "outcome": current.outcome or None,
            },
        )
    return current


def _check_decision(procedure: Procedure, decision: TeamDecision | None) -> None:
    if decision is None:
        raise ManoError(_("This step rests on a team decision: record the team discussion first."))
    if decision.dossier_id != procedure.dossier_id:
        raise ManoError(_("That team decision belongs to another dossier."))
    if ProcedureHistory.objects.filter(team_decision=decision).exists():
        raise ManoError(_("That team decision was already used for another step."))


def _copy_dossier(dossier: Dossier, to_centre: Centre, by: User) -> Dossier:
    """A dossier at the receiving centre with a copy of the family; no team yet."""
    Centre.objects.select_for_update().get(pk=to_centre.pk)  # serialises references
    new = Dossier.objects.create(
        centre=to_centre,
        reference=dossier_services.next_reference(to_centre),
        opened_by=by,
    )
    # The reports stay with the sending centre; the receiving centre gets the family.
    for member in dossier.members.select_related("person"):
        person = member.person
        copy = Person.objects.get(pk=person.pk)
        copy.pk = None
        copy.centre = to_centre
        copy.copied_from = person
        copy.save()
        DossierMember.objects.create(
            dossier=new,
            person=copy,
            relationship=member.relationship,
            parental_authority=member.parental_authority,
        )
    dossier_services.record_opening(new, by)
    return new


def _next_reference(centre: Centre) -> str:
    year = timezone.localdate().year
    prefix = f"M-{REFERENCE_PREFIX.get(Province(centre.province), 'VK')}-{year}-"
    last = Procedure.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def attach_motivation_document(*, procedure: Procedure, by: User, document_id: int) -> Procedure:
    """Link the motivation document (M-document), uploaded to the dossier, to the procedure."""
    with transaction.atomic():
        current = _lock(procedure, by)
        if not current.dossier.documents.filter(pk=document_id).exists():
            raise ManoError(_("That document is not in this family's dossier."))
        current.motivation_document_id = document_id
        current.row_version += 1
        current.save(update_fields=["motivation_document", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="mano.procedure.motivation_document",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=current,
            detail={"document": document_id},
        )
    return current

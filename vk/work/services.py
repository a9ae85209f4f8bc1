"""Tasks, check-ins and appointments: one service per change.

Each service runs in one transaction, re-reads what it changes under a row lock (the
dossier first, then the task or appointment, always in that order), refuses a stale
edit (`row_version`, vk.lib.locking), writes its audit entry in the same transaction
and schedules reminder mail with `transaction.on_commit`. The caller passes the grounds
of its access (`purpose`, from vk.access.rules) for the audit entry.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.dossiers import services as dossier_services
from vk.dossiers.models import Assignment, Conversation, Dossier, State, TeamDecision
from vk.lib.locking import save_versioned
from vk.lib.workdays import add_working_days
from vk.work.models import Appointment, AppointmentStatus, Task, TaskKind
from vk.work.reminders import schedule_reminder

# The quick choices of the task form: due in this many working days.
QUICK_DUE_WORKING_DAYS = (2, 5, 10)
MAX_CHECK_INS = 12
MAX_CHECK_IN_SPACING = 60
# An appointment typed for "now" is a minute old by the time the form is sent.
_PAST_TOLERANCE = timedelta(minutes=5)


class WorkError(Exception):
    """A change to a task or appointment that cannot be made; the message is for the user."""


# Tasks ----------------------------------------------------------------------------


def due_date(*, on: date | None = None, in_working_days: int | None = None) -> date:
    """The due date from a date, or from a number of working days from today."""
    if on is not None and in_working_days is None:
        if on < timezone.localdate():
            raise WorkError(_("The due date lies in the past."))
        return on
    if in_working_days is not None and on is None:
        if in_working_days < 0:
            raise WorkError(_("The due date lies in the past."))
        return add_working_days(timezone.localdate(), in_working_days)
    raise WorkError(_("Choose a due date or a number of working days."))


def create_task(
    *,
    by: User,
    owner: User,
    title: str,
    due_on: date | None = None,
    due_in_working_days: int | None = None,
    dossier: Dossier | None = None,
    description: str = "",
    kind: str = TaskKind.TASK,
    purpose: Purpose = Purpose.ASSIGNMENT,
    team_decision: TeamDecision | None = None,
) -> Task:
    """A task for `owner`, due on a date or N working days from today.

    In a dossier the owner must be on its team and the dossier must be open. A task
    can be a follow-up action of a team decision of the same dossier.
    """
    if team_decision is not None and (dossier is None or team_decision.dossier_id != dossier.pk):
        raise WorkError(_("That team decision belongs to another dossier."))
    due = due_date(on=due_on, in_working_days=due_in_working_days)
    title = title.strip()
    if not title:
        raise WorkError(_("Give the task a short title."))
    if kind == TaskKind.CHECK_IN and dossier is None:
        raise WorkError(_("A check-in belongs to a dossier."))
    _check_colleague(owner, by)
    with transaction.atomic():
        if dossier is not None:
            dossier = _lock_open(dossier, by)
            _check_on_team(owner, dossier)
        task = Task.objects.create(
            centre_id=_centre_id(by),
            dossier=dossier,
            kind=kind,
            title=title,
            description=description,
            owner=owner,
            due_on=due,
            created_by=by,
            team_decision=team_decision,
        )
        record_event(
            action=Action.CREATE,
            event="work.task.created",
            purpose=purpose,
            by=by,
            obj=task,
            detail={
                "dossier": dossier.pk if dossier else None,
                "kind": kind,
                "owner": owner.pk,
                "due_on": due.isoformat(),
            },
        )
        _remind_on_commit(task)
    return task


def update_task(
    *,
    task: Task,
    by: User,
    expected_version: int,
    title: str,
    description: str,
    owner: User,
    due_on: date,
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> Task:
    """Change an open task; raises vk.lib.locking.EditConflict on a stale form."""
    title = title.strip()
    if not title:
        raise WorkError(_("Give the task a short title."))
    _check_colleague(owner, by)
    with transaction.atomic():
        dossier = _lock_open(task.dossier, by) if task.dossier is not None else None
        current = _lock_task(task, by)
        if current.is_done:
            raise WorkError(_("This task is done; reopen it to change it."))
        if dossier is not None and owner.pk != current.owner_id:
            _check_on_team(owner, dossier)
        if due_on != current.due_on and due_on < timezone.localdate():
            raise WorkError(_("The due date lies in the past."))
        changes: dict[str, object] = {
            "title": title,
            "description": description,
            "owner": owner,
            "due_on": due_on,
        }
        remind_again = due_on != current.due_on or owner.pk != current.owner_id
        if remind_again:
            # A new due date, or a new owner, deserves its own reminder.
            changes["reminder_sent_on"] = None
        changed = save_versioned(current, expected_version=expected_version, changes=changes)
        record_event(
            action=Action.UPDATE,
            event="work.task.changed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"fields": changed, "owner": owner.pk, "due_on": due_on.isoformat()},
        )
        if remind_again:
            _remind_on_commit(current)
    return current


def complete_task(
    *, task: Task, by: User, outcome: str = "", purpose: Purpose = Purpose.ASSIGNMENT
) -> Task:
    """Mark a task done; a check-in needs its outcome."""
    outcome = outcome.strip()
    with transaction.atomic():
        current = _lock_task(task, by)
        if current.is_done:
            raise WorkError(_("This task was already marked done."))
        if current.kind == TaskKind.CHECK_IN and not outcome:
            raise WorkError(_("Write down the outcome of the check-in."))
        current.done_at = timezone.now()
        current.done_by = by
        current.outcome = outcome or current.outcome
        current.row_version += 1
        current.save(update_fields=["done_at", "done_by", "outcome", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="work.task.completed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"kind": current.kind, "late": current.due_on < timezone.localdate()},
        )
    return current


def reopen_task(*, task: Task, by: User, purpose: Purpose = Purpose.ASSIGNMENT) -> Task:
    """Undo "done" (marked by mistake, or the work turned out unfinished)."""
    with transaction.atomic():
        current = _lock_task(task, by)
        if not current.is_done:
            raise WorkError(_("This task is still open."))
        current.done_at = None
        current.done_by = None
        current.row_version += 1
        current.save(update_fields=["done_at", "done_by", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="work.task.reopened",
            purpose=purpose,
            by=by,
            obj=current,
        )
    return current


def plan_check_ins(
    *,
    dossier: Dossier,
    by: User,
    owner: User,
    every_working_days: int,
    count: int,
    description: str = "",
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> list[Task]:
    """`count` check-ins for `owner`, the first `every_working_days` working days from
    today and each next one as many working days later. Only during the follow-up."""
    if not 1 <= count <= MAX_CHECK_INS:
        raise WorkError(
            _("Plan between 1 and %(max)d check-ins at a time.") % {"max": MAX_CHECK_INS}
        )
    if not 1 <= every_working_days <= MAX_CHECK_IN_SPACING:
        raise WorkError(
            _("Space check-ins between 1 and %(max)d working days apart.")
            % {"max": MAX_CHECK_IN_SPACING}
        )
    _check_colleague(owner, by)
    today = timezone.localdate()
    with transaction.atomic():
        current = _lock_open(dossier, by)
        if current.state != State.FOLLOW_UP:
            raise WorkError(_("Check-ins are planned during the follow-up."))
        _check_on_team(owner, current)
        tasks = [
            Task.objects.create(
                centre_id=current.centre_id,
                dossier=current,
                kind=TaskKind.CHECK_IN,
                title=_("Check-in %(number)d of %(count)d") % {"number": number, "count": count},
                description=description,
                owner=owner,
                due_on=add_working_days(today, every_working_days * number),
                created_by=by,
            )
            for number in range(1, count + 1)
        ]
        record_event(
            action=Action.CREATE,
            event="work.check_ins.planned",
            purpose=purpose,
            by=by,
            obj=current,
            detail={
                "tasks": [task.pk for task in tasks],
                "owner": owner.pk,
                "every": every_working_days,
            },
        )
        for task in tasks:
            _remind_on_commit(task)
    return tasks


# Appointments ---------------------------------------------------------------------


def plan_appointment(
    *,
    dossier: Dossier,
    by: User,
    starts_at: datetime,
    place: str,
    with_whom: str,
    note: str = "",
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> Appointment:
    _check_not_past(starts_at)
    with transaction.atomic():
        current = _lock_open(dossier, by)
        appointment = Appointment.objects.create(
            centre_id=current.centre_id,
            dossier=current,
            starts_at=starts_at,
            place=place,
            with_whom=with_whom.strip(),
            note=note,
            planned_by=by,
        )
        record_event(
            action=Action.CREATE,
            event="work.appointment.planned",
            purpose=purpose,
            by=by,
            obj=appointment,
            detail={"dossier": current.pk, "place": place},
        )
    return appointment


def update_appointment(
    *,
    appointment: Appointment,
    by: User,
    expected_version: int,
    starts_at: datetime,
    place: str,
    with_whom: str,
    note: str,
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> Appointment:
    """Change a planned appointment; raises vk.lib.locking.EditConflict on a stale form."""
    with transaction.atomic():
        _lock_open(appointment.dossier, by)
        current = _lock_appointment(appointment, by)
        if current.status != AppointmentStatus.PLANNED:
            raise WorkError(_("Only a planned appointment can be changed."))
        if starts_at != current.starts_at:
            _check_not_past(starts_at)
        changed = save_versioned(
            current,
            expected_version=expected_version,
            changes={
                "starts_at": starts_at,
                "place": place,
                "with_whom": with_whom.strip(),
                "note": note,
            },
        )
        record_event(
            action=Action.UPDATE,
            event="work.appointment.changed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"fields": changed},
        )
    return current


def cancel_appointment(
    *,
    appointment: Appointment,
    by: User,
    expected_version: int,
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> Appointment:
    return _close_appointment(
        appointment, by, expected_version, AppointmentStatus.CANCELLED, purpose
    )


def mark_not_attended(
    *,
    appointment: Appointment,
    by: User,
    expected_version: int,
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> Appointment:
    """The family did not come (or the visit found nobody home)."""
    if not appointment.has_started(timezone.now()):
        raise WorkError(_("This appointment has not started yet."))
    return _close_appointment(
        appointment, by, expected_version, AppointmentStatus.NOT_ATTENDED, purpose
    )


def record_appointment_as_conversation(
    *,
    appointment: Appointment,
    by: User,
    purpose: Purpose = Purpose.ASSIGNMENT,
    **conversation: Any,
) -> Conversation:
    """Write the conversation of an appointment that took place and link the two.

    `conversation` holds the arguments of dossiers.services.add_conversation (held_at,
    place, participants, summary, …), as the dossiers' ConversationForm cleans them.
    """
    with transaction.atomic():
        _lock_open(appointment.dossier, by)
        current = _lock_appointment(appointment, by)
        if current.conversation_id is not None:
            raise WorkError(_("This appointment was already recorded as a conversation."))
        if current.status != AppointmentStatus.PLANNED:
            raise WorkError(
                _("An appointment with status “%(status)s” cannot be recorded as a conversation.")
                % {"status": current.get_status_display()}
            )
        if not current.has_started(timezone.now()):
            raise WorkError(_("This appointment has not started yet."))
        try:
            record = dossier_services.add_conversation(
                dossier=current.dossier, by=by, **conversation
            )
        except dossier_services.DossierError as error:
            raise WorkError(str(error)) from error
        current.conversation = record
        current.status = AppointmentStatus.HELD
        current.row_version += 1
        current.save(update_fields=["conversation", "status", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="work.appointment.recorded",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"conversation": record.pk},
        )
    return record


# Helpers --------------------------------------------------------------------------


def _close_appointment(
    appointment: Appointment, by: User, expected_version: int, status: str, purpose: Purpose
) -> Appointment:
    with transaction.atomic():
        current = _lock_appointment(appointment, by)
        if current.status != AppointmentStatus.PLANNED:
            raise WorkError(_("Only a planned appointment can be changed."))
        save_versioned(current, expected_version=expected_version, changes={"status": status})
        record_event(
            action=Action.UPDATE,
            event="work.appointment.status_changed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"status": status},
        )
    return current


def _lock_open(dossier: Dossier, by: User) -> Dossier:
    """The dossier, re-read under a row lock: still open and of the user's centre."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.centre_id != by.centre_id:
        raise WorkError(_("This dossier belongs to another centre."))
    if not current.is_open:
        raise WorkError(_("This dossier is closed; reopen it first."))
    return current


def _lock_task(task: Task, by: User) -> Task:
    current = Task.objects.select_for_update().get(pk=task.pk)
    if current.centre_id != by.centre_id:
        raise WorkError(_("This task belongs to another centre."))
    return current


def _lock_appointment(appointment: Appointment, by: User) -> Appointment:
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.centre_id != by.centre_id:
        raise WorkError(_("This appointment belongs to another centre."))
    return current


def _centre_id(by: User) -> int:
    if by.centre_id is None:
        raise WorkError(_("Only staff of a centre plan work."))
    return by.centre_id


def _check_colleague(owner: User, by: User) -> None:
    if owner.centre_id != by.centre_id or not owner.is_active:
        raise WorkError(_("Only an active colleague of your centre can own a task."))


def _check_on_team(owner: User, dossier: Dossier) -> None:
    if not Assignment.objects.filter(dossier=dossier, user=owner).exists():
        raise WorkError(_("The task's owner must be on the dossier's team."))


def _check_not_past(starts_at: datetime) -> None:
    if starts_at < timezone.now() - _PAST_TOLERANCE:
        raise WorkError(_("An appointment cannot be planned in the past."))


def _remind_on_commit(task: Task) -> None:
    task_id, due_on = task.pk, task.due_on
    # robust: the change is saved whatever happens to the queue; the daily sweep
    # sends a reminder that could not be enqueued.
    transaction.on_commit(lambda: schedule_reminder(task_id, due_on), robust=True)

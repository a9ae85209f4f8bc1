"""Registering and handling complaints. Every change is one transaction with an audit entry.

Each step re-reads the complaint under a row lock, checks the version the officer's form
was loaded with (vk/lib/locking.py) and the stage against TRANSITIONS, and writes a
ComplaintEvent and an audit entry (identifiers and field names only) in the same
transaction. A refused step raises ComplaintError and saves nothing.

The reference a complainant receives is random (`K-2026-7QX4MP`): it reveals neither how
many complaints a centre receives nor anything about the complainant, and it needs no
counter that two submissions could race for.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, User
from vk.complaints.models import (
    NEEDS_IMPROVEMENTS,
    TRANSITIONS,
    Channel,
    Complaint,
    ComplaintEvent,
    Escalation,
    Outcome,
    Stage,
)
from vk.lib.locking import EditConflict, save_versioned
from vk.lib.workdays import add_working_days, describe_time_left

# Crockford's base32 without the letters that read like digits (I, L, O) or a U.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6


class ComplaintError(Exception):
    """A refused step; the message is for the user."""


@dataclass(frozen=True)
class ComplaintDetails:
    """What a complainant tells, on the web form or to the officer."""

    complainant_role: str
    subject: str
    description: str
    discussed_with_helper: str
    wish: str = ""
    anonymous: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    reply_by: str = ""
    language: str = "nl-be"


def new_reference(year: int) -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"K-{year}-{code}"


def deadlines(centre: Centre, received_on: date) -> tuple[date, date]:
    """The acknowledgement and answer deadlines of a complaint received on `received_on`."""
    return (
        add_working_days(received_on, centre.complaint_acknowledge_working_days),
        add_working_days(received_on, centre.complaint_answer_working_days),
    )


def register_complaint(
    *,
    centre: Centre,
    details: ComplaintDetails,
    channel: Channel,
    received_on: date | None = None,
    by: User | None = None,
) -> Complaint:
    """Register a complaint for `centre`: from the public form (`by` None) or by the officer."""
    if not details.anonymous and not details.name.strip():
        raise ComplaintError(_("Give a name, or choose to complain anonymously."))
    if not (details.email or details.phone or details.address.strip()):
        raise ComplaintError(_("Give at least one way to reach you: e-mail, phone or address."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ComplaintError(_("A complaint cannot be received in the future."))
    if by is not None and by.centre_id != centre.pk:
        raise ComplaintError(_("You register complaints for your own centre only."))
    acknowledge_due, answer_due = deadlines(centre, received_on)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    centre=centre,
                    reference=new_reference(received_on.year),
                    channel=channel,
                    received_on=received_on,
                    language=details.language,
                    anonymous=details.anonymous,
                    name="" if details.anonymous else details.name.strip(),
                    email=details.email,
                    phone=details.phone,
                    address=details.address.strip(),
                    reply_by=details.reply_by,
                    complainant_role=details.complainant_role,
                    subject=details.subject,
                    description=details.description,
                    discussed_with_helper=details.discussed_with_helper,
                    wish=details.wish,
                    acknowledge_due=acknowledge_due,
                    answer_due=answer_due,
                )
                ComplaintEvent.objects.create(complaint=complaint, stage=Stage.RECEIVED, by=by)
                record_event(
                    action=Action.CREATE,
                    event="complaints.complaint.registered",
                    purpose=Purpose.COMPLAINTS if by else Purpose.SYSTEM,
                    by=by,
                    centre_id=centre.pk,
                    obj=complaint,
                    detail={"channel": str(channel)},
                )
                return complaint
        except IntegrityError:
            # The random reference was taken (about one in a billion): draw another.
            continue
    raise ComplaintError(_("The complaint could not be registered. Please try again."))


# Deadlines --------------------------------------------------------------------------


def time_left(complaint: Complaint, today: date | None = None) -> str:
    """ "nog 3 werkdagen" / "2 werkdagen te laat" for the deadline the officer works
    towards now; empty once the complaint is answered."""
    due = complaint.next_due_date
    if due is None:
        return ""
    return describe_time_left(due, today or timezone.localdate())


def is_overdue(complaint: Complaint, today: date | None = None) -> bool:
    due = complaint.next_due_date
    return due is not None and due < (today or timezone.localdate())


# Steps ------------------------------------------------------------------------------


def acknowledge(
    *,
    complaint: Complaint,
    by: User,
    expected_version: int,
    acknowledged_on: date | None = None,
    note: str = "",
) -> Complaint:
    """The complainant was told the complaint arrived (RECEIVED → ACKNOWLEDGED)."""
    acknowledged_on = acknowledged_on or timezone.localdate()

    def change(current: Complaint) -> list[str]:
        _check_date(acknowledged_on, not_before=current.received_on)
        current.acknowledged_on = acknowledged_on
        if current.handler_id is None:
            current.handler = by
        return ["acknowledged_on", "handler"]

    return _transition(
        complaint, by, expected_version, Stage.ACKNOWLEDGED, change, note, "acknowledged"
    )


def start_conversation(
    *, complaint: Complaint, by: User, expected_version: int, note: str = ""
) -> Complaint:
    """First the complainant and the helper talk it over (ACKNOWLEDGED → IN_CONVERSATION)."""
    return _transition(
        complaint, by, expected_version, Stage.IN_CONVERSATION, None, note, "conversation_started"
    )


def start_formal_handling(
    *, complaint: Complaint, by: User, expected_version: int, note: str = ""
) -> Complaint:
    """The complaint is handled formally by the centre (→ FORMAL)."""
    return _transition(
        complaint, by, expected_version, Stage.FORMAL, None, note, "formal_handling_started"
    )


def answer(
    *,
    complaint: Complaint,
    by: User,
    expected_version: int,
    answered_on: date,
    outcome: str,
    answer_summary: str,
    improvements: str = "",
) -> Complaint:
    """The complainant got the centre's answer (→ ANSWERED)."""
    if outcome not in Outcome.values:
        raise ComplaintError(_("Choose the outcome of the complaint."))
    if not answer_summary.strip():
        raise ComplaintError(_("Summarise the answer the complainant got."))
    _check_improvements(outcome, improvements)

    def change(current: Complaint) -> list[str]:
        _check_date(answered_on, not_before=current.acknowledged_on or current.received_on)
        current.answered_on = answered_on
        current.outcome = outcome
        current.answer_summary = answer_summary.strip()
        current.improvements = improvements.strip()
        if current.handler_id is None:
            current.handler = by
        return ["answered_on", "outcome", "answer_summary", "improvements", "handler"]

    return _transition(complaint, by, expected_version, Stage.ANSWERED, change, "", "answered")


def close(
    *,
    complaint: Complaint,
    by: User,
    expected_version: int,
    closed_on: date | None = None,
    escalated_to: str = "",
    note: str = "",
) -> Complaint:
    """Nothing more to do for the centre (ANSWERED → CLOSED)."""
    closed_on = closed_on or timezone.localdate()
    if escalated_to not in Escalation.values:
        raise ComplaintError(_("Choose where the complainant went on to, or “not known”."))

    def change(current: Complaint) -> list[str]:
        _check_date(closed_on, not_before=current.answered_on or current.received_on)
        current.closed_on = closed_on
        current.escalated_to = escalated_to
        return ["closed_on", "escalated_to"]

    return _transition(complaint, by, expected_version, Stage.CLOSED, change, note, "closed")


def add_note(*, complaint: Complaint, by: User, note: str) -> ComplaintEvent:
    """A note in the history, at any stage.

    A note only appends to the history and overwrites nothing, so it needs no version
    check: a stale page cannot lose anyone's work by adding one.
    """
    note = note.strip()
    if not note:
        raise ComplaintError(_("Write the note first."))
    with transaction.atomic():
        current = _lock(complaint, by)
        event = ComplaintEvent.objects.create(
            complaint=current, stage=current.stage, by=by, note=note
        )
        record_event(
            action=Action.CREATE,
            event="complaints.complaint.note_added",
            purpose=Purpose.COMPLAINTS,
            by=by,
            obj=current,
            detail={"event": event.pk, "stage": current.stage},
        )
    return event


@dataclass(frozen=True)
class ComplaintEdit:
    """The details the officer may correct or complete at any stage."""

    complainant_role: str
    anonymous: bool
    name: str
    email: str
    phone: str
    address: str
    reply_by: str
    subject: str
    description: str
    discussed_with_helper: str
    wish: str
    answer_summary: str
    improvements: str


EDITABLE_FIELDS = tuple(field.name for field in fields(ComplaintEdit))


def update_complaint(
    *, complaint: Complaint, by: User, expected_version: int, details: ComplaintEdit
) -> Complaint:
    """Correct the complainant's details and the texts; add what the centre changed, also
    after closing. Raises vk.lib.locking.EditConflict on a stale form."""
    if not details.anonymous and not details.name.strip():
        raise ComplaintError(_("Give a name, or mark the complaint as anonymous."))
    if not (details.email.strip() or details.phone.strip() or details.address.strip()):
        raise ComplaintError(_("Keep at least one way to reach the complainant."))
    if not details.description.strip():
        raise ComplaintError(_("Describe what the complaint is about."))
    with transaction.atomic():
        current = _lock(complaint, by)
        if current.outcome:
            if not details.answer_summary.strip():
                raise ComplaintError(_("Summarise the answer the complainant got."))
            _check_improvements(current.outcome, details.improvements)
        changes = {
            "complainant_role": details.complainant_role,
            "anonymous": details.anonymous,
            "name": "" if details.anonymous else details.name.strip(),
            "email": details.email.strip(),
            "phone": details.phone.strip(),
            "address": details.address.strip(),
            "reply_by": details.reply_by,
            "subject": details.subject,
            "description": details.description,
            "discussed_with_helper": details.discussed_with_helper,
            "wish": details.wish,
            # The answer belongs to an answered complaint only.
            "answer_summary": details.answer_summary.strip() if current.outcome else "",
            "improvements": details.improvements.strip() if current.outcome else "",
        }
        changed = save_versioned(current, expected_version=expected_version, changes=changes)
        record_event(
            action=Action.UPDATE,
            event="complaints.complaint.changed",
            purpose=Purpose.COMPLAINTS,
            by=by,
            obj=current,
            detail={"fields": changed},
        )
    return current


# Helpers ----------------------------------------------------------------------------


def _lock(complaint: Complaint, by: User) -> Complaint:
    current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if current.centre_id != by.centre_id:
        raise ComplaintError(_("This complaint belongs to another centre."))
    return current


def _transition(
    complaint: Complaint,
    by: User,
    expected_version: int,
    to_stage: Stage,
    change: Callable[[Complaint], list[str]] | None,
    note: str,
    verb: str,
) -> Complaint:
    with transaction.atomic():
        current = _lock(complaint, by)
        if current.row_version != expected_version:
            # Someone else moved or changed the complaint since the page was loaded.
            raise EditConflict
        from_stage = current.stage
        if to_stage not in TRANSITIONS[from_stage]:
            raise ComplaintError(
                _("This step is not possible now: the complaint is at the stage “%(stage)s”.")
                % {"stage": current.get_stage_display()}
            )
        changed = change(current) if change is not None else []
        changes = {name: getattr(current, name) for name in changed}
        changes["stage"] = to_stage
        save_versioned(current, expected_version=expected_version, changes=changes)
        ComplaintEvent.objects.create(complaint=current, stage=to_stage, by=by, note=note.strip())
        record_event(
            action=Action.UPDATE,
            event=f"complaints.complaint.{verb}",
            purpose=Purpose.COMPLAINTS,
            by=by,
            obj=current,
            detail={"from": from_stage, "to": to_stage, "fields": sorted(changes)},
        )
    return current


def _check_date(day: date, *, not_before: date) -> None:
    if day > timezone.localdate():
        raise ComplaintError(_("The date cannot lie in the future."))
    if day < not_before:
        raise ComplaintError(
            _("The date cannot lie before %(date)s.") % {"date": not_before.strftime("%d/%m/%Y")}
        )


def _check_improvements(outcome: str, improvements: str) -> None:
    if outcome in NEEDS_IMPROVEMENTS and not improvements.strip():
        raise ComplaintError(
            _("The complaint is (partly) well-founded: say what the centre changed.")
        )

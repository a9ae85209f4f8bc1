"""Records for the dashboard tests, made directly with the dates a test needs: a
report waiting or triaged at a given moment, a dossier with its team and
conversations, a MaNo procedure, a task, an emergency access and a complaint."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from vk.access.models import EmergencyAccess
from vk.centres.models import Centre, User
from vk.complaints.models import Complaint
from vk.dossiers.models import Assignment, Conversation, Dossier, State
from vk.intake.models import Report, Status
from vk.mano.models import Procedure
from vk.work.models import Task

BRUSSELS = ZoneInfo("Europe/Brussels")
# Thursday 2 April 2026, 10:00 in Brussels; Monday 6 April is Easter Monday.
TODAY = date(2026, 4, 2)
NOW = datetime(2026, 4, 2, 10, 0, tzinfo=BRUSSELS)

_numbers = count(1)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def make_report(
    centre: Centre, by: User, *, due: date, triaged_at: datetime | None = None
) -> Report:
    """A report due for triage on `due`: waiting in the queue, or triaged at `triaged_at`."""
    return Report.objects.create(
        centre=centre,
        reference=f"M-TEST-{next(_numbers):05d}",
        received_at=local(due - timedelta(days=7)),
        channel="phone",
        reporter_kind="professional",
        worries="Fictieve zorg.",
        triage_due=due,
        status=Status.IN_QUEUE if triaged_at is None else Status.TRIAGED,
        track="" if triaged_at is None else "advice",
        triaged_at=triaged_at,
        registered_by=by,
    )


def make_dossier(
    centre: Centre,
    by: User,
    *,
    team: tuple[User, ...] = (),
    of_record: User | None = None,
    opened: datetime = NOW - timedelta(days=365),
    state: str = State.EXPLORATION,
    conversations: tuple[datetime, ...] = (),
) -> Dossier:
    """A dossier of the centre with its team (the case worker of record among them)
    and conversations held at the given moments."""
    dossier = Dossier.objects.create(
        centre=centre,
        reference=f"D-TEST-{next(_numbers):05d}",
        state=state,
        opened_at=opened,
        opened_by=by,
        closed_at=NOW - timedelta(days=1) if state == State.CLOSED else None,
    )
    members = list(team) + ([of_record] if of_record and of_record not in team else [])
    Assignment.objects.bulk_create(
        Assignment(dossier=dossier, user=member, of_record=member == of_record)
        for member in members
    )
    Conversation.objects.bulk_create(
        Conversation(
            dossier=dossier,
            held_at=moment,
            place="centre",
            participants="moeder",
            summary="Gesprek.",
            author=by,
        )
        for moment in conversations
    )
    return dossier


def make_procedure(dossier: Dossier, by: User, **fields: Any) -> Procedure:
    values: dict[str, Any] = {
        "centre": dossier.centre,
        "reference": f"MN-TEST-{next(_numbers):05d}",
        "dossier": dossier,
        "state": "investigation",
        "received_on": date(2026, 1, 5),
        "referrer_kind": "jeugdparket",
        "referrer_name": "Parket",
        "motivation_summary": "Fictief.",
        "registered_by": by,
        **fields,
    }
    return Procedure.objects.create(**values)


def make_task(
    owner: User, *, due: date, dossier: Dossier | None = None, done: bool = False
) -> Task:
    assert owner.centre is not None
    return Task.objects.create(
        centre=owner.centre,
        dossier=dossier,
        title="Schoolverslag opvragen",
        owner=owner,
        due_on=due,
        created_by=owner,
        done_at=NOW if done else None,
        done_by=owner if done else None,
    )


def make_emergency_access(
    user: User, dossier: Dossier, *, reviewed_by: User | None = None
) -> EmergencyAccess:
    return EmergencyAccess.objects.create(
        centre=dossier.centre,
        user=user,
        dossier=dossier,
        reason="Politie belt 's avonds.",
        started_at=NOW - timedelta(days=1),
        expires_at=NOW - timedelta(days=1) + timedelta(hours=4),
        reviewed_at=NOW if reviewed_by else None,
        reviewed_by=reviewed_by,
        judgement="justified" if reviewed_by else "",
    )


def make_complaint(
    centre: Centre, *, stage: str, acknowledge_due: date, answer_due: date
) -> Complaint:
    answered = stage in ("answered", "closed")
    return Complaint.objects.create(
        centre=centre,
        reference=f"K-TEST-{next(_numbers):05d}",
        channel="email",
        received_on=acknowledge_due - timedelta(days=7),
        anonymous=True,
        email="klacht@example.org",
        complainant_role="parent",
        subject="help",
        description="Fictieve klacht.",
        discussed_with_helper="no",
        stage=stage,
        acknowledge_due=acknowledge_due,
        answer_due=answer_due,
        outcome="well_founded" if answered else "",
    )

"""Reminder e-mails for tasks, as background tasks (`django.tasks`).

Each task gets one reminder per due date: `schedule_reminder` enqueues
`send_task_reminder` to run at 08:00 (Brussels time) on the working day before the due
date. When it runs it re-reads the task and sends nothing if the task is done, gone, its
due date moved (the reminder carries the due date it was scheduled for) or the owner was
already reminded. `send_due_reminders` is the daily sweep that catches reminders the
worker missed (it was down, or the immediate backend of the demo could not wait);
`manage.py enqueue_reminders` enqueues it from a timer. `reminder_sent_on` makes every
path idempotent.

The mail holds no personal data: no names, no task titles, only the due date, the
dossier reference and a link into the application.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.lib.workdays import add_working_days
from vk.work.models import Task

logger = logging.getLogger(__name__)

REMINDER_TIME = time(8, 0)


def reminder_moment(due_on: date) -> datetime:
    """08:00 local time on the working day before `due_on`."""
    day = add_working_days(due_on, -1)
    return datetime.combine(day, REMINDER_TIME, tzinfo=ZoneInfo(settings.TIME_ZONE))


def schedule_reminder(task_id: int, due_on: date) -> None:
    """Enqueue the reminder for this due date (call it from transaction.on_commit).

    A moment already past runs as soon as a worker is free. A backend that cannot
    defer (the immediate backend of the demo) gets nothing for a future moment: the
    daily sweep sends that reminder when its day has come.
    """
    moment = reminder_moment(due_on)
    reminder = send_task_reminder
    if moment > timezone.now():
        if not reminder.get_backend().supports_defer:
            return
        reminder = reminder.using(run_after=moment)
    reminder.enqueue(task_id, due_on.isoformat())


@task
def send_task_reminder(task_id: int, due_on: str) -> bool:
    """Mail the task's owner that it is due on `due_on`; True when a mail was sent."""
    with transaction.atomic():
        current = Task.objects.select_for_update().filter(pk=task_id).first()
        if (
            current is None
            or current.is_done
            or current.due_on.isoformat() != due_on
            or current.reminder_sent_on is not None
        ):
            return False
        owner = User.objects.get(pk=current.owner_id)
        if not owner.is_active:
            return False
        reference = None
        if current.dossier_id is not None:
            reference = (
                Dossier.objects.filter(pk=current.dossier_id)
                .values_list("reference", flat=True)
                .first()
            )
        _mail_reminder(owner, current, reference)
        current.reminder_sent_on = timezone.localdate()
        current.save(update_fields=["reminder_sent_on"])
        record_event(
            action=Action.EXPORT,
            event="work.task.reminder_sent",
            purpose=Purpose.SYSTEM,
            centre_id=current.centre_id,
            obj=current,
            detail={"owner": owner.pk, "due_on": due_on, "channel": "email"},
        )
    logger.info("task reminder sent", extra={"task_id": task_id})
    return True


@task
def send_due_reminders() -> int:
    """The daily sweep: send every reminder whose moment has passed; returns how many."""
    now = timezone.now()
    # A reminder's moment is the working day before the due date, so no task due after
    # the next working day can have one that has passed.
    horizon = add_working_days(timezone.localdate(), 1)
    sent = 0
    for task_id, due_on in Task.objects.awaiting_reminder(horizon).values_list("pk", "due_on"):
        if reminder_moment(due_on) <= now and send_task_reminder.call(task_id, due_on.isoformat()):
            sent += 1
    logger.info("reminder sweep done", extra={"sent": sent})
    return sent


def _mail_reminder(owner: User, current: Task, reference: str | None) -> None:
    path = reverse("work:edit-task", args=[current.pk])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "due_on": current.due_on,
            "reference": reference,
            "url": settings.BASE_URL.rstrip("/") + path,
        }
        body = render_to_string("work/email/task_reminder.txt", context)
        subject = translation.gettext("Reminder: a task is due")
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [owner.email])

"""Reminder mails: enqueued for 08:00 the working day before, sent once, never with
personal data, not for done or moved tasks; the daily sweep catches missed ones."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from vk.audit.models import AuditEntry
from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.work import services
from vk.work.models import Task
from vk.work.reminders import send_due_reminders, send_task_reminder
from vk.work.tests.helpers import BRUSSELS, TITLE, local, make_task

pytestmark = pytest.mark.django_db

IMMEDIATE = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


def _reminders() -> list[Any]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith="send_task_reminder").order_by(
            "enqueued_at"
        )
    )


def test_a_new_task_enqueues_its_reminder_for_8_the_working_day_before(
    dossier: Dossier,
    worker_a: User,
    before_easter: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(dossier, worker_a, due_in_working_days=2)  # Tuesday 7 April
    (reminder,) = _reminders()
    # Monday 6 April is Easter Monday, so the working day before is Friday 3 April.
    assert reminder.run_after == datetime(2026, 4, 3, 8, 0, tzinfo=BRUSSELS)
    assert reminder.args_kwargs == {"args": [task.pk, "2026-04-07"], "kwargs": {}}
    assert mail.outbox == []


def test_a_task_due_today_is_reminded_as_soon_as_a_worker_is_free(
    dossier: Dossier,
    worker_a: User,
    before_easter: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_task(dossier, worker_a, due_on=date(2026, 4, 2))
    (reminder,) = _reminders()
    assert DBTaskResult.objects.ready().filter(pk=reminder.pk).exists()


def test_the_reminder_mail_names_only_the_date_and_the_dossier(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    task = make_task(dossier, worker_a, due_in_working_days=2, description="Vraag naar Bo.")
    assert send_task_reminder.call(task.pk, "2026-04-07") is True
    (message,) = mail.outbox
    assert message.to == [worker_a.email]
    text = message.subject + "\n" + message.body
    assert dossier.reference in text
    assert "07/04/2026" in text
    assert reverse("work:edit-task", args=[task.pk]) in text
    for personal in [TITLE, "Mila", "Maes", "Sara", "Bo.", worker_a.first_name, worker_a.last_name]:
        assert personal not in text, personal
    task.refresh_from_db()
    assert task.reminder_sent_on == date(2026, 4, 2)
    entry = AuditEntry.objects.get(event="work.task.reminder_sent")
    assert (entry.purpose, entry.actor_id, entry.object_id) == ("system", None, str(task.pk))
    assert entry.centre_id == worker_a.centre_id


def test_no_reminder_for_a_done_task(dossier: Dossier, worker_a: User) -> None:
    task = make_task(dossier, worker_a)
    services.complete_task(task=task, by=worker_a)
    assert send_task_reminder.call(task.pk, task.due_on.isoformat()) is False
    assert mail.outbox == []


def test_no_reminder_for_a_deleted_task(dossier: Dossier, worker_a: User) -> None:
    task = make_task(dossier, worker_a)
    Task.objects.filter(pk=task.pk).delete()
    assert send_task_reminder.call(task.pk, task.due_on.isoformat()) is False
    assert mail.outbox == []


def test_a_moved_due_date_gets_a_new_reminder_and_the_old_one_sends_nothing(
    dossier: Dossier,
    worker_a: User,
    before_easter: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(dossier, worker_a, due_in_working_days=2)
    send_task_reminder.call(task.pk, "2026-04-07")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_task(
            task=task,
            by=worker_a,
            expected_version=task.row_version,
            title=task.title,
            description="",
            owner=worker_a,
            due_on=date(2026, 4, 14),
        )
    old, new = _reminders()
    assert new.args_kwargs["args"] == [task.pk, "2026-04-14"]
    assert new.run_after == datetime(2026, 4, 13, 8, 0, tzinfo=BRUSSELS)
    assert send_task_reminder.call(*old.args_kwargs["args"]) is False
    assert send_task_reminder.call(*new.args_kwargs["args"]) is True
    assert send_task_reminder.call(*new.args_kwargs["args"]) is False  # once per due date
    assert len(mail.outbox) == 2


def test_the_daily_sweep_sends_missed_reminders_once(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    # Made without running on-commit callbacks: as if the worker never got them.
    soon = make_task(dossier, worker_a, due_in_working_days=2)  # Tuesday 7 April
    make_task(dossier, worker_a, due_on=date(2026, 4, 20))
    done = make_task(dossier, worker_a, due_in_working_days=1)
    services.complete_task(task=done, by=worker_a)
    assert send_due_reminders.call() == 0  # Thursday: nothing due before Tuesday's reminder

    before_easter.move_to(local(date(2026, 4, 3), 9))  # Friday, after 08:00
    assert send_due_reminders.call() == 1
    assert send_due_reminders.call() == 0
    (message,) = mail.outbox
    assert reverse("work:edit-task", args=[soon.pk]) in message.body


def test_enqueue_reminders_puts_the_sweep_in_the_queue() -> None:
    out = io.StringIO()
    call_command("enqueue_reminders", stdout=out)
    assert DBTaskResult.objects.filter(task_path__endswith="send_due_reminders").count() == 1
    assert "enqueued" in out.getvalue()


def test_with_the_immediate_backend_a_later_reminder_waits_for_the_sweep(
    dossier: Dossier,
    worker_a: User,
    before_easter: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        make_task(dossier, worker_a, due_in_working_days=5)
    assert mail.outbox == []  # not sent early, and creating the task did not fail
    with django_capture_on_commit_callbacks(execute=True):
        make_task(dossier, worker_a, due_on=date(2026, 4, 2))
    assert len(mail.outbox) == 1  # due today: sent at once
    before_easter.move_to(local(date(2026, 4, 9), 9))  # Thursday before the Friday due date
    out = io.StringIO()
    call_command("enqueue_reminders", stdout=out)
    assert "1" in out.getvalue()
    assert len(mail.outbox) == 2
    assert not DBTaskResult.objects.exists()

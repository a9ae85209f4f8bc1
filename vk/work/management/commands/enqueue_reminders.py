from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vk.work.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Enqueue the daily sweep that sends the task reminders the worker missed. "
        "Run it once a day from a timer (cron or systemd); running it twice sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        if result.is_finished:
            # A backend without a queue (the demo's immediate backend) ran it at once.
            self.stdout.write(f"Reminder sweep ran: {result.return_value} reminders sent.")
        else:
            self.stdout.write(f"Reminder sweep enqueued (task result {result.id}).")

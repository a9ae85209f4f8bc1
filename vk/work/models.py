"""A case worker's planning: tasks (with reminders) and appointments with the family.

A `Task` is something one staff member must do by a date, normally in a dossier; a
check-in (`TaskKind.CHECK_IN`) is a follow-up moment planned during the follow-up phase
whose outcome is written down when it is done. An `Appointment` is a planned meeting that
becomes a `dossiers.Conversation` once it has taken place. "Overdue" is a query on the
stored due date, never a stored flag.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.dossiers.models import Conversation, Dossier, Place


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    CHECK_IN = "check_in", _("Check-in")


class TaskQuerySet(CentreScopedQuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, today: date) -> TaskQuerySet:
        return self.open().filter(due_on__lt=today)

    def awaiting_reminder(self, due_up_to: date) -> TaskQuerySet:
        """Open tasks due by `due_up_to` whose owner has not been reminded yet."""
        return self.open().filter(reminder_sent_on__isnull=True, due_on__lte=due_up_to)


class Task(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="tasks")
    # Normally a task belongs to a dossier; a general task (training, a report to write)
    # has none.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="tasks", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind, default=TaskKind.TASK)
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="owned_tasks",
    )
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    # The day the owner was reminded by e-mail; cleared when the due date moves, so
    # reminders are sent once per due date however often the reminder task runs.
    reminder_sent_on = models.DateField(null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)
    # A follow-up action decided in a team discussion (MDO).
    team_decision = models.ForeignKey(
        "dossiers.TeamDecision",
        on_delete=models.PROTECT,
        related_name="tasks",
        null=True,
        blank=True,
    )
    # then add `team_decision: TeamDecision | None = None` to services.create_task (it
    # must belong to the same dossier) and make a migration in vk/work/migrations.

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # "My open tasks by due date" (the worklist) and the reminder sweep.
            models.Index(
                fields=["owner", "due_on"],
                condition=Q(done_at__isnull=True),
                name="task_owner_open_due",
            ),
            models.Index(
                fields=["due_on"],
                condition=Q(done_at__isnull=True, reminder_sent_on__isnull=True),
                name="task_awaiting_reminder",
            ),
            models.Index(fields=["dossier", "due_on"], name="task_dossier_due"),
            # The dashboard's overdue tasks per owner: the centre's open tasks only, not
            # the done ones of ten years.
            models.Index(
                fields=["centre", "due_on"],
                condition=Q(done_at__isnull=True),
                include=["owner"],
                name="task_centre_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_at_and_by_together",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TaskKind.CHECK_IN, done_at__isnull=False, outcome=""),
                name="task_done_check_in_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"task {self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due_on < today


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_ATTENDED = "not_attended", _("Did not take place")


class AppointmentQuerySet(CentreScopedQuerySet["Appointment"]):
    def between(self, start: datetime, end: datetime) -> AppointmentQuerySet:
        return self.filter(starts_at__gte=start, starts_at__lt=end)


class Appointment(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="appointments")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=20, choices=Place)
    with_whom = models.CharField(
        _("with whom"), max_length=300, help_text=_("Who is invited, e.g. mother, father, CLB.")
    )
    note = models.TextField(_("note"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus, default=AppointmentStatus.PLANNED
    )
    # Set when the appointment is recorded as a conversation.
    conversation = models.OneToOneField(
        Conversation,
        on_delete=models.PROTECT,
        related_name="appointment",
        null=True,
        blank=True,
    )
    row_version = models.PositiveIntegerField(default=1)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            # The dossier page, and "my appointments this week": the planner walks my
            # assignments (assignment_user) and looks up each dossier's week here.
            models.Index(fields=["dossier", "starts_at"], name="appointment_dossier_time"),
            # The centre's agenda of a week (planned ones), for when a worker is on many
            # teams or a team lead looks at the whole week.
            models.Index(
                fields=["centre", "starts_at"],
                condition=Q(status=AppointmentStatus.PLANNED),
                name="appointment_centre_planned",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(conversation__isnull=True) | Q(status=AppointmentStatus.HELD),
                name="appointment_conversation_means_held",
            ),
        ]

    def __str__(self) -> str:
        return f"appointment {self.pk}"

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now

    def can_be_recorded(self, now: datetime) -> bool:
        return (
            self.status == AppointmentStatus.PLANNED
            and self.conversation_id is None
            and self.has_started(now)
        )

"""`{% dossier_work dossier grant %}`: the "Appointments and tasks" section of the
dossier page, with a fixed number of queries however much it lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from vk.access.rules import Grant
from vk.dossiers.models import Dossier, State
from vk.work.forms import AppointmentForm, CheckInPlanForm, TaskForm
from vk.work.models import AppointmentStatus
from vk.work.views import task_rows, team_members

register = template.Library()


@register.inclusion_tag("work/_dossier_work.html", takes_context=True)
def dossier_work(context: template.Context, dossier: Dossier, grant: Grant) -> dict[str, Any]:
    user = context["request"].user
    today, now = timezone.localdate(), timezone.now()
    appointments = list(dossier.appointments.order_by("starts_at", "pk"))
    tasks = list(dossier.tasks.select_related("owner", "done_by").order_by("due_on", "pk"))
    planned = [item for item in appointments if item.status == AppointmentStatus.PLANNED]
    may_plan = grant.may_change and dossier.is_open
    result: dict[str, Any] = {
        "dossier": dossier,
        "grant": grant,
        "user": user,
        "upcoming": [item for item in planned if not item.has_started(now)],
        # Took place (or should have) but nobody wrote down how it went yet.
        "to_record": [item for item in reversed(planned) if item.has_started(now)],
        "past": [item for item in reversed(appointments) if item not in planned],
        "open_tasks": task_rows([task for task in tasks if not task.is_done], today),
        "done_tasks": sorted(
            (task for task in tasks if task.is_done),
            key=lambda task: task.done_at or now,
            reverse=True,
        ),
        "may_plan": may_plan,
    }
    if may_plan:
        team = team_members(dossier)
        initial = {"owner": str(user.pk)} if user in team else {}
        result["task_form"] = TaskForm(owners=team, initial=initial)
        result["appointment_form"] = AppointmentForm()
        if dossier.state == State.FOLLOW_UP:
            result["check_in_form"] = CheckInPlanForm(owners=team, initial=initial)
    return result

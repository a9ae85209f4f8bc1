"""`{% dossier_work dossier grant panels counts %}`: the "Appointments and tasks" section
of the dossier page, with a fixed number of queries however much the dossier holds. What
is planned or open is listed whole; of the past appointments and the done tasks the most
recent (they grow with the dossier's age), with their number from the page's `counts`.
The planning forms wait in the page's `panels` (vk/work/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.db.models import Q
from django.utils import timezone

from vk.access.rules import Grant
from vk.dossiers.models import Dossier
from vk.dossiers.panels import Slot
from vk.work.models import AppointmentStatus
from vk.work.views import task_rows

register = template.Library()

# Past appointments and done tasks on the dossier page: the most recent ones.
RECENT = 10


@register.inclusion_tag("work/_dossier_work.html", takes_context=True)
def dossier_work(
    context: template.Context,
    dossier: Dossier,
    grant: Grant,
    panels: Mapping[str, Slot],
    counts: Mapping[str, int],
) -> dict[str, Any]:
    user = context["request"].user
    today, now = timezone.localdate(), timezone.now()
    # What is planned or open, whole; of what is past or done, the most recent.
    past = dossier.appointments.exclude(status=AppointmentStatus.PLANNED).order_by(
        "-starts_at", "-pk"
    )
    appointments = list(
        dossier.appointments.filter(
            Q(status=AppointmentStatus.PLANNED) | Q(pk__in=past.values("pk")[:RECENT])
        ).order_by("starts_at", "pk")
    )
    done = dossier.tasks.filter(done_at__isnull=False).order_by("-done_at", "-pk")
    tasks = list(
        dossier.tasks.filter(Q(done_at__isnull=True) | Q(pk__in=done.values("pk")[:RECENT]))
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    planned = [item for item in appointments if item.status == AppointmentStatus.PLANNED]
    return {
        "dossier": dossier,
        "grant": grant,
        "user": user,
        "upcoming": [item for item in planned if not item.has_started(now)],
        # Took place (or should have) but nobody wrote down how it went yet.
        "to_record": [item for item in reversed(planned) if item.has_started(now)],
        "past": [
            item for item in reversed(appointments) if item.status != AppointmentStatus.PLANNED
        ],
        "past_count": counts["past_appointments"],
        "open_tasks": task_rows([task for task in tasks if not task.is_done], today),
        "done_tasks": sorted(
            (task for task in tasks if task.is_done),
            key=lambda task: (task.done_at, task.pk),
            reverse=True,
        ),
        "done_count": counts["done_tasks"],
        "recent": RECENT,
        "may_plan": grant.may_change and dossier.is_open,
        "panels": panels,
    }

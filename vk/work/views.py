"""Mijn werk (the case worker's worklist), tasks and appointments.

Every view asks vk.access.rules first; outside the rule the answer is 404. Changes need
the dossier grant's `may_change`; the owner of a task may always complete it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.dossiers.forms import ConversationForm
from vk.dossiers.models import OPEN_STATES, Assignment, Conversation, Dossier
from vk.dossiers.views import render_dossier_page
from vk.lib.locking import EditConflict, refreshed_after_conflict
from vk.lib.workdays import add_working_days, describe_time_left
from vk.work import services
from vk.work.forms import (
    AppointmentEditForm,
    AppointmentForm,
    CheckInPlanForm,
    CompleteTaskForm,
    StatusChangeForm,
    TaskEditForm,
    TaskForm,
)
from vk.work.models import Appointment, AppointmentStatus, Task, TaskKind

# Check-ins due within this many working days are listed on "Mijn werk"; later ones
# are only counted (they are on the dossier page).
CHECK_IN_HORIZON_WORKING_DAYS = 10
TASK_FIELDS = ["title", "owner", "due_on", "description"]
APPOINTMENT_FIELDS = ["starts_at", "place", "with_whom", "note"]


@dataclass(frozen=True)
class TaskRow:
    task: Task
    overdue: bool
    time_left: str


def task_rows(tasks: list[Task], today: date) -> list[TaskRow]:
    return [
        TaskRow(task, task.is_overdue(today), describe_time_left(task.due_on, today))
        for task in tasks
    ]


def week_bounds(today: date) -> tuple[datetime, datetime]:
    """Monday 00:00 up to the next Monday 00:00, local time, around `today`."""
    monday = today - timedelta(days=today.weekday())
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(monday, time.min, tzinfo=zone),
        datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone),
    )


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _back(request: HttpRequest, dossier_id: int | None) -> HttpResponse:
    """Back to where the user came from: "Mijn werk" or the dossier's planning."""
    if dossier_id is None or request.POST.get("next") == "work":
        return redirect("work:my-work")
    return redirect(reverse("dossiers:view-dossier", args=[dossier_id]) + "#work-heading")


def team_members(dossier: Dossier) -> list[User]:
    return list(
        User.objects.filter(assignments__dossier=dossier, is_active=True).order_by(
            "last_name", "first_name"
        )
    )


def _owners(dossier: Dossier | None, user: User, current: User | None = None) -> list[User]:
    """Who can own a task: the dossier's team, or for a general task the centre's staff."""
    if dossier is not None:
        owners = team_members(dossier)
    else:
        owners = list(User.objects.in_centre(user.centre).filter(is_active=True))
    if current is not None and current not in owners:
        owners.append(current)  # an owner who left the team keeps the task until it moves
    return owners


# Mijn werk ------------------------------------------------------------------------


# Mijn werk lists this many of the caseload; "My dossiers" lists them all.
MY_WORK_DOSSIERS = 20


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.is_staff_member(user):
        raise Http404
    today, now = timezone.localdate(), timezone.now()
    caseload = rules.dossiers_on_team_of(user).filter(state__in=OPEN_STATES)
    # The dossiers waiting longest for a conversation first (never one: first of all);
    # the newest conversation of each is one probe of its (dossier, held_at) index.
    dossiers = list(
        caseload.annotate(
            last_conversation_at=Subquery(
                Conversation.objects.filter(dossier=OuterRef("pk"))
                .order_by("-held_at")
                .values("held_at")[:1]
            )
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(of_record=True).select_related("user"),
                to_attr="of_record",
            )
        )
        .order_by(F("last_conversation_at").asc(nulls_first=True), "opened_at", "pk")[
            :MY_WORK_DOSSIERS
        ]
    )
    dossier_count = caseload.count()
    open_tasks = list(
        rules.tasks_owned_by(user).open().select_related("dossier").order_by("due_on", "pk")
    )
    horizon = add_working_days(today, CHECK_IN_HORIZON_WORKING_DAYS)
    tasks = [task for task in open_tasks if task.kind == TaskKind.TASK]
    check_ins = [
        task for task in open_tasks if task.kind == TaskKind.CHECK_IN and task.due_on <= horizon
    ]
    week_start, week_end = week_bounds(today)
    appointments = list(
        rules.team_appointments(user)
        .between(week_start, week_end)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("dossier")
        .order_by("starts_at", "pk")
    )
    record_event(
        action=Action.SEARCH,
        event="work.mine.listed",
        purpose=Purpose.ASSIGNMENT,
        by=user,
        object_type="work.task",
        detail={
            "dossiers": dossier_count,
            "tasks": len(tasks),
            "check_ins": len(check_ins),
            "appointments": len(appointments),
        },
    )
    return render(
        request,
        "work/my_work.html",
        {
            "dossiers": dossiers,
            "dossier_count": dossier_count,
            "tasks": task_rows(tasks, today),
            "overdue_count": sum(task.is_overdue(today) for task in open_tasks),
            "check_ins": task_rows(check_ins, today),
            "later_check_ins": sum(task.kind == TaskKind.CHECK_IN for task in open_tasks)
            - len(check_ins),
            "appointments": [(item, item.can_be_recorded(now)) for item in appointments],
            "week_start": week_start,
            "week_end": week_end - timedelta(days=1),
        },
    )


# Tasks ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_task(request: HttpRequest, dossier_pk: int | None = None) -> HttpResponse:
    user = _staff(request)
    if not rules.is_staff_member(user):
        raise Http404
    dossier: Dossier | None = None
    grant = rules.Grant(may_change=True, purpose=Purpose.ASSIGNMENT)
    if dossier_pk is not None:
        dossier, grant = rules.dossier_for(user, dossier_pk)
        if not grant.may_change:
            raise Http404
    owners = _owners(dossier, user)
    initial = {"owner": str(user.pk)} if user in owners else {}
    form = TaskForm(request.POST or None, owners=owners, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.create_task(
                    by=user,
                    owner=form.cleaned_data["owner"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    dossier=dossier,
                    purpose=grant.purpose,
                    **form.due(),
                )
            except services.WorkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The task was added."))
                return _back(request, dossier_pk)
        return render(
            request, "work/task_form.html", {"form": form, "dossier": dossier}, status=400
        )
    return render(request, "work/task_form.html", {"form": form, "dossier": dossier})


@login_required
@require_http_methods(["GET", "POST"])
def edit_task(request: HttpRequest, pk: int) -> HttpResponse:
    task, grant = rules.task_for(request.user, pk)
    user = _staff(request)
    owners = _owners(task.dossier, user, current=task.owner)
    if request.method == "POST":
        if not grant.may_change:
            raise Http404
        form = TaskEditForm(request.POST, owners=owners)
        if form.is_valid():
            try:
                services.update_task(
                    task=task,
                    by=user,
                    expected_version=form.cleaned_data["version"] or 0,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    owner=form.cleaned_data["owner"],
                    due_on=form.cleaned_data["due_on"],
                    purpose=grant.purpose,
                )
            except EditConflict as error:
                current = Task.objects.select_related("owner").get(pk=task.pk)
                form, rows = refreshed_after_conflict(
                    lambda data: TaskEditForm(data, owners=owners),
                    request.POST,
                    current,
                    error,
                    TASK_FIELDS,
                )
                return _render_task(request, current, grant, form=form, conflict=rows, status=409)
            except services.WorkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes were saved."))
                return _back(request, task.dossier_id)
        return _render_task(request, task, grant, form=form, status=400)
    record_event(
        action=Action.READ,
        event="work.task.viewed",
        purpose=grant.purpose,
        by=user,
        obj=task,
    )
    return _render_task(request, task, grant)


def _render_task(
    request: HttpRequest,
    task: Task,
    grant: rules.Grant,
    *,
    form: TaskEditForm | None = None,
    complete_form: CompleteTaskForm | None = None,
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    user = _staff(request)
    today = timezone.localdate()
    if form is None and grant.may_change and not task.is_done:
        form = TaskEditForm(
            initial={
                "version": task.row_version,
                "title": task.title,
                "owner": str(task.owner_id),
                "due_on": task.due_on,
                "description": task.description,
            },
            owners=_owners(task.dossier, user, current=task.owner),
        )
    context: dict[str, Any] = {
        "task": task,
        "grant": grant,
        "form": form if grant.may_change and not task.is_done else None,
        "may_complete": rules.may_complete_task(user, task, grant),
        "complete_form": complete_form
        or CompleteTaskForm(outcome_required=task.kind == TaskKind.CHECK_IN),
        "row": task_rows([task], today)[0],
        "conflict": conflict,
    }
    return render(request, "work/task_detail.html", context, status=status)


@login_required
@require_POST
def complete_task(request: HttpRequest, pk: int) -> HttpResponse:
    task, grant = rules.task_for(request.user, pk)
    user = _staff(request)
    if not rules.may_complete_task(user, task, grant):
        raise Http404
    form = CompleteTaskForm(request.POST, outcome_required=task.kind == TaskKind.CHECK_IN)
    if form.is_valid():
        try:
            services.complete_task(
                task=task, by=user, outcome=form.cleaned_data["outcome"], purpose=grant.purpose
            )
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The task was marked done."))
            return _back(request, task.dossier_id)
    return _render_task(request, task, grant, complete_form=form, status=400)


@login_required
@require_POST
def reopen_task(request: HttpRequest, pk: int) -> HttpResponse:
    task, grant = rules.task_for(request.user, pk)
    user = _staff(request)
    if not rules.may_complete_task(user, task, grant):
        raise Http404
    try:
        services.reopen_task(task=task, by=user, purpose=grant.purpose)
    except services.WorkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The task is open again."))
    return redirect("work:edit-task", pk=task.pk)


@login_required
@require_POST
def plan_check_ins(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, dossier_pk)
    if not grant.may_change:
        raise Http404
    user = _staff(request)
    form = CheckInPlanForm(request.POST, owners=team_members(dossier))
    if form.is_valid():
        try:
            tasks = services.plan_check_ins(
                dossier=dossier,
                by=user,
                owner=form.cleaned_data["owner"],
                every_working_days=form.cleaned_data["every_working_days"],
                count=form.cleaned_data["count"],
                description=form.cleaned_data["description"],
                purpose=grant.purpose,
            )
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d check-in was planned.",
                    "%(count)d check-ins were planned.",
                    len(tasks),
                )
                % {"count": len(tasks)},
            )
            return _back(request, dossier.pk)
    # The dossier page with the form open, as typed, with its errors.
    return render_dossier_page(request, dossier, grant, bound={"check_ins": form})


# Appointments ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_appointment(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, dossier_pk)
    if not grant.may_change:
        raise Http404
    form = AppointmentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.plan_appointment(
                    dossier=dossier, by=_staff(request), purpose=grant.purpose, **form.cleaned_data
                )
            except services.WorkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The appointment was planned."))
                return _back(request, dossier.pk)
        return render(
            request,
            "work/appointment_form.html",
            {"form": form, "dossier": dossier},
            status=400,
        )
    return render(request, "work/appointment_form.html", {"form": form, "dossier": dossier})


@login_required
@require_http_methods(["GET", "POST"])
def edit_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    appointment, grant = rules.appointment_for(request.user, pk)
    user = _staff(request)
    if request.method == "POST":
        if not grant.may_change:
            raise Http404
        form = AppointmentEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_appointment(
                    appointment=appointment,
                    by=user,
                    expected_version=form.cleaned_data["version"] or 0,
                    starts_at=form.cleaned_data["starts_at"],
                    place=form.cleaned_data["place"],
                    with_whom=form.cleaned_data["with_whom"],
                    note=form.cleaned_data["note"],
                    purpose=grant.purpose,
                )
            except EditConflict as error:
                current = Appointment.objects.get(pk=appointment.pk)
                form, rows = refreshed_after_conflict(
                    AppointmentEditForm, request.POST, current, error, APPOINTMENT_FIELDS
                )
                return _render_appointment(
                    request, current, grant, form=form, conflict=rows, status=409
                )
            except services.WorkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes were saved."))
                return _back(request, appointment.dossier_id)
        return _render_appointment(request, appointment, grant, form=form, status=400)
    record_event(
        action=Action.READ,
        event="work.appointment.viewed",
        purpose=grant.purpose,
        by=user,
        obj=appointment,
    )
    return _render_appointment(request, appointment, grant)


def _render_appointment(
    request: HttpRequest,
    appointment: Appointment,
    grant: rules.Grant,
    *,
    form: AppointmentEditForm | None = None,
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    planned = appointment.status == AppointmentStatus.PLANNED
    if form is None and grant.may_change and planned:
        form = AppointmentEditForm(
            initial={
                "version": appointment.row_version,
                "starts_at": timezone.localtime(appointment.starts_at),
                "place": appointment.place,
                "with_whom": appointment.with_whom,
                "note": appointment.note,
            }
        )
    now = timezone.now()
    context = {
        "appointment": appointment,
        "dossier": appointment.dossier,
        "grant": grant,
        "form": form if grant.may_change and planned else None,
        "can_record": grant.may_change and appointment.can_be_recorded(now),
        "has_started": appointment.has_started(now),
        "conflict": conflict,
    }
    return render(request, "work/appointment_detail.html", context, status=status)


@login_required
@require_POST
def cancel_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(
        request, pk, services.cancel_appointment, _("The appointment was cancelled.")
    )


@login_required
@require_POST
def mark_not_attended(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(
        request, pk, services.mark_not_attended, _("The appointment was marked as not held.")
    )


def _change_status(
    request: HttpRequest, pk: int, service: Callable[..., Appointment], success: str
) -> HttpResponse:
    appointment, grant = rules.appointment_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = StatusChangeForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        service(
            appointment=appointment,
            by=_staff(request),
            expected_version=version if version is not None else -1,
            purpose=grant.purpose,
        )
    except EditConflict as error:
        messages.error(request, str(error))
        current = Appointment.objects.get(pk=appointment.pk)
        current.dossier = appointment.dossier
        return _render_appointment(request, current, grant, status=409)
    except services.WorkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(request, appointment.dossier_id)


@login_required
@require_http_methods(["GET", "POST"])
def record_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    appointment, grant = rules.appointment_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    user = _staff(request)
    if request.method == "POST":
        form = ConversationForm(request.POST)
        if form.is_valid():
            try:
                services.record_appointment_as_conversation(
                    appointment=appointment, by=user, purpose=grant.purpose, **form.cleaned_data
                )
            except services.WorkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The conversation was added."))
                return _back(request, appointment.dossier_id)
        status = 400
    else:
        record_event(
            action=Action.READ,
            event="work.appointment.viewed",
            purpose=grant.purpose,
            by=user,
            obj=appointment,
        )
        form = ConversationForm(
            initial={
                "held_at": timezone.localtime(appointment.starts_at).strftime("%Y-%m-%dT%H:%M"),
                "place": appointment.place,
                "participants": appointment.with_whom,
            }
        )
        status = 200
    return render(
        request,
        "work/appointment_conversation.html",
        {
            "appointment": appointment,
            "dossier": appointment.dossier,
            "form": form,
            "can_record": appointment.can_be_recorded(timezone.now()),
        },
        status=status,
    )

"""The start page after login, and the page that asks for a second factor."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.access.rules import can_manage_staff, can_view_activities
from vk.centres.models import Role, User


@dataclass(frozen=True)
class Task:
    title: str | Promise
    description: str | Promise
    url: str | Promise = ""


# The team lead's and the director's figures; one task, shown once to whoever has both.
DASHBOARD_TASK = Task(
    _("Dashboard"),
    _(
        "The intake queue with time left, decisions on time, caseload per case worker, dossiers without a conversation and overdue tasks."
    ),
    reverse_lazy("stats:dashboard"),
)

ROLE_TASKS: dict[str, list[Task]] = {
    Role.INTAKE: [
        Task(
            _("Register incoming reports"),
            _(
                "Phone calls, e-mails, 1712 hand-overs and notifications from the police or the Jeugdparket."
            ),
        ),
    ],
    Role.CASE_WORKER: [
        Task(
            _("Work with families"),
            _("Your dossiers, conversations, contacts and appointments."),
            reverse_lazy("work:my-work"),
        ),
    ],
    Role.TEAM_LEAD: [
        DASHBOARD_TASK,
        Task(
            _("Intake queue"),
            _("Reports waiting for triage, with their working-day deadlines."),
            reverse_lazy("intake:queue"),
        ),
        Task(
            _("MaNo procedures"),
            _("Decision deadlines, overdue procedures and the on-time share."),
            reverse_lazy("mano:overview"),
        ),
        Task(
            _("Emergency accesses"),
            _("Judge each emergency access of a colleague outside the team."),
            reverse_lazy("access:emergency-reviews"),
        ),
    ],
    Role.DIRECTOR: [
        DASHBOARD_TASK,
        Task(
            _("Statistics"),
            _(
                "The yearly report for the funder, its data-quality list and the figures of all centres."
            ),
            reverse_lazy("stats:index"),
        ),
        Task(
            _("Intake overview"),
            _("The intake queue and the share of reports decided on time."),
            reverse_lazy("intake:queue"),
        ),
        Task(
            _("Complaints"),
            _("The complaints register, its deadlines and the yearly overview."),
            reverse_lazy("complaints:register"),
        ),
    ],
    Role.STATISTICS: [
        Task(
            _("Statistics"),
            _(
                "The yearly report for the funder, its data-quality counts and the figures of all centres, without names."
            ),
            reverse_lazy("stats:index"),
        ),
    ],
    Role.PRIVACY_OFFICER: [
        Task(
            _("Review accesses"),
            _("Who looked at a file, accesses per colleague, unusual patterns, emergencies."),
            reverse_lazy("audit:start-review"),
        ),
    ],
    Role.COMPLAINTS: [
        Task(
            _("Handle complaints"),
            _("The complaints register and its deadlines."),
            reverse_lazy("complaints:register"),
        ),
    ],
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    tasks: list[Task] = []
    for role in Role:
        if role in user.roles:
            tasks += [task for task in ROLE_TASKS.get(role, []) if task not in tasks]
    if can_view_activities(user):
        tasks.append(
            Task(
                _("Coaching, training and awareness"),
                _("Register the centre's work for professionals and see the yearly overview."),
                reverse("activities:index"),
            )
        )
    if can_manage_staff(user):
        tasks.append(
            Task(
                _("Manage staff"),
                _("Add colleagues, change their roles and teams, block accounts."),
                reverse("centres:list-staff"),
            )
        )
    tasks.append(
        Task(
            _("Secure your account"),
            _("Your password, authenticator app, security keys and active sessions."),
            reverse("accounts:security"),
        )
    )
    return render(request, "accounts/home.html", {"tasks": tasks})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html")


@login_required
def setup_mfa(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/setup_mfa.html")

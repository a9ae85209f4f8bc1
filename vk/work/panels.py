"""The planning forms of the dossier page's "Appointments and tasks" section, fetched
when their panel opens (see vk/dossiers/panels.py). Registered from WorkConfig.ready."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vk.centres.models import User
from vk.dossiers.models import Dossier, State
from vk.dossiers.panels import PanelForm, register
from vk.work.forms import AppointmentForm, CheckInPlanForm, TaskForm
from vk.work.views import team_members


def _owner_initial(team: list[User], user: User) -> dict[str, str]:
    """The user who plans it owns it, when they are on the team."""
    return {"owner": str(user.pk)} if user in team else {}


def _task(dossier: Dossier, user: User) -> TaskForm:
    team = team_members(dossier)
    return TaskForm(owners=team, initial=_owner_initial(team, user))


def _check_ins(dossier: Dossier, user: User) -> CheckInPlanForm | None:
    if dossier.state != State.FOLLOW_UP:
        return None
    team = team_members(dossier)
    return CheckInPlanForm(owners=team, initial=_owner_initial(team, user))


register(
    PanelForm(
        "appointment",
        _("Plan an appointment"),
        "work/_appointment_plan_form.html",
        lambda dossier, user: AppointmentForm(),
        "work-heading",
    )
)
register(PanelForm("task", _("Add a task"), "work/_task_create_form.html", _task, "work-heading"))
register(
    PanelForm(
        "check_ins",
        _("Plan check-ins for the follow-up"),
        "work/_check_in_form.html",
        _check_ins,
        "work-heading",
    )
)

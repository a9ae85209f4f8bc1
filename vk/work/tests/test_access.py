"""Need-to-know for tasks and appointments: outside the dossier's team every URL
answers 404 and nothing changes; oversight reads but does not change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers.models import Conversation, Dossier, State
from vk.tests.factories import UserFactory
from vk.work import services
from vk.work.models import Appointment, AppointmentStatus, Task
from vk.work.tests.helpers import TITLE, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(dossier: Dossier, worker_a: User) -> tuple[Task, Task, Appointment]:
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FOLLOW_UP)
    task = make_task(dossier, worker_a)
    general = services.create_task(
        by=worker_a, owner=worker_a, title="Vorming volgen", due_in_working_days=5
    )
    # Already started, so that recording it as a conversation would be allowed.
    appointment = Appointment.objects.create(
        centre=dossier.centre,
        dossier=dossier,
        starts_at=dossier.opened_at,
        place="centre",
        with_whom="Sara Maes",
        planned_by=worker_a,
    )
    return task, general, appointment


def _urls(dossier: Dossier, task: Task, general: Task, appointment: Appointment) -> list[str]:
    return [
        reverse("work:create-dossier-task", args=[dossier.pk]),
        reverse("work:plan-check-ins", args=[dossier.pk]),
        reverse("work:plan-appointment", args=[dossier.pk]),
        *(
            reverse(name, args=[item.pk])
            for item in (task, general)
            for name in ("work:edit-task", "work:complete-task", "work:reopen-task")
        ),
        *(
            reverse(name, args=[appointment.pk])
            for name in (
                "work:edit-appointment",
                "work:cancel-appointment",
                "work:mark-not-attended",
                "work:record-conversation",
            )
        ),
    ]


def _post_data(task: Task, appointment: Appointment) -> dict[str, Any]:
    """Valid input for every form, so that only the access rule can refuse."""
    return {
        "task-title": "Iets",
        "task-owner": task.owner_id,
        "task-due_in": "2",
        "check_ins-owner": task.owner_id,
        "check_ins-count": "2",
        "check_ins-every_working_days": "5",
        "appointment-starts_at": "2099-01-01T10:00",
        "appointment-place": "centre",
        "appointment-with_whom": "moeder",
        "version": appointment.row_version,
        "title": "Iets anders",
        "owner": task.owner_id,
        "due_on": "2099-01-01",
        "starts_at": "2099-01-01T10:00",
        "place": "centre",
        "with_whom": "moeder",
        "held_at": "2020-01-01T10:00",
        "participants": "moeder",
        "language": "Nederlands",
        "summary": "Iets.",
        "outcome": "Iets.",
    }


@pytest.mark.parametrize("persona", ["colleague_a", "case_worker_a", "staff_b", "admin_b"])
def test_outside_the_team_every_url_answers_404_and_nothing_changes(
    dossier: Dossier,
    planned: tuple[Task, Task, Appointment],
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    task, general, appointment = planned
    client = client_for(request.getfixturevalue(persona))
    data = _post_data(task, appointment)
    for url in _urls(dossier, task, general, appointment):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, data).status_code == 404, url
    assert Task.objects.count() == 2
    assert not Task.objects.filter(done_at__isnull=False).exists()
    assert Task.objects.filter(title=TITLE).exists()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    assert not Conversation.objects.exists()
    page = client.get(reverse("work:my-work")).content.decode()
    assert dossier.reference not in page and TITLE not in page


def test_an_anonymous_visitor_is_sent_to_the_login(
    dossier: Dossier, planned: tuple[Task, Task, Appointment], anonymous: Any
) -> None:
    task, general, appointment = planned
    for url in [reverse("work:my-work"), *_urls(dossier, task, general, appointment)]:
        response = anonymous.post(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_director_reads_the_planning_but_changes_nothing(
    dossier: Dossier, planned: tuple[Task, Task, Appointment]
) -> None:
    task, general, appointment = planned
    director = UserFactory(centre=dossier.centre, roles=[Role.DIRECTOR])
    client = client_for(director)
    assert client.get(reverse("work:edit-task", args=[task.pk])).status_code == 200
    assert client.get(reverse("work:edit-appointment", args=[appointment.pk])).status_code == 200
    assert client.get(reverse("work:edit-task", args=[general.pk])).status_code == 404
    data = _post_data(task, appointment)
    for url in _urls(dossier, task, general, appointment):
        assert client.post(url, data).status_code == 404, url
    assert Task.objects.count() == 2
    assert not Conversation.objects.exists()


def test_the_team_lead_plans_for_oversight_with_those_grounds(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    response = client_for(team_lead_a).post(
        reverse("work:create-dossier-task", args=[dossier.pk]),
        {"task-title": "Teamoverleg voorbereiden", "task-owner": worker_a.pk, "task-due_in": "5"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(event="work.task.created").purpose == "oversight"


def test_the_team_opens_every_page(
    dossier: Dossier, worker_a: User, planned: tuple[Task, Task, Appointment]
) -> None:
    task, general, appointment = planned
    client = client_for(worker_a)
    for url in [
        reverse("work:my-work"),
        reverse("work:create-task"),
        reverse("work:create-dossier-task", args=[dossier.pk]),
        reverse("work:plan-appointment", args=[dossier.pk]),
        reverse("work:edit-task", args=[task.pk]),
        reverse("work:edit-task", args=[general.pk]),
        reverse("work:edit-appointment", args=[appointment.pk]),
        reverse("work:record-conversation", args=[appointment.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    assert AuditEntry.objects.filter(event="work.task.viewed").count() == 2
    assert AuditEntry.objects.filter(event="work.appointment.viewed").count() == 2

"""Tasks: due dates in working days, the owner on the team, done and reopened,
check-ins with their outcome, and edits that conflict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers.models import Assignment, Dossier, State
from vk.tests.factories import UserFactory
from vk.work import services
from vk.work.models import Task, TaskKind
from vk.work.tests.helpers import TITLE, local, make_task

pytestmark = pytest.mark.django_db


def _new_task(**changes: Any) -> dict[str, Any]:
    data = {"task-title": TITLE, "task-due_in": "2", "task-description": ""}
    data.update(changes)
    return data


# Creating -------------------------------------------------------------------------


def test_a_task_due_in_two_working_days_skips_easter_monday(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    response = client_for(worker_a).post(
        reverse("work:create-dossier-task", args=[dossier.pk]),
        _new_task(**{"task-owner": worker_a.pk}),
    )
    assert response.status_code == 302
    task = Task.objects.get()
    # Thursday 2 April + 2 working days: Friday 3, (Easter Monday 6), Tuesday 7.
    assert task.due_on == date(2026, 4, 7)
    assert (task.dossier, task.owner, task.created_by, task.kind) == (
        dossier,
        worker_a,
        worker_a,
        TaskKind.TASK,
    )
    entry = AuditEntry.objects.get(event="work.task.created")
    assert entry.detail["due_on"] == "2026-04-07"
    assert "Mila" not in str(entry.detail)


def test_five_working_days_from_thursday_is_the_next_friday_despite_easter(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    task = make_task(dossier, worker_a, due_in_working_days=5)
    assert task.due_on == date(2026, 4, 10)


def test_the_form_offers_the_quick_choices_with_their_dates(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    page = (
        client_for(worker_a)
        .get(reverse("work:create-dossier-task", args=[dossier.pk]))
        .content.decode()
    )
    for day in ["07/04", "10/04", "17/04"]:
        assert day in page


def test_a_task_can_be_due_on_a_chosen_date_but_not_in_the_past(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    client = client_for(worker_a)
    url = reverse("work:create-dossier-task", args=[dossier.pk])
    past = _new_task(
        **{"task-owner": worker_a.pk, "task-due_in": "date", "task-due_on": "2026-04-01"}
    )
    assert client.post(url, past).status_code == 400
    assert not Task.objects.exists()
    chosen = {**past, "task-due_on": "2026-04-20"}
    assert client.post(url, chosen).status_code == 302
    assert Task.objects.get().due_on == date(2026, 4, 20)


def test_the_owner_must_be_on_the_dossier_s_team(
    dossier: Dossier, worker_a: User, case_worker_a: User
) -> None:
    with pytest.raises(services.WorkError, match="on the dossier's team"):
        make_task(dossier, case_worker_a, by=worker_a)
    response = client_for(worker_a).post(
        reverse("work:create-dossier-task", args=[dossier.pk]),
        _new_task(**{"task-owner": case_worker_a.pk}),
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_colleague_of_another_centre_never_owns_a_task(worker_a: User, staff_b: User) -> None:
    with pytest.raises(services.WorkError, match="colleague of your centre"):
        services.create_task(by=worker_a, owner=staff_b, title="Iets", due_in_working_days=2)


def test_a_closed_dossier_gets_no_new_tasks(dossier: Dossier, worker_a: User) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=State.CLOSED)
    with pytest.raises(services.WorkError, match="closed"):
        make_task(dossier, worker_a)


def test_a_general_task_belongs_to_no_dossier_and_only_its_people_see_it(
    worker_a: User, case_worker_a: User, colleague_a: User
) -> None:
    response = client_for(worker_a).post(
        reverse("work:create-task"),
        _new_task(**{"task-owner": case_worker_a.pk, "task-title": "Vorming volgen"}),
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.dossier is None
    url = reverse("work:edit-task", args=[task.pk])
    assert client_for(case_worker_a).get(url).status_code == 200
    assert client_for(worker_a).get(url).status_code == 200
    assert client_for(colleague_a).get(url).status_code == 404


# Done and reopened ----------------------------------------------------------------


def test_a_task_is_marked_done_and_reopened(dossier: Dossier, worker_a: User) -> None:
    task = make_task(dossier, worker_a)
    client = client_for(worker_a)
    assert client.post(reverse("work:complete-task", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.done_by == worker_a
    assert client.post(reverse("work:reopen-task", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert not task.is_done and task.done_by is None
    events = list(
        AuditEntry.objects.filter(event__startswith="work.task.")
        .order_by("seq")
        .values_list("event", flat=True)
    )
    assert events == ["work.task.created", "work.task.completed", "work.task.reopened"]


def test_a_check_in_is_done_only_with_its_outcome(
    follow_up_dossier: Dossier, worker_a: User
) -> None:
    (check_in,) = services.plan_check_ins(
        dossier=follow_up_dossier, by=worker_a, owner=worker_a, every_working_days=10, count=1
    )
    with pytest.raises(services.WorkError, match="outcome"):
        services.complete_task(task=check_in, by=worker_a, outcome="  ")
    client = client_for(worker_a)
    url = reverse("work:complete-task", args=[check_in.pk])
    assert client.post(url, {"outcome": ""}).status_code == 400
    check_in.refresh_from_db()
    assert not check_in.is_done
    assert client.post(url, {"outcome": "Rustiger thuis; afspraken lopen."}).status_code == 302
    check_in.refresh_from_db()
    assert check_in.is_done
    assert check_in.outcome == "Rustiger thuis; afspraken lopen."


def test_check_ins_are_spaced_in_working_days_during_the_follow_up_only(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    with pytest.raises(services.WorkError, match="follow-up"):
        services.plan_check_ins(
            dossier=dossier, by=worker_a, owner=worker_a, every_working_days=5, count=3
        )
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FOLLOW_UP)
    response = client_for(worker_a).post(
        reverse("work:plan-check-ins", args=[dossier.pk]),
        {
            "check_ins-owner": worker_a.pk,
            "check_ins-count": "3",
            "check_ins-every_working_days": "5",
        },
    )
    assert response.status_code == 302
    check_ins = list(Task.objects.order_by("due_on"))
    assert [task.kind for task in check_ins] == [TaskKind.CHECK_IN] * 3
    assert [task.due_on for task in check_ins] == [
        date(2026, 4, 10),
        date(2026, 4, 17),
        date(2026, 4, 24),
    ]
    assert AuditEntry.objects.get(event="work.check_ins.planned").detail["tasks"] == [
        task.pk for task in check_ins
    ]


def test_the_owner_who_left_the_team_still_sees_and_completes_the_task(
    dossier: Dossier, worker_a: User
) -> None:
    psychologist = UserFactory(centre=worker_a.centre, roles=[Role.CASE_WORKER])
    Assignment.objects.create(dossier=dossier, user=psychologist)
    task = make_task(dossier, psychologist, by=worker_a)
    Assignment.objects.filter(dossier=dossier, user=psychologist).delete()
    client = client_for(psychologist)
    assert client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("work:edit-task", args=[task.pk])).status_code == 200
    # Seeing is not changing: the task itself stays with the team.
    edit = client.post(
        reverse("work:edit-task", args=[task.pk]),
        {
            "version": task.row_version,
            "title": "Anders",
            "owner": psychologist.pk,
            "due_on": task.due_on,
        },
    )
    assert edit.status_code == 404
    assert client.post(reverse("work:complete-task", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.title == TITLE


# Conflicts ------------------------------------------------------------------------


def _edit(task: Task, version: int, title: str) -> dict[str, Any]:
    return {
        "version": version,
        "title": title,
        "owner": task.owner_id,
        "due_on": task.due_on.isoformat(),
        "description": "",
    }


def test_a_stale_edit_is_refused_with_both_versions_and_the_typed_input_kept(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    task = make_task(dossier, worker_a)
    url = reverse("work:edit-task", args=[task.pk])
    opened_with = task.row_version
    assert (
        client_for(team_lead_a)
        .post(url, _edit(task, opened_with, "Verslag CLB opvragen"))
        .status_code
        == 302
    )
    response = client_for(worker_a).post(url, _edit(task, opened_with, "Huisarts bellen"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Verslag CLB opvragen" in page  # saved by the team lead
    assert "Huisarts bellen" in page  # typed by the worker, still in the form
    task.refresh_from_db()
    assert task.title == "Verslag CLB opvragen"
    assert f'name="version" value="{task.row_version}"' in page
    # Saving again, deliberately, now works.
    again = client_for(worker_a).post(url, _edit(task, task.row_version, "Huisarts bellen"))
    assert again.status_code == 302
    task.refresh_from_db()
    assert task.title == "Huisarts bellen"


def test_moving_the_due_date_into_the_past_is_refused(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    task = make_task(dossier, worker_a)
    with pytest.raises(services.WorkError, match="past"):
        services.update_task(
            task=task,
            by=worker_a,
            expected_version=task.row_version,
            title=task.title,
            description="",
            owner=worker_a,
            due_on=local(date(2026, 4, 1)).date(),
        )

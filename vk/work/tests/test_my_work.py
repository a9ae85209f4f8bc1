"""Mijn werk and the dossier's "appointments and tasks": what they show, how they are
audited, and that they need the same number of queries however much there is."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import User
from vk.dossiers import services as dossier_services
from vk.dossiers.models import Assignment, Dossier, State
from vk.dossiers.tests.helpers import open_panel, panel_url
from vk.tests.factories import TEST_PASSWORD, UserFactory
from vk.work.models import Appointment, Task
from vk.work.tests.helpers import TITLE, local, make_appointment, make_task

pytestmark = pytest.mark.django_db


def _more_work(dossier: Dossier, worker: User, lead: User, count: int) -> None:
    """`count` more dossiers on the worker's team, each with a conversation, a task and
    an appointment this week, and as many more of each in the first dossier."""
    now = timezone.now()
    for number in range(count):
        other = Dossier.objects.create(
            centre=dossier.centre,
            reference=f"D-ANT-2026-9{Dossier.objects.count():03d}",
            opened_by=lead,
        )
        Assignment.objects.create(dossier=other, user=worker, of_record=number % 2 == 0)
        for target in (dossier, other):
            dossier_services.add_conversation(
                dossier=target,
                by=worker,
                held_at=now - timedelta(days=number + 1),
                place="centre",
                participants="moeder",
                summary="Gesprek.",
            )
            make_task(target, worker, due_in_working_days=number % 4)
            Appointment.objects.create(
                centre=target.centre,
                dossier=target,
                starts_at=now + timedelta(minutes=number - count),
                place="centre",
                with_whom="moeder",
                planned_by=worker,
            )


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_my_work_needs_no_more_queries_for_many_dossiers_tasks_and_conversations(
    dossier: Dossier,
    worker_a: User,
    team_lead_a: User,
    before_easter: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(worker_a)
    url = reverse("work:my-work")
    _more_work(dossier, worker_a, team_lead_a, 2)
    client.get(url)  # the first request of a session also registers the session
    few = _count_queries(client, url)
    _more_work(dossier, worker_a, team_lead_a, 30)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    page = response.content.decode()
    for task in Task.objects.filter(owner=worker_a):
        assert reverse("work:edit-task", args=[task.pk]) in page
    assert few <= 40


def test_my_work_lists_my_tasks_dossiers_and_appointments_and_is_audited_once(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    make_task(dossier, worker_a)
    dossier_services.add_conversation(
        dossier=dossier,
        by=worker_a,
        held_at=local(date(2026, 3, 30)),
        place="centre",
        participants="moeder",
        summary="Gesprek.",
    )
    make_appointment(dossier, worker_a, local(date(2026, 4, 3), 14))  # Friday, this week
    make_appointment(dossier, worker_a, local(date(2026, 4, 8), 14))  # next week
    page = client_for(worker_a).get(reverse("work:my-work")).content.decode()
    assert TITLE in page
    assert dossier.reference in page
    assert "30/03/2026" in page  # date of the last conversation
    assert worker_a.get_full_name() in page  # the case worker of record
    assert "vr 03/04 14:00" in page
    assert "08/04" not in page
    entries = AuditEntry.objects.filter(event="work.mine.listed")
    assert entries.count() == 1
    assert entries.get().detail == {"dossiers": 1, "tasks": 1, "check_ins": 0, "appointments": 1}


def test_an_overdue_task_stands_out_with_a_badge_and_words(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    make_task(dossier, worker_a, due_in_working_days=2)  # Tuesday 7 April
    make_task(dossier, worker_a, title="Later", due_on=date(2026, 4, 30))
    before_easter.move_to(local(date(2026, 4, 9)))
    page = client_for(worker_a).get(reverse("work:my-work")).content.decode()
    assert page.count('class="row--overdue"') == 1
    assert '<span class="badge">over tijd</span>' in page  # a word, not colour only
    assert "2 werkdagen te laat" in page
    assert "15 werkdagen" in page  # the other one: working days left


def test_a_started_appointment_this_week_offers_to_record_it(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(date(2026, 4, 3), 9))
    client = client_for(worker_a)
    record = reverse("work:record-conversation", args=[appointment.pk])
    assert record not in client.get(reverse("work:my-work")).content.decode()
    before_easter.move_to(local(date(2026, 4, 3), 10))
    client = client_for(worker_a)
    assert record in client.get(reverse("work:my-work")).content.decode()


def test_case_workers_land_on_my_work_after_login(centre_a: Any, settings: Any) -> None:
    settings.MFA_REQUIRED = False
    settings.DEMO = True
    worker = UserFactory(centre=centre_a, roles=["case_worker"], totp=False)
    intake = UserFactory(centre=centre_a, roles=["intake"], totp=False)
    for user, start in [(worker, "work:my-work"), (intake, "accounts:home")]:
        response = Client().post(
            reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == reverse(start)


# The dossier page -----------------------------------------------------------------


def test_the_dossier_page_shows_appointments_and_tasks_with_a_fixed_number_of_queries(
    dossier: Dossier, worker_a: User, team_lead_a: User, before_easter: Any
) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:view-dossier", args=[dossier.pk])
    _more_work(dossier, worker_a, team_lead_a, 1)
    client.get(url)
    few = _count_queries(client, url)
    _more_work(dossier, worker_a, team_lead_a, 25)
    many = _count_queries(client, url)
    assert many == few
    page = client.get(url).content.decode()
    assert 'id="work-heading"' in page
    assert TITLE in page
    # The planning forms wait in panels; opening one fetches the form that posts.
    for kind, target in (
        ("appointment", reverse("work:plan-appointment", args=[dossier.pk])),
        ("task", reverse("work:create-dossier-task", args=[dossier.pk])),
    ):
        assert panel_url(dossier, kind) in page
        assert target not in page
        assert f'action="{target}"' in open_panel(client, dossier, kind).content.decode()


def test_the_check_in_planner_is_offered_in_the_follow_up_only(
    dossier: Dossier, worker_a: User
) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:view-dossier", args=[dossier.pk])
    panel = panel_url(dossier, "check_ins")
    assert panel not in client.get(url).content.decode()
    assert open_panel(client, dossier, "check_ins").status_code == 404
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FOLLOW_UP)
    assert panel in client.get(url).content.decode()
    planner = reverse("work:plan-check-ins", args=[dossier.pk])
    assert f'action="{planner}"' in open_panel(client, dossier, "check_ins").content.decode()


def test_oversight_sees_the_planning_but_gets_no_forms(dossier: Dossier, worker_a: User) -> None:
    make_task(dossier, worker_a)
    director = UserFactory(centre=worker_a.centre, roles=["director"])
    client = client_for(director)
    text = client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).content.decode()
    assert TITLE in text
    for kind in ("appointment", "task"):
        assert panel_url(dossier, kind) not in text
        assert open_panel(client, dossier, kind).status_code == 404


def test_my_work_lists_the_dossiers_waiting_longest_for_a_conversation_and_links_to_all(
    dossier: Dossier, worker_a: User, team_lead_a: User, before_easter: Any, monkeypatch: Any
) -> None:
    from vk.work import views

    monkeypatch.setattr(views, "MY_WORK_DOSSIERS", 3)
    waiting: dict[str, date | None] = {dossier.reference: None}  # never a conversation
    for number, day in enumerate((5, 20, 10, 25)):
        other = Dossier.objects.create(
            centre=dossier.centre, reference=f"D-ANT-2026-95{number}", opened_by=team_lead_a
        )
        Assignment.objects.create(dossier=other, user=worker_a, of_record=True)
        dossier_services.add_conversation(
            dossier=other,
            by=worker_a,
            held_at=local(date(2026, 3, day)),
            place="centre",
            participants="moeder",
            summary="Gesprek.",
        )
        waiting[other.reference] = date(2026, 3, day)

    response = client_for(worker_a).get(reverse("work:my-work"))

    shown = [d.reference for d in response.context["dossiers"]]
    assert shown == [dossier.reference, "D-ANT-2026-950", "D-ANT-2026-952"]
    assert response.context["dossier_count"] == 5
    page = response.content.decode()
    assert "D-ANT-2026-953" not in page
    assert "Alle 5 open dossiers" in page
    assert reverse("dossiers:my-dossiers") in page


def test_the_centre_s_other_open_dossiers_come_fifty_a_page_for_the_team_lead(
    dossier: Dossier, worker_a: User, team_lead_a: User, monkeypatch: Any
) -> None:
    from vk.dossiers import views

    monkeypatch.setattr(views, "OVERSIGHT_PAGE_SIZE", 2)
    for number in range(4):
        Dossier.objects.create(
            centre=dossier.centre, reference=f"D-ANT-2026-96{number}", opened_by=team_lead_a
        )
    client = client_for(team_lead_a)
    first = client.get(reverse("dossiers:my-dossiers"))
    second = client.get(reverse("dossiers:my-dossiers"), {"page": 3})

    assert first.context["centre_page"].paginator.count == 5  # the four and the fixture's
    assert len(first.context["centre_page"].object_list) == 2
    assert "Pagina 1 van 3" in first.content.decode()
    assert len(second.context["centre_page"].object_list) == 1
    # A case worker has no oversight list.
    assert client_for(worker_a).get(reverse("dossiers:my-dossiers")).context["centre_page"] is None

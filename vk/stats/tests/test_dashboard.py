"""The dashboard of the team lead and the director: each figure against a count made by
hand on a small data set (on Thursday 2 April 2026, before Easter Monday), who may open
it, the weeks form, the audit entry, and that its queries do not grow with the data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from conftest import client_for
from vk.audit.models import Action, AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import State
from vk.mano import services as mano_services
from vk.mano.models import Procedure
from vk.stats import dashboard
from vk.stats.tests.helpers import (
    NOW,
    TODAY,
    local,
    make_complaint,
    make_dossier,
    make_emergency_access,
    make_procedure,
    make_report,
    make_task,
)
from vk.tests.browser import nl
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("stats:dashboard")


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def director_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dirk")


@pytest.fixture
def wanda(centre_a: Centre) -> User:
    return UserFactory(
        centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wanda", last_name="Aerts"
    )


@pytest.fixture
def casper(centre_a: Centre) -> User:
    return UserFactory(
        centre=centre_a, roles=[Role.CASE_WORKER], first_name="Casper", last_name="Claes"
    )


@pytest.fixture
def lead_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD], first_name="Bart")


def page_of(user: User, **query: str) -> str:
    response = client_for(user).get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


# 1. The intake queue -----------------------------------------------------------------


def test_the_queue_is_counted_by_time_left_in_working_days(team_lead_a: User, lead_b: User) -> None:
    centre = team_lead_a.centre
    for due in (date(2026, 3, 31), date(2026, 4, 1)):  # overdue
        make_report(centre, team_lead_a, due=due)
    make_report(centre, team_lead_a, due=TODAY)
    make_report(centre, team_lead_a, due=date(2026, 4, 3))  # Friday: 1 working day
    make_report(centre, team_lead_a, due=date(2026, 4, 7))  # Tuesday after Easter Monday: 2
    make_report(centre, team_lead_a, due=date(2026, 4, 8))  # 3 working days: later
    make_report(centre, team_lead_a, due=date(2026, 4, 1), triaged_at=local(date(2026, 3, 30)))
    make_report(lead_b.centre, lead_b, due=date(2026, 3, 1))  # another centre's queue

    queue = dashboard.intake_queue(team_lead_a, TODAY)

    assert queue == dashboard.IntakeQueue(
        waiting=6, overdue=2, due_today=1, due_soon=2, due_soon_until=date(2026, 4, 7)
    )


# 2. Triage on time per month ---------------------------------------------------------


def test_triage_on_time_is_counted_per_local_month_for_the_last_twelve_months(
    team_lead_a: User, lead_b: User
) -> None:
    centre = team_lead_a.centre
    march = [
        (date(2026, 3, 12), local(date(2026, 3, 10))),  # on time
        (date(2026, 3, 31), local(date(2026, 3, 31), 23, 30)),  # on time: the local day
        (date(2026, 3, 19), local(date(2026, 3, 20))),  # a day late
    ]
    april = [
        # 00:30 in Brussels is still 31 March in UTC: April, and late.
        (date(2026, 3, 31), local(date(2026, 4, 1), 0, 30)),
        (date(2026, 4, 3), local(date(2026, 4, 1), 9)),
    ]
    for due, decided in [*march, *april]:
        make_report(centre, team_lead_a, due=due, triaged_at=decided)
    make_report(centre, team_lead_a, due=date(2025, 5, 20), triaged_at=local(date(2025, 5, 15)))
    make_report(centre, team_lead_a, due=date(2025, 5, 5), triaged_at=local(date(2025, 4, 30)))
    make_report(lead_b.centre, lead_b, due=date(2026, 3, 1), triaged_at=local(date(2026, 3, 9)))

    months = dashboard.triage_per_month(team_lead_a, TODAY)

    assert [month.month for month in months] == [
        date(2025, 5, 1),
        date(2025, 6, 1),
        date(2025, 7, 1),
        date(2025, 8, 1),
        date(2025, 9, 1),
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    counted = {m.month: (m.decided, m.on_time, m.percent) for m in months if m.decided}
    assert counted == {
        date(2025, 5, 1): (1, 1, 100),
        date(2026, 3, 1): (3, 2, 66),  # rounded down: 66.7 % has not reached 67 %
        date(2026, 4, 1): (2, 1, 50),
    }
    assert months[1].percent is None  # no decisions: no share, not 0 %


def test_the_months_run_back_over_the_turn_of_the_year() -> None:
    months = dashboard.triage_months(date(2026, 1, 31))

    assert (months[0], months[-1], len(months)) == (date(2025, 2, 1), date(2026, 1, 1), 12)


# 3. MaNo -----------------------------------------------------------------------------


def test_mano_counts_this_years_decisions_on_time_and_open_procedures_past_deadline(
    team_lead_a: User, wanda: User
) -> None:
    dossier = make_dossier(team_lead_a.centre, team_lead_a, team=(wanda,), of_record=wanda)

    def procedure(**fields: Any) -> Procedure:
        return make_procedure(dossier, team_lead_a, **fields)

    procedure(
        decision="necessary",
        decision_on=date(2026, 2, 10),
        deadline=date(2026, 2, 20),
        state="mandated_follow_up",
    )  # on time
    procedure(
        decision="parket",
        decision_on=date(2026, 3, 15),
        deadline=date(2026, 3, 10),
        state="referred_to_parket",
    )  # late
    procedure(
        decision="not_necessary",
        decision_on=date(2026, 2, 25),
        deadline=date(2026, 3, 1),
        state="closed",
        outcome="voluntary_help",
    )  # on time
    procedure(
        decision="necessary",
        decision_on=date(2025, 12, 20),
        deadline=date(2025, 12, 1),
        state="mandated_follow_up",
    )  # last year
    procedure(deadline=date(2026, 4, 1))  # open, past its deadline
    procedure(deadline=TODAY)  # due today: not late yet
    procedure(deadline=None, clock_start="admissible", state="received")  # no clock yet
    procedure(
        state="closed",
        admissibility="not_admissible",
        outcome="not_admissible",
        deadline=date(2026, 3, 1),
    )  # closed without a decision

    mano = dashboard.mano_figures(team_lead_a, TODAY)

    assert (mano.year, mano.decided, mano.on_time, mano.overdue, mano.percent) == (
        2026,
        3,
        2,
        1,
        66,
    )


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 4, 2),  # Thursday
        date(2026, 4, 4),  # Saturday: Friday's deadline is not yet a working day late
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 7),  # Tuesday after it
    ],
)
def test_mano_overdue_agrees_with_the_overview_on_every_day(team_lead_a: User, today: date) -> None:
    dossier = make_dossier(team_lead_a.centre, team_lead_a)
    for day in range(28, 32):
        make_procedure(dossier, team_lead_a, deadline=date(2026, 3, 1) + timedelta(days=day))

    by_the_overview = sum(
        mano_services.is_overdue(procedure, today) for procedure in Procedure.objects.all()
    )

    assert dashboard.mano_figures(team_lead_a, today).overdue == by_the_overview
    assert by_the_overview > 0


# 4. Caseload -------------------------------------------------------------------------


def test_caseload_counts_open_dossiers_per_active_case_worker_fullest_first(
    team_lead_a: User, wanda: User, casper: User, lead_b: User
) -> None:
    centre = team_lead_a.centre
    idle = UserFactory(centre=centre, roles=[Role.CASE_WORKER], first_name="Ines", last_name="Idle")
    gone = UserFactory(centre=centre, roles=[Role.CASE_WORKER], is_active=False)
    make_dossier(centre, team_lead_a, team=(wanda, casper, team_lead_a), of_record=wanda)
    make_dossier(centre, team_lead_a, team=(wanda,), of_record=wanda, state=State.FOLLOW_UP)
    make_dossier(centre, team_lead_a, team=(casper, gone), of_record=casper)
    make_dossier(centre, team_lead_a, team=(casper,), of_record=casper, state=State.CLOSED)
    worker_b = UserFactory(centre=lead_b.centre, roles=[Role.CASE_WORKER])
    make_dossier(lead_b.centre, lead_b, team=(worker_b,), of_record=worker_b)

    rows = dashboard.caseload(team_lead_a)

    assert [(row.worker, row.dossiers, row.of_record) for row in rows] == [
        (wanda, 2, 2),
        (casper, 2, 1),
        (idle, 0, 0),
    ]


# 5. Dossiers without a conversation --------------------------------------------------


def test_quiet_dossiers_are_those_whose_last_conversation_or_opening_is_older_than_the_weeks(
    team_lead_a: User, wanda: User, lead_b: User
) -> None:
    centre = team_lead_a.centre
    talked_10_feb = make_dossier(
        centre,
        team_lead_a,
        of_record=wanda,
        conversations=(local(date(2026, 1, 5)), local(date(2026, 2, 10))),
    )
    never_talked = make_dossier(centre, team_lead_a, opened=local(date(2026, 2, 1)))
    talked_19_feb = make_dossier(
        centre, team_lead_a, conversations=(local(date(2026, 2, 19), 9),)
    )  # six weeks ago to the day: not yet
    make_dossier(centre, team_lead_a, opened=local(date(2026, 3, 30)))  # new
    make_dossier(centre, team_lead_a, state=State.CLOSED, opened=local(date(2020, 1, 1)))
    make_dossier(lead_b.centre, lead_b, opened=local(date(2020, 1, 1)))

    six = dashboard.quiet_dossiers(team_lead_a, TODAY, 6)
    eight = dashboard.quiet_dossiers(team_lead_a, TODAY, 8)
    two = dashboard.quiet_dossiers(team_lead_a, TODAY, 2)

    assert (six.before, six.total) == (date(2026, 2, 19), 2)
    assert [(d.reference, d.case_worker) for d in six.shown] == [
        (never_talked.reference, ""),
        (talked_10_feb.reference, "Wanda Aerts"),
    ]
    assert six.shown[0].last_conversation_at is None
    assert six.shown[1].last_conversation_at == local(date(2026, 2, 10))
    assert [d.reference for d in eight.shown] == [never_talked.reference]
    assert two.total == 3
    assert two.shown[-1].reference == talked_19_feb.reference


def test_at_most_25_quiet_dossiers_are_listed_the_oldest_first_with_the_total(
    team_lead_a: User,
) -> None:
    made = [
        make_dossier(team_lead_a.centre, team_lead_a, opened=NOW - timedelta(days=100 + number))
        for number in range(27)
    ]

    quiet = dashboard.quiet_dossiers(team_lead_a, TODAY, 6)

    assert quiet.total == 27
    assert [d.reference for d in quiet.shown] == [d.reference for d in made[::-1][:25]]


# 6. Overdue tasks --------------------------------------------------------------------


def test_overdue_tasks_are_counted_per_owner_also_one_who_left(
    team_lead_a: User, wanda: User, casper: User, lead_b: User
) -> None:
    gone = UserFactory(
        centre=team_lead_a.centre,
        roles=[Role.CASE_WORKER],
        first_name="Gerda",
        last_name="Gone",
    )
    make_task(wanda, due=date(2026, 4, 1))
    make_task(wanda, due=date(2026, 3, 20))
    make_task(wanda, due=TODAY)  # due today: not overdue
    make_task(wanda, due=date(2026, 3, 1), done=True)
    make_task(casper, due=date(2026, 3, 31))
    make_task(gone, due=date(2026, 2, 2))
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    make_task(UserFactory(centre=lead_b.centre, roles=[Role.CASE_WORKER]), due=date(2026, 1, 1))

    rows = dashboard.overdue_tasks(team_lead_a, TODAY)

    assert rows == [
        dashboard.OwnerTasks("Wanda Aerts", True, 2),
        dashboard.OwnerTasks("Casper Claes", True, 1),
        dashboard.OwnerTasks("Gerda Gone", False, 1),
    ]


# 7. Emergency accesses and 8. complaints ---------------------------------------------


def test_emergency_accesses_awaiting_review_are_counted_without_the_viewers_own(
    team_lead_a: User, director_a: User, wanda: User, casper: User, lead_b: User
) -> None:
    dossier = make_dossier(team_lead_a.centre, team_lead_a)
    make_emergency_access(wanda, dossier)
    make_emergency_access(casper, dossier)
    make_emergency_access(casper, dossier, reviewed_by=team_lead_a)
    make_emergency_access(team_lead_a, dossier)  # not the team lead's to judge
    make_emergency_access(lead_b, make_dossier(lead_b.centre, lead_b))

    assert dashboard.dashboard_for(team_lead_a, today=TODAY).emergency_reviews == 2
    assert dashboard.dashboard_for(director_a, today=TODAY).emergency_reviews == 3


def test_complaints_are_counted_open_and_past_their_deadline_for_the_director(
    director_a: User, centre_b: Centre
) -> None:
    centre = director_a.centre
    make_complaint(
        centre, stage="received", acknowledge_due=date(2026, 4, 1), answer_due=date(2026, 5, 20)
    )  # not acknowledged in time
    make_complaint(
        centre, stage="acknowledged", acknowledge_due=date(2026, 1, 5), answer_due=date(2026, 3, 20)
    )  # not answered in time
    make_complaint(
        centre, stage="formal", acknowledge_due=date(2026, 1, 5), answer_due=TODAY
    )  # due today
    make_complaint(
        centre, stage="answered", acknowledge_due=date(2025, 1, 5), answer_due=date(2025, 3, 1)
    )
    make_complaint(
        centre_b, stage="received", acknowledge_due=date(2026, 1, 1), answer_due=date(2026, 2, 1)
    )

    assert dashboard.dashboard_for(director_a, today=TODAY).complaints == dashboard.Complaints(
        open=3, overdue=2
    )


def test_the_complaints_section_is_shown_to_the_director_and_hidden_from_a_team_lead(
    team_lead_a: User, director_a: User
) -> None:
    make_complaint(
        director_a.centre,
        stage="received",
        acknowledge_due=date(2026, 4, 1),
        answer_due=date(2026, 5, 20),
    )

    for_director = page_of(director_a)
    for_lead = page_of(team_lead_a)

    assert 'id="complaints"' in for_director
    assert reverse("complaints:register") in for_director
    assert 'id="complaints"' not in for_lead
    assert reverse("complaints:register") not in for_lead
    assert dashboard.dashboard_for(team_lead_a, today=TODAY).complaints is None


# The page ----------------------------------------------------------------------------


def test_the_page_shows_each_figure_and_links_to_the_screens_behind_them(
    team_lead_a: User, wanda: User
) -> None:
    make_report(team_lead_a.centre, team_lead_a, due=date(2026, 3, 30))
    quiet = make_dossier(team_lead_a.centre, team_lead_a, team=(wanda,), of_record=wanda)
    make_task(wanda, due=date(2026, 3, 30), dossier=quiet)

    page = page_of(team_lead_a)

    for name in ("intake:queue", "mano:overview", "access:emergency-reviews"):
        assert reverse(name) in page
    assert reverse("dossiers:view-dossier", args=[quiet.pk]) in page
    assert quiet.reference in page
    assert page.count("<svg") == 3  # triage per month, caseload, overdue tasks
    assert page.count("<title>") == 4  # the page's and one per chart
    assert "Wanda Aerts" in page  # caseload and the overdue task's owner


def test_each_view_is_audited_once_with_counts_only(team_lead_a: User) -> None:
    for opened in (local(date(2025, 1, 1)), local(date(2025, 6, 1))):
        make_dossier(team_lead_a.centre, team_lead_a, opened=opened)

    page_of(team_lead_a, weeks="10")

    entry = AuditEntry.objects.get(event="stats.dashboard.viewed")
    assert (entry.action, entry.purpose, entry.actor_id) == (
        Action.READ,
        Purpose.OVERSIGHT,
        team_lead_a.pk,
    )
    assert entry.detail == {
        "weeks": 10,
        "dossiers_without_conversation": 2,
        "dossiers_listed": 2,
        "complaints_shown": False,
    }


# The weeks form ----------------------------------------------------------------------


def test_the_weeks_default_to_six(team_lead_a: User) -> None:
    page = page_of(team_lead_a)

    assert 'name="weeks" value="6"' in page
    assert AuditEntry.objects.get(event="stats.dashboard.viewed").detail["weeks"] == 6


@pytest.mark.parametrize("weeks", ["2", "26", " 12 "])
def test_weeks_from_2_to_26_are_accepted(team_lead_a: User, weeks: str) -> None:
    page = page_of(team_lead_a, weeks=weeks)

    assert "errorlist" not in page
    chosen = AuditEntry.objects.get(event="stats.dashboard.viewed").detail["weeks"]
    assert chosen == int(weeks)


@pytest.mark.parametrize("weeks", ["1", "27", "0", "-3", "six", ""])
def test_weeks_outside_2_to_26_are_refused_with_a_message_and_the_default_is_used(
    team_lead_a: User, weeks: str
) -> None:
    page = page_of(team_lead_a, weeks=weeks)

    assert escape(nl("Give a number of weeks from {low} to {high}.").format(low=2, high=26)) in page
    assert AuditEntry.objects.get(event="stats.dashboard.viewed").detail["weeks"] == 6


# Access ------------------------------------------------------------------------------


def test_a_team_lead_and_the_director_of_the_centre_open_the_dashboard(
    team_lead_a: User, director_a: User
) -> None:
    assert client_for(team_lead_a).get(URL).status_code == 200
    assert client_for(director_a).get(URL).status_code == 200


@pytest.mark.parametrize(
    "roles", [[Role.CASE_WORKER], [Role.STATISTICS], [Role.INTAKE], [Role.COMPLAINTS]]
)
def test_other_roles_of_the_centre_get_404(centre_a: Centre, roles: list[Role]) -> None:
    user = UserFactory(centre=centre_a, roles=roles)

    assert client_for(user).get(URL).status_code == 404
    assert not AuditEntry.objects.filter(event="stats.dashboard.viewed").exists()


def test_another_centres_team_lead_sees_only_their_own_centre(
    team_lead_a: User, lead_b: User
) -> None:
    quiet = make_dossier(team_lead_a.centre, team_lead_a, opened=local(date(2025, 1, 1)))
    make_report(team_lead_a.centre, team_lead_a, due=date(2026, 3, 1))

    page = page_of(lead_b)

    assert quiet.reference not in page
    figures = dashboard.dashboard_for(lead_b, today=TODAY)
    assert (figures.intake.waiting, figures.quiet.total) == (0, 0)


def test_anonymous_visitors_are_sent_to_log_in(anonymous: Client) -> None:
    response = anonymous.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_start_page_and_the_statistics_page_link_to_the_dashboard(
    team_lead_a: User, director_a: User
) -> None:
    statistician = UserFactory(centre=team_lead_a.centre, roles=[Role.STATISTICS])
    both = UserFactory(centre=team_lead_a.centre, roles=[Role.TEAM_LEAD, Role.DIRECTOR])

    for user in (team_lead_a, director_a, both):
        home = client_for(user).get(reverse("accounts:home")).content.decode()
        assert home.count(f'href="{URL}"') == 1, user.roles
        assert URL in client_for(user).get(reverse("stats:index")).content.decode()
    assert URL not in client_for(statistician).get(reverse("accounts:home")).content.decode()
    assert URL not in client_for(statistician).get(reverse("stats:index")).content.decode()


# Query count ---------------------------------------------------------------------------


def _one_of_everything(lead: User, worker: User, number: int) -> None:
    """One more of every kind of record the dashboard counts."""
    centre = lead.centre
    other = UserFactory(centre=centre, roles=[Role.CASE_WORKER], first_name=f"Extra{number}")
    dossier = make_dossier(
        centre,
        lead,
        team=(worker, other),
        of_record=worker,
        opened=NOW - timedelta(days=200 + number),
        conversations=(NOW - timedelta(days=60 + number),),
    )
    make_report(centre, lead, due=TODAY - timedelta(days=number % 3))
    make_report(
        centre,
        lead,
        due=TODAY - timedelta(days=30 * number),
        triaged_at=NOW - timedelta(days=30 * number + number % 2),
    )
    make_procedure(dossier, lead, deadline=date(2026, 3, 1))
    make_procedure(
        dossier,
        lead,
        decision="necessary",
        decision_on=date(2026, 2, 1),
        deadline=date(2026, 2, 10),
        state="mandated_follow_up",
    )
    make_task(other, due=date(2026, 3, 1), dossier=dossier)
    make_emergency_access(other, dossier)
    make_complaint(
        centre, stage="received", acknowledge_due=date(2026, 3, 1), answer_due=date(2026, 5, 1)
    )


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"weeks": "6"}).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("persona", ["team lead", "director"])
def test_the_dashboard_needs_the_same_queries_for_little_and_for_much_more_data(
    team_lead_a: User, director_a: User, wanda: User, persona: str
) -> None:
    user = team_lead_a if persona == "team lead" else director_a
    client = client_for(user)
    _one_of_everything(team_lead_a, wanda, 1)
    client.get(URL)  # the session's first request also registers the session
    little = _queries(client)
    for number in range(2, 32):
        _one_of_everything(team_lead_a, wanda, number)

    more = _queries(client)
    page = client.get(URL, {"weeks": "6"}).content.decode()

    assert more == little
    figures = dashboard.dashboard_for(user, today=TODAY)
    assert (figures.quiet.total, len(figures.quiet.shown)) == (31, 25)
    assert len(figures.caseload) == 32  # Wanda and the 31 extra case workers
    # The table lists all 32; the chart the fullest 30, and its title says so.
    caseload = page[page.index('id="caseload"') : page.index('id="quiet-dossiers"')]
    assert caseload.count('<th scope="row">') == 32
    chart = caseload[caseload.index("<svg") : caseload.index("</svg>")]
    assert chart.count("<text") == 2 * 30
    assert "30 hulpverleners met de grootste caseload" in chart
    assert figures.overdue_task_count == 31
    assert len(re.findall(r'href="/dossiers/\d+/"', page)) == 25

"""The MaNo procedure: every transition, the deadline, moves, access and counting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import product
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.mano import services
from vk.mano.models import TRANSITIONS, Procedure, ProcedureHistory, State
from vk.mano.tests.helpers import admit, register
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 8)


@pytest.fixture(autouse=True)
def _today_and_english() -> Any:
    """A fixed 'today' after the referral; service messages matched in English."""
    with time_machine.travel("2026-04-08 10:00 +02:00", tick=False), translation.override("en"):
        yield


@pytest.fixture
def procedure(dossier: Dossier, worker_a: User) -> Procedure:
    return register(dossier, worker_a)


# The state machine ----------------------------------------------------------------

STEP: dict[str, Callable[[Procedure, User], Procedure]] = {
    "admissible": admit,
    "not_admissible": lambda p, by: services.declare_not_admissible(
        procedure=p, by=by, team_decision=make_decision(p.dossier, by), reason="Geen MaNo."
    ),
    "not_necessary": lambda p, by: services.decide_not_necessary(
        procedure=p,
        by=by,
        team_decision=make_decision(p.dossier, by),
        motivation="Hulp loopt vrijwillig.",
        agreed_with_referrer=True,
    ),
    "necessary": lambda p, by: services.decide_necessary(
        procedure=p, by=by, team_decision=make_decision(p.dossier, by), motivation="Nodig."
    ),
    "parket": lambda p, by: services.refer_to_parket(
        procedure=p, by=by, team_decision=make_decision(p.dossier, by), motivation="Weigert."
    ),
    "end_follow_up": lambda p, by: services.end_follow_up(
        procedure=p, by=by, team_decision=make_decision(p.dossier, by), note="Hulp loopt."
    ),
    "ocj": lambda p, by: services.move_to_ocj(
        procedure=p, by=_lead(by), ocj="OCJ Antwerpen", reason="Geen VK-profiel."
    ),
}
TARGET = {
    "admissible": State.INVESTIGATION,
    "not_admissible": State.CLOSED,
    "not_necessary": State.CLOSED,
    "necessary": State.MANDATED_FOLLOW_UP,
    "parket": State.REFERRED_TO_PARKET,
    "end_follow_up": State.CLOSED,
    "ocj": State.CLOSED,
}
# Which step is allowed from which state (besides what TRANSITIONS says about targets).
ALLOWED = {
    State.RECEIVED: {"admissible", "not_admissible", "ocj"},
    State.INVESTIGATION: {"not_necessary", "necessary", "parket", "ocj"},
    State.MANDATED_FOLLOW_UP: {"parket", "end_follow_up", "ocj"},
    State.REFERRED_TO_PARKET: {"ocj"},
    State.CLOSED: set(),
}


def _lead(user: User) -> User:
    lead: User = UserFactory(centre=user.centre, roles=[Role.TEAM_LEAD])  # type: ignore[assignment]
    return lead


@pytest.mark.parametrize(("state", "step"), list(product(State.values, STEP)))
def test_every_step_is_allowed_or_refused_as_the_state_machine_says(
    procedure: Procedure, worker_a: User, state: str, step: str
) -> None:
    Procedure.objects.filter(pk=procedure.pk).update(state=state, outcome="ocj")
    procedure.refresh_from_db()
    before = ProcedureHistory.objects.count()
    if step in ALLOWED[State(state)]:
        assert TARGET[step] in TRANSITIONS[state]
        STEP[step](procedure, worker_a)
        procedure.refresh_from_db()
        assert procedure.state == TARGET[step]
        assert ProcedureHistory.objects.count() == before + 1
        assert AuditEntry.objects.filter(event="mano.procedure.state_changed").exists()
    else:
        with pytest.raises(services.ManoError):
            STEP[step](procedure, worker_a)
        procedure.refresh_from_db()
        assert procedure.state == state
        assert ProcedureHistory.objects.count() == before


def test_the_whole_road_to_the_jeugdparket_records_each_decision(
    procedure: Procedure, worker_a: User
) -> None:
    admit(procedure, worker_a)
    STEP["necessary"](procedure, worker_a)
    STEP["parket"](procedure, worker_a)
    procedure.refresh_from_db()
    assert procedure.decision == "necessary"  # the decision stays; the referral is added
    assert procedure.parket_referred_on == TODAY
    with pytest.raises(services.ManoError, match="Send the file"):
        services.close_after_parket(procedure=procedure, by=worker_a)
    rows = list(procedure.history.values_list("to_state", flat=True))
    assert rows == ["received", "investigation", "mandated_follow_up", "referred_to_parket"]
    assert procedure.history.exclude(team_decision=None).count() == 3


def test_a_missing_condition_must_be_justified_at_admissibility(
    dossier: Dossier, worker_a: User
) -> None:
    procedure = register(
        dossier,
        worker_a,
        referrer_kind="youth_help",
        conditions={"integrity_at_risk": True, "voluntary_help_exhausted": None},
    )
    assert len(procedure.missing_conditions()) == 3
    with pytest.raises(services.ManoError, match="Justify"):
        admit(procedure, worker_a)
    services.declare_admissible(
        procedure=procedure,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        justification="Teambeslissing en M-document volgen; de zorg is acuut.",
    )
    procedure.refresh_from_db()
    assert procedure.state == State.INVESTIGATION
    assert procedure.conditions_justification.startswith("Teambeslissing")


def test_not_necessary_only_when_agreed_with_the_referrer(
    procedure: Procedure, worker_a: User
) -> None:
    admit(procedure, worker_a)
    with pytest.raises(services.ManoError, match="referrer"):
        services.decide_not_necessary(
            procedure=procedure,
            by=worker_a,
            team_decision=make_decision(procedure.dossier, worker_a),
            motivation="x",
            agreed_with_referrer=False,
        )


def test_a_team_decision_carries_one_step_only(procedure: Procedure, worker_a: User) -> None:
    decision = make_decision(procedure.dossier, worker_a)
    services.declare_admissible(procedure=procedure, by=worker_a, team_decision=decision)
    with pytest.raises(services.ManoError, match="already used"):
        services.decide_necessary(
            procedure=procedure, by=worker_a, team_decision=decision, motivation="x"
        )
    with pytest.raises(services.ManoError, match="team decision"):
        services.decide_necessary(
            procedure=procedure, by=worker_a, team_decision=None, motivation="x"
        )


def test_one_procedure_in_progress_per_family(procedure: Procedure, worker_a: User) -> None:
    with pytest.raises(services.ManoError, match="already"):
        register(procedure.dossier, worker_a)


# The deadline ---------------------------------------------------------------------


def test_the_deadline_counts_65_working_days_across_the_spring_holidays(
    procedure: Procedure,
) -> None:
    # From Wednesday 1 April 2026: Easter Monday, 1 May, Ascension Day and Whit Monday
    # are not working days, so the 65th working day is Tuesday 7 July (97 days later).
    assert procedure.clock_started_on == date(2026, 4, 1)
    assert procedure.deadline == date(2026, 7, 7)
    assert services.time_left(procedure, date(2026, 7, 6)) == "1 working day left"
    assert services.time_left(procedure, date(2026, 7, 9)) == "2 working days late"
    assert services.is_overdue(procedure, date(2026, 7, 8))
    assert not services.is_overdue(procedure, date(2026, 7, 7))


def test_a_centre_can_count_from_admissibility_with_its_own_norm(
    dossier: Dossier, worker_a: User
) -> None:
    Centre.objects.filter(pk=dossier.centre_id).update(
        mano_clock_start="admissible", mano_deadline_working_days=60
    )
    procedure = register(dossier, worker_a)
    assert procedure.deadline is None
    admit(procedure, worker_a)
    procedure.refresh_from_db()
    assert procedure.clock_started_on == TODAY
    assert procedure.deadline_working_days == 60
    assert procedure.deadline == date(2026, 7, 6)  # 60 working days from 8 April


def test_the_on_time_share_counts_decided_procedures(procedure: Procedure, worker_a: User) -> None:
    admit(procedure, worker_a)
    STEP["necessary"](procedure, worker_a)
    procedure.refresh_from_db()
    for number, decided in enumerate((date(2026, 8, 1), None)):  # late; never decided
        Procedure.objects.create(
            centre=procedure.centre,
            reference=f"M-TEST-{number}",
            dossier=procedure.dossier,
            state="closed",
            outcome="not_admissible",
            received_on=date(2026, 4, 1),
            referrer_kind="youth_help",
            referrer_name="CLB",
            motivation_summary="Vastgelopen.",
            deadline=date(2026, 7, 7),
            decision_on=decided,
            registered_by=worker_a,
        )
    share = services.on_time_share(Procedure.objects.all())
    assert (share.decided, share.on_time, share.share) == (2, 1, 0.5)


# Moves ----------------------------------------------------------------------------


def test_a_move_to_another_centre_keeps_history_and_clock(
    procedure: Procedure, worker_a: User, team_lead_a: User, centre_b: Centre
) -> None:
    admit(procedure, worker_a)
    with pytest.raises(services.ManoError, match="team lead"):
        services.move_to_centre(
            procedure=procedure, by=worker_a, to_centre=centre_b, reason="Verhuisd."
        )
    old_dossier = procedure.dossier
    moved = services.move_to_centre(
        procedure=procedure, by=team_lead_a, to_centre=centre_b, reason="Gezin verhuisd."
    )
    assert moved.centre == centre_b
    assert moved.deadline == date(2026, 7, 7) and moved.clock_started_on == date(2026, 4, 1)
    assert moved.state == State.INVESTIGATION
    assert moved.history.count() == 3  # received, investigation, the move
    new_dossier = moved.dossier
    assert new_dossier.centre == centre_b and new_dossier.pk != old_dossier.pk
    names = sorted(new_dossier.members.values_list("person__first_name", flat=True))
    assert names == ["Bo", "Mila", "Sara"]
    assert not new_dossier.members.filter(person__centre=worker_a.centre).exists()
    # The sending centre no longer reaches the procedure; the receiving team lead does
    # and puts a team on it.
    url = reverse("mano:view-procedure", args=[moved.pk])
    assert client_for(worker_a).get(url).status_code == 404
    lead_b: User = UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD])  # type: ignore[assignment]
    worker_b: User = UserFactory(centre=centre_b, roles=[Role.CASE_WORKER])  # type: ignore[assignment]
    assert client_for(lead_b).get(url).status_code == 200
    assert client_for(worker_b).get(url).status_code == 404
    services.take_over(procedure=moved, by=lead_b, case_workers=[worker_b], of_record=worker_b)
    assert client_for(worker_b).get(url).status_code == 200


def test_a_move_to_another_centre_copies_an_age_estimate_with_the_family(
    procedure: Procedure, team_lead_a: User, centre_b: Centre
) -> None:
    mila = procedure.dossier.members.get(person__first_name="Mila").person
    Person.objects.filter(pk=mila.pk).update(birth_date=None, estimated_birth_year=2017)

    moved = services.move_to_centre(
        procedure=procedure, by=team_lead_a, to_centre=centre_b, reason="Gezin verhuisd."
    )

    copy = moved.dossier.members.get(person__first_name="Mila").person
    assert (copy.centre, copy.copied_from_id) == (centre_b, mila.pk)
    assert (copy.birth_date, copy.estimated_birth_year) == (None, 2017)


# Access ---------------------------------------------------------------------------


def _urls(procedure: Procedure) -> list[tuple[str, str]]:
    return [
        ("get", reverse("mano:view-procedure", args=[procedure.pk])),
        ("post", reverse("mano:take-step", args=[procedure.pk, "admissible"])),
        ("post", reverse("mano:close-after-parket", args=[procedure.pk])),
        ("post", reverse("mano:move", args=[procedure.pk])),
        ("post", reverse("mano:take-over", args=[procedure.pk])),
        ("get", reverse("mano:register-for-dossier", args=[procedure.dossier_id])),
    ]


@pytest.mark.parametrize("persona", ["colleague_a", "case_worker_a", "admin_a", "staff_b"])
def test_only_the_team_and_oversight_reach_a_procedure(
    procedure: Procedure, persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for method, url in _urls(procedure):
        assert getattr(client, method)(url).status_code == 404, url
    assert procedure.reference not in client.get(reverse("mano:overview")).content.decode()
    procedure.refresh_from_db()
    assert procedure.state == State.RECEIVED


def test_the_team_lead_and_director_see_it_with_oversight(
    procedure: Procedure, worker_a: User, team_lead_a: User
) -> None:
    director = UserFactory(centre=worker_a.centre, roles=[Role.DIRECTOR])
    for user in (worker_a, team_lead_a, director):
        response = client_for(user).get(reverse("mano:view-procedure", args=[procedure.pk]))
        assert response.status_code == 200
    purposes = list(
        AuditEntry.objects.filter(event="mano.procedure.viewed").values_list("purpose", flat=True)
    )
    assert purposes == ["assignment", "oversight", "oversight"]
    overview = client_for(team_lead_a).get(reverse("mano:overview")).content.decode()
    assert procedure.reference in overview
